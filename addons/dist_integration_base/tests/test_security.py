# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError

from .common import DistCommon


class TestSecurity(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("sec")
        cls.other_backend = cls._create_backend("sec-b", company_id=cls.other_company.id)
        cls.user = cls._create_user(
            "dist_sec_user", "dist_integration_base.dist_integration_base_group_user"
        )

    def test_user_cannot_change_configuration(self):
        with self.assertRaises(AccessError):
            self.backend.with_user(self.user).write({"retry_max_attempts": 9})
        with self.assertRaises(AccessError):
            self.env["dist.backend"].with_user(self.user).create({"name": "x", "code": "x"})

    def test_user_cannot_read_tracebacks(self):
        message = self._receive_contact(self.backend, ref="", name="broken")
        message.process()
        self.assertTrue(message.last_error_traceback)
        with self.assertRaises(AccessError):
            message.with_user(self.user).read(["last_error_traceback"])

    def test_user_cannot_replay(self):
        message = self._receive_contact(self.backend, ref="", name="broken")
        message.process()
        with self.assertRaises(AccessError):
            message.with_user(self.user).check_access("write")

    def test_company_a_user_sees_nothing_of_company_b(self):
        ours = self._receive_contact(self.backend, ref="S-1")
        theirs = self._receive_contact(self.other_backend, ref="S-2", name="Other")
        ours.process()
        theirs.process()
        Message = self.env["dist.message"].with_user(self.user)
        visible = Message.search([])
        self.assertIn(ours, visible)
        self.assertNotIn(theirs, visible)
        events = self.env["dist.message.event"].with_user(self.user).search([])
        self.assertFalse(events & theirs.event_ids)
        self.assertTrue(ours.event_ids <= events)
