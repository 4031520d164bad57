# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
import shutil
import tempfile
from unittest.mock import patch

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.x12.reader import read
from dist_core.x12.validator import validate

from .common import Edi850Case, Route997Mixin, partner_997

GENERATOR = "odoo.addons.dist_edi.models.dist_message_x12_855"


def ack_997(group, set_control, control=301, ack="AK5*R*5~", verdict="R*1*1*0"):
    """A 997 from the partner (ACMERETAIL) to us (OURDIST) answering our group and set."""
    return partner_997(f"AK1*PR*{group}~AK2*855*{set_control}~{ack}AK9*{verdict}~", control)


class Edi855Case(Route997Mixin, Edi850Case):
    """The 850 partner with X12 ids on both sides, a local outbox and stock for the samples."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend.write({"x12_isa_id": "OURDIST", "transport": "local"})
        cls.profile.write(
            {"x12_isa_qualifier": "ZZ", "x12_isa_id": "ACMERETAIL", "x12_gs_id": "ACMERETAIL"}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        for product in cls.blue | cls.green | cls.red:
            product.is_storable = True
            cls._stock(product, 100)

    @classmethod
    def _stock(cls, product, quantity):
        """Set the on-hand quantity of ``product`` in the warehouse."""
        Quant = cls.env["stock.quant"]
        location = cls.warehouse.lot_stock_id
        on_hand = Quant._get_available_quantity(product, location)
        Quant._update_available_quantity(product, location, quantity - on_hand)

    def setUp(self):
        super().setUp()
        self.root = tempfile.mkdtemp(prefix="dist-855-")
        self.addCleanup(shutil.rmtree, self.root, True)
        for folder in ("in", "archive", "out"):
            os.mkdir(os.path.join(self.root, folder))
        self.backend.transport_root = self.root

    def _intake(self, name="850_clean.x12", po="PO-1001"):
        message = self._receive_850(name)
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        return self._orders(po)

    def _intake_with_added_line(self, **product_values):
        """PO-1001 taken in, then ``860_add_item.x12`` applied: line 4, 6 EA of a yellow widget
        (VN WID-YEL, in stock). Returns ``(order, yellow product)``."""
        yellow = self._create_product(
            "Yellow Widget", default_code="WID-YEL", list_price=7.5, **product_values
        )
        yellow.is_storable = True
        self._stock(yellow, 50)
        order = self._intake()
        change = self.env["dist.message"]._receive(
            self.backend,
            "x12.860",
            self._sample("860_add_item.x12"),
            idempotency_key="test:860-add",
            enqueue=False,
            partner_id=self.customer.id,
        )
        summary = self._process(change)
        self.assertEqual(change.state, ms.PROCESSED, summary)
        return order, yellow

    def _855(self, order):
        return self.env["dist.message"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("type_id.code", "=", "x12.855.out"),
            ]
        )

    def _send(self, message):
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.SENT, message.last_error_message)
        return message._payload_bytes()

    def _set(self, payload):
        """The one 855 set of ``payload``, after our validator found it clean."""
        results = list(validate(payload))
        self.assertTrue(all(result.accepted for result in results))
        document = read(payload)
        self.assertFalse(document.issues)
        self.assertEqual([s.set_id for s in document.sets], ["855"])
        return document.sets[0]

    @staticmethod
    def _tags(set_, tag):
        return [segment for segment in set_.body if segment.tag == tag]

    def _acks(self, set_):
        """``{PO101: [(ACK01, ACK02, ACK03), ...]}``."""
        acks, number = {}, None
        for segment in set_.body:
            if segment.tag == "PO1":
                number = segment[1]
            elif segment.tag == "ACK":
                acks.setdefault(number, []).append((segment[1], segment[2], segment[3]))
        return acks

    def _line(self, order, number):
        return order.order_line.filtered(lambda line: line.dist_edi_line_number == number)


class TestX12855Out(Edi855Case):
    def test_clean_order_is_acknowledged_line_by_line(self):
        order = self._intake()
        self.assertEqual(order.state, "sale")
        message = self._855(order)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.state, ms.PENDING)
        self.assertEqual(message.partner_id, self.customer)
        self.assertTrue(message.thread_id)
        self.assertEqual(message.thread_id, order.dist_edi_message_id.thread_id)
        set_ = self._set(self._send(message))
        header = set_.interchange
        self.assertEqual((header.sender_qualifier, header.sender_id), ("ZZ", "OURDIST"))
        self.assertEqual((header.receiver_qualifier, header.receiver_id), ("ZZ", "ACMERETAIL"))
        self.assertEqual(header.usage, "P")
        self.assertEqual(set_.group.functional_id, "PR")
        (bak,) = self._tags(set_, "BAK")
        self.assertEqual(bak.elements[:4], ("00", "AD", "PO-1001", "20240102"))
        self.assertEqual(bak[8], order.name)
        self.assertEqual(
            self._acks(set_),
            {"1": [("IA", "10", "EA")], "2": [("IA", "2", "CA")], "3": [("IA", "5", "EA")]},
        )
        po1 = self._tags(set_, "PO1")
        self.assertEqual(po1[1].elements[:7], ("2", "2", "CA", "42", "", "UP", "012345678912"))
        self.assertEqual(self._tags(set_, "N1")[0].elements[:4], ("ST", "ACME DC 42", "92", "0042"))
        self.assertEqual(self._tags(set_, "CTT")[0][1], "3")
        # The 997 finds it by GS06 and ST02; the file is in the partner's outbox.
        self.assertEqual(message.x12_group_control, str(int(set_.group.control_number)))
        self.assertEqual(message.x12_set_control, set_.control_number)
        self.assertIn(message.filename, os.listdir(os.path.join(self.root, "out")))

    def test_backordered_lines(self):
        self._stock(self.blue, 0)
        self._stock(self.red, 2)
        order = self._intake()
        set_ = self._set(self._send(self._855(order)))
        self.assertEqual(self._tags(set_, "BAK")[0][2], "AC")
        acks = self._acks(set_)
        self.assertEqual(acks["1"], [("IB", "10", "EA")])
        self.assertEqual(acks["2"], [("IA", "2", "CA")])
        self.assertEqual(acks["3"], [("IA", "2", "EA"), ("IB", "3", "EA")])

    def test_quantity_price_and_rejected_lines(self):
        order = self._intake()
        message = self._855(order)
        # Changed by a person after the confirmation, before the 855 is generated.
        self._line(order, "1").product_uom_qty = 6
        self._line(order, "2").product_uom_qty = 0
        self._line(order, "3").price_unit = 21.5
        set_ = self._set(self._send(message))
        self.assertEqual(self._tags(set_, "BAK")[0][2], "AC")
        self.assertEqual(
            self._acks(set_),
            {"1": [("IQ", "6", "EA")], "2": [("IR", "2", "CA")], "3": [("IP", "5", "EA")]},
        )
        po1 = self._tags(set_, "PO1")
        self.assertEqual((po1[0][2], po1[0][4]), ("10", "9.25"), "PO1 echoes the PO")
        self.assertEqual(po1[2][4], "21.5", "our new price")

    def test_substitution_at_intake_for_a_test_partner(self):
        self.profile.write({"ack_855_trigger": "intake", "environment_override": "test"})
        order = self._intake()
        self.assertEqual(order.state, "draft", "a test partner never confirms")
        message = self._855(order)
        self.assertEqual(len(message), 1, "queued at intake")
        substitute = self._create_product("Blue Widget XL", list_price=9.25)
        self._line(order, "1").product_id = substitute
        self._line(order, "1").price_unit = 9.25
        set_ = self._set(self._send(message))
        self.assertEqual(set_.interchange.usage, "T")
        self.assertEqual(self._acks(set_)["1"], [("IS", "10", "EA")])
        self.assertEqual(self._tags(set_, "BAK")[0][2], "AC")
        # Confirming later does not queue a second one.
        order.action_confirm()
        self.assertEqual(len(self._855(order)), 1)

    def test_one_855_per_order(self):
        order = self._intake()
        message = self._855(order)
        self.assertEqual(order._dist_edi_queue_855("confirm"), message)
        self.assertFalse(order._dist_edi_queue_855("intake"), "not this partner's trigger")
        self.assertEqual(len(self._855(order)), 1)

    def test_no_855_when_the_partner_wants_none(self):
        self.profile.ack_855_trigger = "never"
        order = self._intake()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._855(order))

    def test_control_numbers_come_from_the_ledger_and_a_regeneration_takes_new_ones(self):
        order = self._intake()
        message = self._855(order)
        first = self._set(self._send(message))
        Ledger = self.env["dist.edi.control.number"]

        def last(kind):
            row = Ledger.search([("profile_id", "=", self.profile.id), ("kind", "=", kind)])
            return row.last_value

        self.assertEqual(int(first.interchange.control_number), last("isa"))
        self.assertEqual(int(first.group.control_number), last("gs"))
        self.assertEqual(int(first.control_number), last("st"))
        with trap_jobs():
            message.action_regenerate()
        second = self._set(self._send(message))
        for before, after in (
            (first.interchange.control_number, second.interchange.control_number),
            (first.group.control_number, second.group.control_number),
            (first.control_number, second.control_number),
        ):
            self.assertGreater(int(after), int(before))
        self.assertEqual(int(second.control_number), last("st"))
        self.assertEqual(message.x12_group_control, str(int(second.group.control_number)))
        self.assertEqual(message.x12_set_control, second.control_number)
        # A resend as-is keeps the numbers.
        with trap_jobs():
            message.action_resend()
        third = self._set(self._send(message))
        self.assertEqual(third.control_number, second.control_number)

    def test_997_rejecting_our_855_marks_it_rejected(self):
        order = self._intake()
        message = self._855(order)
        self._send(message)
        text = ack_997(
            message.x12_group_control,
            message.x12_set_control,
            ack="AK3*BAK*2**8~AK4*4*373*8*20241345~AK5*R*5~",
        )
        self._route_997(text)
        self.assertEqual(message.state, ms.REJECTED)
        self.assertTrue(message.acknowledged_at)
        exception = message.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.severity, "high")
        self.assertIn("invalid date", exception.description)

    def test_an_invalid_855_is_blocked_not_sent(self):
        order = self._intake()
        message = self._855(order)

        def no_bak(ack, options):
            return []

        with patch(f"{GENERATOR}.ack_to_855", no_bak), trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertFalse(message.payload_sha256)
        self.assertEqual(message.exception_ids.problem_key, "855:invalid")
        self.assertIn("not valid X12", message.exception_ids.description)
        self.assertFalse(os.listdir(os.path.join(self.root, "out")))
