# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from unittest.mock import patch

from odoo import fields

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.errors import TransientError

from .common import DistCommon


class Flaky:
    """Replaces a handler: fails ``failures`` times with ``error``, then runs the real one."""

    def __init__(self, real, failures, error):
        self.real, self.failures, self.error, self.calls = real, failures, error, 0

    def handler(self):
        flaky = self

        def _dist_handle_contact(message):
            flaky.calls += 1
            if flaky.calls <= flaky.failures:
                raise flaky.error
            return flaky.real(message)

        return _dist_handle_contact


class TestMessageProcessing(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend(
            "proc", retry_max_attempts=3, retry_base_seconds=10, retry_max_seconds=600
        )
        cls.Message = cls.env["dist.message"]

    def _flaky(self, failures, error):
        handler_owner = type(self.Message)
        flaky = Flaky(handler_owner._dist_handle_contact, failures, error)
        return flaky, patch.object(handler_owner, "_dist_handle_contact", flaky.handler())

    def _seconds_until(self, moment):
        return (moment - fields.Datetime.now()).total_seconds()

    def test_receive_enqueues_one_processing_job(self):
        with trap_jobs() as trap:
            message = self.Message._receive(
                self.backend, "generic.contact", self._contact_payload("P-0")
            )
        trap.assert_jobs_count(1, only=message.process)
        self.assertEqual(trap.calls[0].properties["channel"], "root.dist.edi")
        trap.perform_enqueued_jobs()
        self.assertEqual(message.state, ms.PROCESSED)

    def test_clean_message_is_processed_and_linked(self):
        message = self._receive_contact(self.backend, ref="P-1")
        message.process()
        partner = self._partners("P-1")
        self.assertEqual(message.state, ms.PROCESSED)
        self.assertEqual((message.res_model, message.res_id), ("res.partner", partner.id))
        self.assertEqual(
            message.event_ids.sorted("id").mapped("to_state"),
            [ms.RECEIVED, ms.PARSED, ms.PROCESSED],
        )

    def test_transient_failures_retry_with_growing_delays_then_succeed(self):
        message = self._receive_contact(self.backend, ref="P-2")
        flaky, patcher = self._flaky(2, TransientError("partner API busy"))
        delays = []
        with patcher:
            for _attempt in range(2):
                with trap_jobs() as trap:
                    message.process()
                self.assertEqual(message.state, ms.ERROR_TRANSIENT)
                trap.assert_jobs_count(1, only=message.process)
                delays.append(trap.calls[0].properties["eta"].total_seconds())
            message.process()
        self.assertEqual(message.state, ms.PROCESSED)
        self.assertEqual(flaky.calls, 3)
        self.assertTrue(8 <= delays[0] <= 12, delays)
        self.assertTrue(16 <= delays[1] <= 24, delays)
        self.assertEqual(len(self._partners("P-2")), 1)
        self.assertFalse(message.exception_ids)

    def test_permanent_failure_opens_one_exception_and_never_retries(self):
        message = self._receive_contact(self.backend, ref="", name="No ref")
        with trap_jobs() as trap:
            message.process()
            message.process()  # a second run of the same job: nothing more happens
        trap.assert_jobs_count(0)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.last_error_class, "permanent")
        self.assertEqual(len(message.exception_ids), 1)
        self.assertEqual(message.exception_ids.category, "validation")
        self.assertEqual(message.exception_ids.state, "open")

    def test_exhausted_retries_become_dead_with_an_activity(self):
        message = self._receive_contact(self.backend, ref="P-3")
        _flaky, patcher = self._flaky(99, TransientError("SFTP server down"))
        with patcher, trap_jobs():
            for _attempt in range(3):
                message.process()
        self.assertEqual(message.state, ms.DEAD)
        self.assertEqual(message.attempts, 3)
        exception = message.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.severity, "high")
        self.assertTrue(exception.activity_ids, "managers must get an activity")
        self.assertFalse(self._partners("P-3"))

    def test_dead_message_replayed_after_fix_is_processed_once(self):
        message = self._receive_contact(self.backend, ref="P-4")
        _flaky, patcher = self._flaky(99, TransientError("down"))
        with patcher, trap_jobs():
            for _attempt in range(3):
                message.process()
        self.assertEqual(message.state, ms.DEAD)
        with trap_jobs() as trap:
            message.action_reprocess()
        trap.assert_jobs_count(1, only=message.process)
        trap.perform_enqueued_jobs()
        message.process()  # the job delivered twice: still one effect
        self.assertEqual(message.state, ms.PROCESSED)
        self.assertEqual(len(self._partners("P-4")), 1)
        self.assertEqual(message.exception_ids.state, "resolved")
        reasons = message.event_ids.mapped("reason")
        self.assertTrue(any(r and r.startswith("reprocess requested") for r in reasons))

    def test_rollback_mid_handler_leaves_no_effect_and_the_retry_does_it_once(self):
        """A worker dying mid-job is a rolled-back transaction: simulate it with a savepoint."""
        message = self._receive_contact(self.backend, ref="P-5")

        class Crash(BaseException):
            pass

        real = type(self.Message)._dist_handle_contact

        def crash_after_effect(msg):
            real(msg)
            raise Crash()

        crash = patch.object(type(self.Message), "_dist_handle_contact", crash_after_effect)
        with self.assertRaises(Crash), self.env.cr.savepoint(), crash:
            message.process()
        self.env.invalidate_all()
        self.assertEqual(message.state, ms.RECEIVED)
        self.assertFalse(self._partners("P-5"))
        message.process()
        message.process()
        self.assertEqual(message.state, ms.PROCESSED)
        self.assertEqual(len(self._partners("P-5")), 1)

    def test_same_business_key_in_two_messages_has_one_effect(self):
        first = self._receive_contact(self.backend, ref="P-6", name="Acme")
        second = self._receive_contact(self.backend, ref="P-6", name="Acme Stores Inc")
        first.process()
        second.process()
        partners = self._partners("P-6")
        self.assertEqual(len(partners), 1)
        self.assertEqual(partners.name, "Acme Stores Inc")

    def test_messages_of_one_ordering_key_wait_for_earlier_ones(self):
        first = self._receive_contact(self.backend, ref="P-7", ordering_key="order-7")
        second = self._receive_contact(
            self.backend, ref="P-7", name="Later", ordering_key="order-7"
        )
        with trap_jobs() as trap:
            result = second.process()
        self.assertIn("waits", result)
        self.assertEqual(second.state, ms.RECEIVED)
        trap.assert_jobs_count(1, only=second.process)
        first.process()
        second.process()
        self.assertEqual(second.state, ms.PROCESSED)
        self.assertEqual(self._partners("P-7").name, "Later")

    def test_dry_run_reports_without_doing(self):
        message = self._receive_contact(self.backend, ref="P-8")
        outcome = message._dry_run()
        self.assertIn("would succeed", outcome)
        self.assertIn("created", outcome)
        self.assertFalse(self._partners("P-8"))
        self.assertEqual(message.state, ms.RECEIVED)
        self.assertEqual(len(message.event_ids), 1)

    def test_exception_replay_button_reprocesses_and_resolves(self):
        message = self._receive_contact(self.backend, ref="", name="No ref")
        message.process()
        exception = message.exception_ids
        # the fix: the partner corrects the payload; here we correct the stored data
        message.sudo().write({"payload_inline": base64.b64encode(self._contact_payload("P-9"))})
        with trap_jobs() as trap:
            exception.action_replay()
        self.assertEqual(exception.state, "in_progress")
        trap.perform_enqueued_jobs()
        self.assertEqual(message.state, ms.PROCESSED)
        self.assertEqual(exception.state, "resolved")
