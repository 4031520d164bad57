# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import os
import shutil
import tempfile
import time
from unittest.mock import patch

from odoo.exceptions import AccessError

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.transports.local import LocalTransport

from .common import DistCommon


class TestTransportLocal(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_type = cls.env.ref("dist_integration_base.dist_message_type_generic_contact")
        # Polling commits each file in a cursor of its own: in test mode that cursor is a
        # savepoint of the test transaction, so nothing reaches the database for real.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def setUp(self):
        super().setUp()
        self.root = tempfile.mkdtemp(prefix="dist-local-")
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        for folder in ("in", "archive", "out"):
            os.mkdir(os.path.join(self.root, folder))
        self.backend = self._create_backend(
            f"local-{os.path.basename(self.root)}",
            transport="local",
            transport_root=self.root,
            transport_min_age=30,
            inbound_type_id=self.contact_type.id,
        )

    def _drop(self, name, ref, age=120):
        path = os.path.join(self.root, "in", name)
        with open(path, "wb") as handle:
            handle.write(json.dumps({"ref": ref, "name": f"Contact {ref}"}).encode())
        then = time.time() - age
        os.utime(path, (then, then))
        return path

    def _messages(self):
        return self.env["dist.message"].search([("backend_id", "=", self.backend.id)])

    def test_poll_commits_then_archives(self):
        self._drop("a.json", "L-1")
        self._drop("b.json", "L-2")
        with trap_jobs() as trap:
            self.backend._poll_inbox()
        messages = self._messages()
        self.assertEqual(sorted(messages.mapped("filename")), ["a.json", "b.json"])
        self.assertEqual(set(messages.mapped("state")), {ms.RECEIVED})
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), [])
        self.assertEqual(len(os.listdir(os.path.join(self.root, "archive"))), 2)
        trap.assert_jobs_count(2)
        self.assertTrue(self.backend.last_poll_at)

    def test_young_files_wait_for_the_next_poll(self):
        self._drop("fresh.json", "L-3", age=0)
        with trap_jobs():
            self.backend._poll_inbox()
        self.assertFalse(self._messages())
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), ["fresh.json"])

    def test_crash_between_commit_and_archive_makes_no_second_message(self):
        self._drop("c.json", "L-4")
        with (
            trap_jobs(),
            patch.object(LocalTransport, "archive", side_effect=OSError("disk gone")),
        ):
            self.backend._poll_inbox()
        self.assertEqual(len(self._messages()), 1)
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), ["c.json"])
        with trap_jobs():
            self.backend._poll_inbox()
        self.assertEqual(len(self._messages()), 1, "the checkpoint must prevent a second message")
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), [])

    def test_same_name_with_new_content_is_a_new_message(self):
        self._drop("d.json", "L-5")
        with trap_jobs():
            self.backend._poll_inbox()
        self._drop("d.json", "L-6")
        with trap_jobs():
            self.backend._poll_inbox()
        messages = self._messages()
        self.assertEqual(len(messages), 2)
        self.assertEqual(set(messages.mapped("state")), {ms.RECEIVED})

    def test_cron_polls_due_backends_only(self):
        self._drop("e.json", "L-7")
        with trap_jobs():
            self.env["dist.backend"]._cron_poll_inboxes()
            self.assertEqual(len(self._messages()), 1)
            self._drop("f.json", "L-8")
            self.env["dist.backend"]._cron_poll_inboxes()  # polled a moment ago: not due
        self.assertEqual(len(self._messages()), 1)

    def test_outbound_is_created_once_and_appears_under_its_final_name(self):
        partner = self.env["res.partner"].create({"name": "Exported", "ref": "X-1"})
        Message = self.env["dist.message"]
        with trap_jobs() as trap:
            message = Message._create_outbound(
                self.backend, "generic.contact.export", partner, idempotency_key="export:X-1"
            )
            again = Message._create_outbound(
                self.backend, "generic.contact.export", partner, idempotency_key="export:X-1"
            )
        self.assertEqual(message, again)
        self.assertEqual(message.state, ms.PENDING)
        trap.assert_jobs_count(1)
        message.process()
        self.assertEqual(message.state, ms.SENT)
        files = os.listdir(os.path.join(self.root, "out"))
        self.assertEqual(files, [message.filename])
        with open(os.path.join(self.root, "out", message.filename), "rb") as handle:
            self.assertEqual(json.loads(handle.read())["ref"], "X-1")
        states = message.event_ids.sorted("id").mapped("to_state")
        self.assertEqual(states, [ms.PENDING, ms.GENERATED, ms.SENT])

    def test_resend_as_is_sends_the_same_payload(self):
        partner = self.env["res.partner"].create({"name": "Exported", "ref": "X-2"})
        message = self.env["dist.message"]._create_outbound(
            self.backend, "generic.contact.export", partner, idempotency_key="x2", enqueue=False
        )
        message.process()
        sha = message.payload_sha256
        os.remove(os.path.join(self.root, "out", message.filename))
        partner.name = "Renamed"
        with trap_jobs() as trap:
            message.action_resend()
        trap.perform_enqueued_jobs()
        self.assertEqual(message.state, ms.SENT)
        self.assertEqual(message.payload_sha256, sha)
        self.assertEqual(os.listdir(os.path.join(self.root, "out")), [message.filename])

    def test_unreachable_folder_is_a_failure_with_an_exception(self):
        self.backend.transport_root = os.path.join(self.root, "missing")
        partner = self.env["res.partner"].create({"name": "Exported", "ref": "X-3"})
        message = self.env["dist.message"]._create_outbound(
            self.backend, "generic.contact.export", partner, idempotency_key="x3", enqueue=False
        )
        with trap_jobs():
            message.process()
        self.assertIn(message.state, (ms.ERROR_PERMANENT, ms.ERROR_TRANSIENT))
        self.assertTrue(message.last_error_message)

    def test_test_connection_reports(self):
        result = self.backend.action_test_connection()
        self.assertEqual(result["params"]["type"], "success")
        self.backend.transport_root = os.path.join(self.root, "missing")
        self.assertEqual(self.backend.action_test_connection()["params"]["type"], "danger")

    def test_integration_user_cannot_read_credentials(self):
        self.backend.sudo().transport_password = "hunter2"
        user = self._create_user(
            "dist_cred_user", "dist_integration_base.dist_integration_base_group_user"
        )
        manager = self._create_user(
            "dist_cred_manager", "dist_integration_base.dist_integration_base_group_manager"
        )
        for person in (user, manager):
            with self.assertRaises(AccessError):
                self.backend.with_user(person).read(["transport_password"])
        self.assertEqual(self.backend.sudo()._secret("transport_password"), "hunter2")

    def test_failed_send_keeps_the_generated_payload_for_the_retry(self):
        partner = self.env["res.partner"].create({"name": "Exported", "ref": "X-4"})
        message = self.env["dist.message"]._create_outbound(
            self.backend, "generic.contact.export", partner, idempotency_key="x4", enqueue=False
        )
        offline = patch.object(LocalTransport, "upload", side_effect=TimeoutError("offline"))
        with offline, trap_jobs() as trap:
            message.process()
        self.assertEqual(message.state, ms.ERROR_TRANSIENT)
        sha = message.payload_sha256
        self.assertTrue(sha)
        trap.assert_jobs_count(1)
        partner.name = "Changed meanwhile"
        message.process()
        self.assertEqual(message.state, ms.SENT)
        self.assertEqual(message.payload_sha256, sha, "the retry sends the same document")
