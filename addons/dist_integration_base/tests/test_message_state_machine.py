# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError

from dist_core import message_states as ms

from .common import DistCommon


class TestMessageStateMachine(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("sm")

    def _message(self, ref="SM-1"):
        return self._receive_contact(self.backend, ref=ref)

    def test_receive_records_first_event(self):
        message = self._message()
        self.assertEqual(message.state, ms.RECEIVED)
        self.assertEqual(message.event_ids.mapped("to_state"), [ms.RECEIVED])
        self.assertFalse(message.event_ids.from_state)

    def test_every_legal_inbound_transition_is_audited(self):
        for current, targets in ms.TRANSITIONS[ms.INBOUND].items():
            for target in targets:
                message = self._message(ref=f"{current}-{target}")
                self.env.cr.execute(
                    "UPDATE dist_message SET state = %s WHERE id = %s", (current, message.id)
                )
                message.invalidate_recordset()
                message._set_state(target, reason="test")
                self.assertEqual(message.state, target)
                event = message.event_ids[0]
                self.assertEqual((event.from_state, event.to_state), (current, target))
                self.assertEqual(event.reason, "test")

    def test_illegal_transitions_raise_and_leave_state(self):
        states = [code for code, _label in ms.STATES]
        message = self._message()
        for target in states:
            if target in ms.TRANSITIONS[ms.INBOUND][ms.RECEIVED]:
                continue
            with self.assertRaises(UserError):
                message._set_state(target)
            self.assertEqual(message.state, ms.RECEIVED)
        self.assertEqual(len(message.event_ids), 1)

    def test_plain_write_of_state_is_checked_too(self):
        message = self._message()
        with self.assertRaises(UserError):
            message.sudo().write({"state": ms.ACCEPTED})

    def test_messages_cannot_be_deleted(self):
        message = self._message()
        with self.assertRaises(UserError):
            message.sudo().unlink()
