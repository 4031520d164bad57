# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.dist_integration_base.tests.common import DistCommon
from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .common import Route997Mixin
from .test_x12_routing import _isa


def _ack_interchange(body, control=201):
    sets = f"ST*997*0001~{body}SE*{body.count('~') + 2}*0001~"
    return (
        _isa("ACMERETAIL", control)
        + f"GS*FA*ACMERETAIL*DISTCO*20261127*1200*{control}*X*004010~"
        + sets
        + f"GE*1*{control}~IEA*1*{str(control).zfill(9)}~"
    )


class TestX12AckIn(Route997Mixin, DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("edi-ack-in", x12_isa_id="DISTCO")
        cls.customer = cls.env["res.partner"].create({"name": "Acme Retail", "is_company": True})
        cls._create_profile(
            cls.customer, cls.backend, x12_isa_qualifier="ZZ", x12_isa_id="ACMERETAIL"
        )

    def _sent_document(self, group, set_control, ref):
        """An outbound document as the 855/856/810 generators will leave it: sent, numbered."""
        record = self.env["res.partner"].create({"name": ref, "ref": ref})
        message = self.env["dist.message"]._create_outbound(
            self.backend, "generic.contact.export", record, idempotency_key=ref, enqueue=False
        )
        self.env.flush_all()  # the pending ORM writes of _create_outbound first
        self.env.cr.execute(
            "UPDATE dist_message SET state = 'sent', partner_id = %s, x12_group_control = %s,"
            " x12_set_control = %s WHERE id = %s",
            (self.customer.id, group, set_control, message.id),
        )
        message.invalidate_recordset()
        return message

    def test_accepted_and_rejected_documents(self):
        good = self._sent_document("1001", "0001", "ACK-1")
        bad = self._sent_document("1001", "0002", "ACK-2")
        other = self._sent_document("1002", "0001", "ACK-3")
        body = (
            "AK1*PR*1001~AK2*855*0001~AK5*A~AK2*855*0002~AK3*BAK*2**8~"
            "AK4*4*373*8*20241345~AK5*R*5~AK9*P*2*2*1~"
        )
        child = self._route_997(_ack_interchange(body))
        self.assertEqual(good.state, ms.ACCEPTED, child.event_ids.mapped("reason"))
        self.assertTrue(good.acknowledged_at)
        self.assertEqual(bad.state, ms.REJECTED)
        self.assertEqual(other.state, ms.SENT, "another group is not concerned")
        exception = bad.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.severity, "high")
        self.assertIn("invalid date", exception.description)
        self.assertIn("segment BAK at position 2", exception.description)
        self.assertIn("1 accepted, 1 rejected", child.event_ids.sorted("id")[-1].reason)

    def test_group_rejected_as_a_whole(self):
        first = self._sent_document("1003", "0001", "ACK-4")
        second = self._sent_document("1003", "0002", "ACK-5")
        self._route_997(_ack_interchange("AK1*PR*1003~AK9*R*2*2*0*5~", control=202))
        self.assertEqual((first + second).mapped("state"), [ms.REJECTED, ms.REJECTED])
        self.assertIn("number of included transaction sets", first.exception_ids.description)

    def test_unknown_document_is_counted_not_failed(self):
        child = self._route_997(
            _ack_interchange("AK1*PR*9999~AK2*855*0001~AK5*A~AK9*A*1*1*1~", control=203)
        )
        self.assertIn("1 unknown", child.event_ids.sorted("id")[-1].reason)

    def test_an_acknowledgment_is_not_acknowledged(self):
        parent = self.env["dist.message"]._receive(
            self.backend,
            "x12.interchange",
            _ack_interchange("AK1*PR*9998~AK9*A*0*0*0~", control=204).encode(),
            enqueue=False,
        )
        with trap_jobs():
            parent.process()
        self.assertEqual(parent.state, ms.PROCESSED)
        self.assertEqual(parent.child_ids.type_id.mapped("code"), ["x12.997"], "the 997 is routed")
        acks = self.env["dist.message"].search(
            [("type_id.code", "=", "x12.997.out"), ("res_id", "=", parent.id)]
        )
        self.assertFalse(acks, "no 997 answers a 997")
