# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import errors

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import DistCommon


class TestAuditTrail(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("audit")

    def setUp(self):
        super().setUp()
        self.message = self._receive_contact(self.backend, ref="A-1")
        self.message.process()
        self.event = self.message.event_ids[0]

    def test_events_cannot_be_written_by_anyone(self):
        admin = self.env.ref("base.user_admin")
        for events in (self.event, self.event.sudo(), self.event.with_user(admin)):
            with self.assertRaises(AccessError):
                events.write({"reason": "rewritten history"})

    def test_events_cannot_be_deleted_by_anyone(self):
        admin = self.env.ref("base.user_admin")
        for events in (self.event, self.event.sudo(), self.event.with_user(admin)):
            with self.assertRaises(AccessError):
                events.unlink()

    def test_events_cannot_be_created_outside_the_state_machine(self):
        with self.assertRaises(AccessError):
            self.env["dist.message.event"].sudo().create(
                {"message_id": self.message.id, "to_state": "processed"}
            )

    @mute_logger("odoo.sql_db")
    def test_database_refuses_update_and_delete(self):
        for statement in (
            "UPDATE dist_message_event SET reason = 'x' WHERE id = %s",
            "DELETE FROM dist_message_event WHERE id = %s",
        ):
            with self.assertRaises(errors.InsufficientPrivilege), self.env.cr.savepoint():
                self.env.cr.execute(statement, (self.event.id,))

    def test_event_records_user_and_reason(self):
        self.assertEqual(self.event.user_id, self.env.user)
        self.assertEqual(self.event.to_state, "processed")
        self.assertIn("created", self.event.reason)
