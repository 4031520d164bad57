# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Messages processed several per job: batches by type, new messages queued when a job ends."""

from unittest.mock import patch

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .common import DistCommon


class TestMessageBatches(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("batches")
        cls.Message = cls.env["dist.message"]
        cls.contact_type = cls.Message.type_id._by_code("generic.contact", ms.INBOUND)
        cls.export_type = cls.Message.type_id._by_code("generic.contact.export", ms.OUTBOUND)

    def _receive_many(self, count, prefix):
        messages = self.Message
        for index in range(count):
            messages |= self._receive_contact(self.backend, ref=f"{prefix}-{index}")
        return messages

    def _exporting_handler(self, fail_ref=None):
        """The contact handler, then an outbound export of the contact; ``fail_ref`` fails after
        its export was created (the savepoint must take the export with it)."""
        real = type(self.Message)._dist_handle_contact

        def _dist_handle_contact(message):
            summary = real(message)
            partner = self.env["res.partner"].browse(message.res_id)
            message._create_outbound(
                message.backend_id,
                "generic.contact.export",
                partner,
                idempotency_key=f"export:{partner.ref}",
            )
            if partner.ref == fail_ref:
                message._fail("refused after the export was queued", problem_key="test:late")
            return summary

        return patch.object(type(self.Message), "_dist_handle_contact", _dist_handle_contact)

    def _exports(self, prefix):
        return self.Message.search(
            [
                ("type_id", "=", self.export_type.id),
                ("idempotency_key", "=like", f"export:{prefix}%"),
            ]
        )

    def test_new_messages_are_queued_in_batches_of_their_types_size(self):
        self.contact_type.job_batch_size = 3
        messages = self._receive_many(7, "B")
        with trap_jobs() as trap:
            messages._delay_process(new=True)
        self.assertEqual(
            [call.method.__self__.ids for call in trap.calls],
            [messages.ids[0:3], messages.ids[3:6], messages.ids[6:7]],
        )
        self.assertEqual(
            trap.calls[0].properties["description"], f"Process 3 messages from {messages[0].name}"
        )
        self.assertFalse(any(call.properties["identity_key"] for call in trap.calls))
        trap.perform_enqueued_jobs()
        self.assertEqual(set(messages.mapped("state")), {ms.PROCESSED})
        self.assertEqual(len(self._partners("B-6")), 1)

    def test_a_batch_closes_before_its_payloads_exceed_the_types_size(self):
        self.contact_type.write({"job_batch_size": 10, "job_batch_kib": 1})
        messages = self.Message
        sizes = (("K-0", 300), ("K-1", 300), ("K-2", 600), ("K-3", 1500), ("K-4", 10))
        for ref, name_size in sizes:
            messages |= self._receive_contact(self.backend, ref=ref, name="N" * name_size)
        with trap_jobs() as trap:
            messages._delay_process(new=True)
        # 1 KiB: the first two fit together, the third would overflow, the fourth is alone above
        # the limit, the fifth starts a new batch after it.
        self.assertEqual(
            [call.method.__self__.ids for call in trap.calls],
            [messages.ids[0:2], messages.ids[2:3], messages.ids[3:4], messages.ids[4:5]],
        )

    def test_default_batch_size_is_one_message_per_job(self):
        messages = self._receive_many(2, "S")
        with trap_jobs() as trap:
            messages._delay_process(new=True)
        self.assertEqual(
            [call.method.__self__.ids for call in trap.calls], [[m.id] for m in messages]
        )

    def test_one_failing_message_does_not_stop_its_batch(self):
        self.contact_type.job_batch_size = 10
        good = self._receive_many(2, "G")
        bad = self.Message._receive(
            self.backend, "generic.contact", b'{"ref": "", "name": ""}', enqueue=False
        )
        with trap_jobs() as trap:
            (good[0] | bad | good[1])._delay_process(new=True)
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(good.mapped("state"), [ms.PROCESSED, ms.PROCESSED])
        self.assertEqual(bad.state, ms.ERROR_PERMANENT)
        self.assertEqual(bad.exception_ids.problem_key, "contact:fields")

    def test_messages_created_during_a_job_are_queued_together_when_it_ends(self):
        self.export_type.job_batch_size = 10
        messages = self._receive_many(3, "E")
        with self._exporting_handler(fail_ref="E-1"), trap_jobs() as trap:
            messages.process()
        exports = self._exports("E-")
        self.assertEqual(sorted(exports.mapped("idempotency_key")), ["export:E-0", "export:E-2"])
        # One job for both exports, queued after the batch; none for the export rolled back.
        self.assertEqual(
            [call.method.__self__.ids for call in trap.calls], [exports.sorted("id").ids]
        )
        self.assertEqual(messages.mapped("state"), [ms.PROCESSED, ms.ERROR_PERMANENT, ms.PROCESSED])

    def test_retries_are_queued_one_message_per_job(self):
        self.contact_type.job_batch_size = 10
        messages = self._receive_many(2, "R")
        messages.write({"attempts": 1})
        with trap_jobs() as trap:
            messages._delay_process()
        self.assertEqual(
            [call.method.__self__.ids for call in trap.calls], [[m.id] for m in messages]
        )
        self.assertEqual(
            trap.calls[0].properties["identity_key"],
            f"dist.message.process:{messages[0].id}:1:now",
        )
