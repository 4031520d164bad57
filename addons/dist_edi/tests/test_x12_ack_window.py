# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields

from odoo.addons.dist_integration_base.tests.common import DistCommon
from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .test_x12_ack_in import _ack_interchange


class TestX12AckWindow(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("edi-ack-window", x12_isa_id="DISTCO")
        cls.customer = cls.env["res.partner"].create({"name": "Acme Retail", "is_company": True})
        cls.profile = cls._create_profile(
            cls.customer,
            cls.backend,
            x12_isa_qualifier="ZZ",
            x12_isa_id="ACMERETAIL",
            x12_ack_window_hours=24,
        )

    def _sent_document(self, group, set_control, hours_ago):
        """An X12 document we sent ``hours_ago`` hours ago, numbered, still waiting for a 997."""
        ref = f"WIN-{group}-{set_control}"
        record = self.env["res.partner"].create({"name": ref, "ref": ref})
        message = self.env["dist.message"]._create_outbound(
            self.backend, "generic.contact.export", record, idempotency_key=ref, enqueue=False
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dist_message SET state = 'sent', partner_id = %s, x12_group_control = %s,"
            " x12_set_control = %s, sent_at = %s WHERE id = %s",
            (
                self.customer.id,
                group,
                set_control,
                fields.Datetime.now() - timedelta(hours=hours_ago),
                message.id,
            ),
        )
        message.invalidate_recordset()
        return message

    def _late(self, message):
        return message.exception_ids.filtered(lambda e: e.problem_key.startswith("ack-late:"))

    def test_a_document_without_997_in_the_window_is_flagged_once(self):
        late = self._sent_document("2001", "0001", hours_ago=30)
        recent = self._sent_document("2001", "0002", hours_ago=2)
        self.assertEqual(self.env["dist.message"]._cron_x12_flag_late_acks(), 1)
        exception = self._late(late)
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.problem_key, "ack-late:2001:0001")
        self.assertEqual(exception.category, "sla_breach")
        self.assertEqual(exception.state, "open")
        self.assertIn("no 997", exception.description)
        self.assertIn("within 24 h", exception.description)
        self.assertFalse(self._late(recent))
        # The next run finds it already open: no second exception, no new count.
        self.assertEqual(self.env["dist.message"]._cron_x12_flag_late_acks(), 0)
        self.assertEqual(len(self._late(late)), 1)
        self.assertEqual(self._late(late).occurrences, 1)

    def test_the_window_is_per_partner_and_zero_disables_it(self):
        late = self._sent_document("2002", "0001", hours_ago=30)
        self.profile.x12_ack_window_hours = 48
        self.env["dist.message"]._cron_x12_flag_late_acks()
        self.assertFalse(self._late(late))
        self.profile.x12_ack_window_hours = 0
        self.env["dist.message"]._cron_x12_flag_late_acks()
        self.assertFalse(self._late(late))
        self.profile.x12_ack_window_hours = 12
        self.env["dist.message"]._cron_x12_flag_late_acks()
        self.assertTrue(self._late(late))

    def test_acknowledged_documents_are_not_flagged_and_a_late_997_resolves_the_flag(self):
        late = self._sent_document("2003", "0001", hours_ago=30)
        self.env["dist.message"]._cron_x12_flag_late_acks()
        exception = self._late(late)
        self.assertEqual(exception.state, "open")
        parent = self.env["dist.message"]._receive(
            self.backend,
            "x12.interchange",
            _ack_interchange("AK1*PR*2003~AK2*855*0001~AK5*A~AK9*A*1*1*1~", 211).encode(),
            enqueue=False,
        )
        with trap_jobs():
            parent.process()
            child = self.env["dist.message"].search([("parent_id", "=", parent.id)])
            child.process()
        self.assertEqual(late.state, ms.ACCEPTED)
        self.assertEqual(exception.state, "resolved")
        self.assertIn(child.name, exception.resolution_note)
        self.assertEqual(self.env["dist.message"]._cron_x12_flag_late_acks(), 0)
