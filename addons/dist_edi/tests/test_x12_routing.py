# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
import shutil
import tempfile

from odoo.addons.dist_integration_base.tests.common import DistCommon
from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms


def _isa(sender, control, usage="P"):
    return (
        f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{sender.ljust(15)}*ZZ*{'DISTCO'.ljust(15)}"
        f"*261127*1200*U*00401*{str(control).zfill(9)}*0*{usage}*>~"
    )


def _po(control, number, upc, segment_count=None):
    body = [
        f"ST*850*{control}",
        f"BEG*00*SA*{number}**20261127",
        "N1*ST*ACME DC 42*92*0042",
        f"PO1*1*10*EA*2.50**UP*{upc}",
        "CTT*1",
    ]
    return "~".join(body) + f"~SE*{segment_count or len(body) + 1}*{control}~"


def interchange(sender="ACMERETAIL", control=101, sets=None):
    sets = sets or [_po("0001", "PO-1001", "012345678905"), _po("0002", "PO-1002", "012345678912")]
    return (
        _isa(sender, control)
        + f"GS*PO*{sender}*DISTCO*20261127*1200*{control}*X*004010~"
        + "".join(sets)
        + f"GE*{len(sets)}*{control}~IEA*1*{str(control).zfill(9)}~"
    )


class TestX12Routing(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("edi-routing", transport="local", x12_isa_id="DISTCO")
        cls.customer = cls.env["res.partner"].create({"name": "Acme Retail", "is_company": True})
        cls.profile = cls._create_profile(
            cls.customer, cls.backend, x12_isa_qualifier="ZZ", x12_isa_id="ACMERETAIL"
        )
        Type = cls.env["dist.message.type"]
        if not Type.search([("code", "=", "x12.850")]):
            Type.create(
                {"name": "850", "code": "x12.850", "direction": "inbound", "handler": "x12_850"}
            )

    def setUp(self):
        super().setUp()
        self.root = tempfile.mkdtemp(prefix="dist-edi-")
        self.addCleanup(shutil.rmtree, self.root, True)
        for folder in ("in", "archive", "out"):
            os.mkdir(os.path.join(self.root, folder))
        self.backend.transport_root = self.root

    def _receive(self, text, **kwargs):
        return self.env["dist.message"]._receive(
            self.backend, "x12.interchange", text.encode(), enqueue=False, **kwargs
        )

    def _children(self, parent):
        return self.env["dist.message"].search([("parent_id", "=", parent.id)], order="id")

    def _acks(self, parent):
        return self.env["dist.message"].search(
            [("res_model", "=", "dist.message"), ("res_id", "=", parent.id)]
        )

    def test_interchange_is_split_per_set_and_acknowledged(self):
        parent = self._receive(interchange(), filename="po.x12")
        with trap_jobs():
            parent.process()
        self.assertEqual(parent.state, ms.PROCESSED)
        self.assertEqual(parent.partner_id, self.customer)
        children = self._children(parent)
        self.assertEqual([child.type_id.code for child in children], ["x12.850", "x12.850"])
        self.assertEqual(set(children.mapped("partner_id")), {self.customer})
        self.assertEqual(children[0].idempotency_key, "ZZ/ACMERETAIL:101:0001")
        single = children[0]._payload_bytes().decode()
        self.assertIn("BEG*00*SA*PO-1001", single)
        self.assertNotIn("PO-1002", single)
        self.assertIn("GE*1*101~", single)
        ack = self._acks(parent)
        self.assertEqual(ack.type_id.code, "x12.997.out")
        self.assertEqual(ack.state, ms.PENDING)
        ack.process()
        self.assertEqual(ack.state, ms.SENT)
        text = ack._payload_bytes().decode()
        self.assertIn("AK1*PO*101~", text)
        self.assertIn("AK9*A*2*2*2~", text)
        self.assertIn("*000000001*", text)
        self.assertEqual(os.listdir(os.path.join(self.root, "out")).count(ack.filename), 1)

    def test_rejected_set_gets_an_exception_and_a_997_rejection(self):
        sets = [_po("0001", "PO-1", "012345678905"), _po("0002", "PO-2", "012345678912", 9)]
        parent = self._receive(interchange(control=102, sets=sets))
        with trap_jobs():
            parent.process()
        self.assertEqual(len(self._children(parent)), 1)
        self.assertEqual(len(parent.exception_ids), 1)
        self.assertIn("SE_COUNT", parent.exception_ids.name)
        ack = self._acks(parent)
        ack.process()
        text = ack._payload_bytes().decode()
        self.assertIn("AK5*R*4~", text)
        self.assertIn("AK9*P*2*2*1~", text)

    def test_unknown_sender_is_held_with_the_payload(self):
        parent = self._receive(interchange(sender="STRANGER", control=103))
        with trap_jobs():
            parent.process()
        self.assertEqual(parent.state, ms.ERROR_PERMANENT)
        self.assertEqual(parent.exception_ids.category, "mapping_missing")
        self.assertEqual(parent.exception_ids.problem_key, "sender:ZZ:STRANGER")
        self.assertTrue(parent.payload_size)
        self.assertFalse(self._children(parent))

    def test_the_same_sets_in_another_file_are_duplicates(self):
        first = self._receive(interchange(control=104), filename="a.x12")
        second = self._receive(interchange(control=104) + "\n", filename="b.x12")
        with trap_jobs():
            first.process()
            second.process()
        self.assertEqual(second.state, ms.PROCESSED)
        self.assertEqual(set(self._children(second).mapped("state")), {ms.DUPLICATE})
        self.assertEqual(self._children(second).mapped("duplicate_of_id"), self._children(first))

    def test_not_x12_is_a_permanent_error(self):
        parent = self._receive("hello, this is not EDI")
        with trap_jobs():
            parent.process()
        self.assertEqual(parent.state, ms.ERROR_PERMANENT)
        self.assertIn("not an X12", parent.last_error_message)

    def test_control_numbers_increase_and_are_never_reused(self):
        Ledger = self.env["dist.edi.control.number"]
        numbers = [Ledger._next(self.profile, "isa") for _i in range(3)]
        self.assertEqual(numbers, sorted(set(numbers)))
        self.assertEqual(Ledger._next(self.profile, "gs"), 1)
        row = Ledger.search([("profile_id", "=", self.profile.id), ("kind", "=", "isa")])
        self.assertEqual(row.last_value, numbers[-1])
