# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from psycopg2 import errors

from dist_core import message_states as ms
from dist_core.idempotency import checksum

from .common import DistCommon


class TestMessageReceive(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("rcv")

    def test_payload_is_stored_with_checksum_and_size(self):
        payload = self._contact_payload("R-1")
        message = self._receive_contact(self.backend, ref="R-1", filename="r1.json")
        self.assertEqual(message._payload_bytes(), payload)
        # A small payload lives in the message row: no attachment, no file in the filestore.
        self.assertEqual(base64.b64decode(message.payload_inline), payload)
        self.assertFalse(message.payload)
        self.assertFalse(self._payload_attachments(message))
        self.assertEqual(message.payload_sha256, checksum(payload))
        self.assertEqual(message.payload_size, len(payload))
        self.assertEqual(message.content_type, "application/json")
        self.assertEqual(message.company_id, self.backend.company_id)
        self.assertTrue(message.received_at)

    def test_large_payload_is_an_attachment_and_reads_back(self):
        payload = self._contact_payload("R-big", note="x" * (300 * 1024))
        message = self.env["dist.message"]._receive(
            self.backend, "generic.contact", payload, enqueue=False
        )
        self.assertFalse(message.payload_inline)
        self.assertEqual(len(self._payload_attachments(message)), 1)
        self.assertEqual(message._payload_bytes(), payload)
        self.assertEqual(message.payload_size, len(payload))
        self.assertEqual(message.event_ids.mapped("to_state"), ["received"])

    def test_receive_audits_the_first_state_with_its_reason_and_user(self):
        message = self._receive_contact(self.backend, ref="R-audit")
        event = message.event_ids
        self.assertEqual(len(event), 1)
        self.assertEqual((event.from_state, event.to_state), (False, "received"))
        self.assertEqual(event.reason, "received")
        self.assertEqual(event.user_id, self.env.user)
        self.assertEqual(event.company_id, self.backend.company_id)
        self.assertTrue(event.date)

    def _payload_attachments(self, message):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "dist.message"),
                    ("res_field", "=", "payload"),
                    ("res_id", "=", message.id),
                ]
            )
        )

    def test_duplicate_delivery_is_stored_once_as_original_plus_duplicate(self):
        first = self._receive_contact(self.backend, ref="R-2")
        second = self._receive_contact(self.backend, ref="R-2")
        self.assertNotEqual(first, second)
        self.assertEqual(first.state, ms.RECEIVED)
        self.assertEqual(second.state, ms.DUPLICATE)
        self.assertEqual(second.duplicate_of_id, first)
        self.assertEqual(second.event_ids.to_state, ms.DUPLICATE)
        first.process()
        second.process()
        self.assertEqual(len(self._partners("R-2")), 1)
        self.assertEqual(second.state, ms.DUPLICATE)

    def test_explicit_idempotency_key_wins_over_content(self):
        first = self._receive_contact(self.backend, ref="R-3", idempotency_key="post-77")
        other = self.env["dist.message"]._receive(
            self.backend,
            "generic.contact",
            self._contact_payload("R-3", "Changed name"),
            idempotency_key="post-77",
            enqueue=False,
        )
        self.assertEqual(other.duplicate_of_id, first)
        # Same key, other content: stored, never processed, and a person is told.
        exception = other.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.problem_key, "key-reused:post-77")
        self.assertEqual((exception.category, exception.severity), ("duplicate", "high"))
        self.assertIn("reused with different content", exception.description)
        self.assertFalse(first.exception_ids, "the original is fine")
        same = self._receive_contact(self.backend, ref="R-3", idempotency_key="post-77")
        self.assertFalse(same.exception_ids, "an identical redelivery is a plain duplicate")

    def test_same_key_on_another_backend_is_not_a_duplicate(self):
        other_backend = self._create_backend("rcv-2")
        first = self._receive_contact(self.backend, ref="R-4")
        second = self._receive_contact(other_backend, ref="R-4")
        self.assertEqual(second.state, ms.RECEIVED)
        self.assertNotEqual(first, second)

    def test_database_refuses_two_originals_with_one_key(self):
        message = self._receive_contact(self.backend, ref="R-5")
        with self.assertRaises(errors.UniqueViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO dist_message (direction, type_id, backend_id, company_id,"
                " idempotency_key, state) VALUES ('inbound', %s, %s, %s, %s, 'received')",
                (message.type_id.id, self.backend.id, self.company.id, message.idempotency_key),
                log_exceptions=False,
            )
