# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime
from itertools import count

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.gs1 import check_digit
from dist_core.x12.reader import read
from dist_core.x12.validator import validate

from .common import verdict_997
from .test_x12_855_out import Edi855Case

# The 3PL's SSCC-18 labels in the 945 samples (GS1 prefix 0812345, extension 0).
SSCC_1, SSCC_2, SSCC_3 = "008123450010000013", "008123450010000020", "008123450010000037"
# Each routed file is another delivery from the 3PL (its own message key).
FILES = count(1)


def ack_997_from_3pl(group, set_control, control=601, verdict="A"):
    """The 3PL's 997 for our 940 ``group``/``set_control``."""
    return verdict_997("OW", "940", group, set_control, control, verdict, sender="3PLEAST")


class Edi3plCase(Edi855Case):
    """The 850 partner's orders ship from a warehouse run by the 3PL "3PL East" (ISA
    ZZ/3PLEAST on the same EDI backend), which knows the green widget by its own SKU and ships
    the blue one by lot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tpl = cls.env["res.partner"].create({"name": "3PL East", "is_company": True})
        cls.tpl_profile = cls._create_profile(
            cls.tpl,
            cls.backend,
            code="3pl-east",
            x12_isa_qualifier="ZZ",
            x12_isa_id="3PLEAST",
            x12_gs_id="3PLEAST",
        )
        cls.warehouse.dist_3pl_profile_id = cls.tpl_profile
        cls._create_xref(
            "product",
            profile_id=cls.tpl_profile.id,
            qualifier="SK",
            value="3PL-GRN-01",
            product_id=cls.green.id,
        )
        cls.blue.tracking = "lot"

    # ----------------------------------------------------------------------------- helpers

    def _delivery(self, order):
        return order.picking_ids.filtered(lambda x: x.state not in ("done", "cancel"))

    def _messages(self, code, record):
        return self.env["dist.message"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("type_id.code", "=", code),
            ]
        )

    def _route(self, name, picking=None, payload=None, **replace):
        """Feed a sample interchange of the 3PL through the router (its 997 is queued) and
        process the sets it stores; returns ``(interchange message, set messages)``."""
        payload = payload or self._sample(name)
        if picking is not None:
            payload = payload.replace(b"PICKREF", picking.name.encode())
        for old, new in replace.items():
            payload = payload.replace(old.encode(), new.encode())
        parent = self.env["dist.message"]._receive(
            self.backend,
            "x12.interchange",
            payload,
            idempotency_key=f"test:{name}:{next(FILES)}",
            enqueue=False,
        )
        self._process(parent)
        self.assertEqual(parent.state, ms.PROCESSED, parent.last_error_message)
        children = self.env["dist.message"].search([("parent_id", "=", parent.id)], order="id")
        for child in children:
            self._process(child)
        return parent, children


class TestX123pl940945(Edi3plCase):
    def _940_set(self, payload):
        results = list(validate(payload))
        self.assertTrue(results)
        self.assertTrue(all(result.accepted for result in results))
        document = read(payload)
        self.assertFalse(document.issues)
        self.assertEqual([s.set_id for s in document.sets], ["940"])
        return document.sets[0]

    def _w01(self, set_):
        return [s.elements for s in set_.body if s.tag == "W01"]

    # ----------------------------------------------------------------------------- 940

    def test_ready_delivery_sends_a_valid_940_that_the_3pl_acknowledges(self):
        order = self._intake()
        picking = self._delivery(order)
        self.assertEqual(picking.state, "assigned")
        message = self._messages("x12.940.out", picking)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.idempotency_key, f"940:{picking.id}")
        self.assertEqual(message.partner_id, self.tpl, "addressed to the 3PL, whose 997 answers")
        self.assertEqual(message.thread_id, order.dist_edi_message_id.thread_id)
        with trap_jobs():
            picking.do_unreserve()
            picking.action_assign()
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(self._messages("x12.940.out", picking), message, "one 940 per picking")

        set_ = self._940_set(self._send(message))
        self.assertEqual(set_.group.functional_id, "OW")
        self.assertEqual(set_.interchange.receiver_id, "3PLEAST")
        w05 = next(s for s in set_.body if s.tag == "W05")
        self.assertEqual(w05.elements[:3], ("N", picking.name, "PO-1001"))
        ship_to = next(s for s in set_.body if s.tag == "N1" and s[1] == "ST")
        self.assertEqual(ship_to[2], picking.partner_id.display_name)
        w66 = next(s for s in set_.body if s.tag == "W66")
        self.assertEqual((w66[1], w66[2], w66[10]), ("PP", "M", "UPSN"))
        self.assertEqual(
            self._w01(set_),
            [
                ("10", "EA", "", "UP", "012345678905", "VN", "ABC-1"),
                ("24", "EA", "", "SK", "3PL-GRN-01"),
                ("5", "EA", "", "VN", "WID-RED"),
            ],
        )
        self.assertEqual(message.x12_group_control, str(int(set_.group.control_number)))
        self.assertEqual(message.x12_set_control, set_.control_number)

        ack = self.env["dist.message"]._receive(
            self.backend,
            "x12.interchange",
            ack_997_from_3pl(set_.group.control_number, set_.control_number).encode(),
            enqueue=False,
        )
        self._process(ack)
        for child in self.env["dist.message"].search([("parent_id", "=", ack.id)]):
            self._process(child)
        self.assertEqual(message.state, ms.ACCEPTED)

    def test_our_own_warehouse_sends_no_940(self):
        self.warehouse.dist_3pl_profile_id = False
        picking = self._delivery(self._intake())
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(self._messages("x12.940.out", picking))

    def test_product_the_3pl_cannot_know_blocks_the_940(self):
        self.green.default_code = False
        self.green.barcode = False
        self.env["dist.xref.product"].search([("value", "=", "3PL-GRN-01")]).unlink()
        picking = self._delivery(self._intake())
        message = self._messages("x12.940.out", picking)
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, f"3pl-item:{self.green.id}")
        self.assertEqual(message.exception_ids.category, "mapping_missing")

    def test_cancelled_delivery_cancels_the_940_the_3pl_has(self):
        picking = self._delivery(self._intake())
        order = self._messages("x12.940.out", picking)
        self._send(order)
        with trap_jobs():
            picking.action_cancel()
        self.assertEqual(picking.state, "cancel")
        cancel = self._messages("x12.940.out", picking) - order
        self.assertEqual(cancel.idempotency_key, f"940:{picking.id}:cancel")
        self.assertEqual(cancel.partner_id, self.tpl)
        set_ = self._940_set(self._send(cancel))
        w05 = next(s for s in set_.body if s.tag == "W05")
        self.assertEqual(w05.elements[:3], ("F", picking.name, "PO-1001"))
        self.assertEqual(len(self._w01(set_)), 3, "the cancel repeats the order's lines")
        self.assertEqual(order.state, ms.SENT)

    def test_delivery_cancelled_before_its_940_left_sends_nothing(self):
        picking = self._delivery(self._intake())
        order = self._messages("x12.940.out", picking)
        self.assertEqual(order.state, ms.PENDING)
        with trap_jobs():
            picking.action_cancel()
        self.assertEqual(order.state, ms.CANCELLED)
        self.assertEqual(self._messages("x12.940.out", picking), order)
        self.assertIn("nothing to do", order.process())

    # ----------------------------------------------------------------------------- 945

    def test_945_validates_the_delivery_with_lots_packages_and_tracking(self):
        order = self._intake()
        picking = self._delivery(order)
        parent, (advice,) = self._route("945_3pl_full.x12", picking)
        self.assertEqual(advice.type_id.code, "x12.945")
        self.assertEqual(advice.partner_id, self.tpl)
        self.assertEqual(advice.state, ms.PROCESSED, advice.last_error_message)
        self.assertEqual((advice.res_model, advice.res_id), ("stock.picking", picking.id))
        self.assertEqual(picking.state, "done")
        self.assertFalse(picking.backorder_ids)
        lines = {
            ml.product_id: (ml.quantity, ml.lot_id.name or "", ml.result_package_id.dist_sscc)
            for ml in picking.move_line_ids
        }
        self.assertEqual(
            lines,
            {
                self.blue: (10, "LOT42", SSCC_1),
                self.green: (24, "", SSCC_2),
                self.red: (5, "", SSCC_2),
            },
        )
        self.assertEqual(len(picking.move_line_ids.result_package_id), 2)
        self.assertIn("1Z999AA10123456784", picking.message_ids[:3].mapped("body")[0] or "")
        if "carrier_tracking_ref" in picking._fields:
            self.assertEqual(picking.carrier_tracking_ref, "1Z999AA10123456784")
        self.assertEqual(advice.thread_id, order.dist_edi_message_id.thread_id)
        ack = self._messages("x12.997.out", parent)
        self.assertEqual(len(ack), 1, "the 3PL gets its 997")
        self.assertIn(b"AK1*SW*501~", self._send(ack))
        # Validating the delivery of an EDI order sends its 856, with the 3PL's labels.
        ship_notice = self._messages("x12.856.out", picking)
        self.assertEqual(len(ship_notice), 1)
        text = self._send(ship_notice).decode()
        self.assertIn(f"MAN*GM*{SSCC_1}~", text)
        self.assertIn(f"MAN*GM*{SSCC_2}~", text)
        # Shipped when the 3PL says (W06 2024-01-10), not when its 945 was processed.
        self.assertEqual(picking.date_done, datetime(2024, 1, 10, 12, 0))
        self.assertIn("DTM*011*20240110~", text)
        self.assertIn("BSN*00*", text)
        self.assertEqual(text.split("BSN*00*")[1].split("*")[1], "20240110")
        for sscc in (SSCC_1, SSCC_2):
            self.assertEqual(sscc[-1], check_digit(sscc[:-1]))

    def test_short_945_validates_and_backorders_the_rest(self):
        order = self._intake()
        picking = self._delivery(order)
        _parent, (advice,) = self._route("945_3pl_short.x12", picking)
        self.assertEqual(advice.state, ms.PROCESSED, advice.last_error_message)
        self.assertEqual(picking.state, "done")
        done = {m.product_id: m.quantity for m in picking.move_ids}
        self.assertEqual(done, {self.blue: 10, self.green: 20, self.red: 3})
        backorder = picking.backorder_ids
        self.assertEqual(len(backorder), 1)
        self.assertIn(backorder.name, self._summary(advice))
        rest = {m.product_id: m.product_uom_qty for m in backorder.move_ids}
        self.assertEqual(rest, {self.green: 4, self.red: 2})
        self.assertEqual(len(self._messages("x12.856.out", picking)), 1)
        # The backorder is ready again (stock is there), so the 3PL gets its own 940.
        self.assertEqual(backorder.state, "assigned")
        self.assertEqual(len(self._messages("x12.940.out", backorder)), 1)

    def _summary(self, message):
        return " ".join(message.event_ids.mapped("reason"))

    def test_the_same_945_twice_validates_once(self):
        picking = self._delivery(self._intake())
        _parent, (first,) = self._route("945_3pl_full.x12", picking)
        self.assertEqual(picking.state, "done")
        moves_done = picking.move_ids.filtered(lambda m: m.state == "done")
        # The same interchange again: the router stores the set as a duplicate.
        _parent, (same,) = self._route("945_3pl_full.x12", picking, payload=None)
        self.assertEqual(same.state, ms.DUPLICATE)
        # The same advice resent in a new envelope: a business duplicate of the first.
        _parent, (resent,) = self._route(
            "945_3pl_full.x12", picking, **{"*501*": "*511*", "000000501": "000000511"}
        )
        self.assertNotEqual(resent.idempotency_key, first.idempotency_key)
        self.assertEqual(resent.state, ms.DUPLICATE)
        self.assertEqual(resent.duplicate_of_id, first)
        # A replay of the first advice finds its delivery done and changes nothing.
        self._replay(first)
        self.assertEqual(first.state, ms.PROCESSED)
        self.assertIn("nothing new", self._summary(first))
        self.assertEqual(picking.move_ids.filtered(lambda m: m.state == "done"), moves_done)
        self.assertFalse(picking.backorder_ids)
        self.assertEqual(len(self._messages("x12.856.out", picking)), 1)
        # Other content for the validated delivery is a problem for a person.
        _parent, (other,) = self._route(
            "945_3pl_full.x12",
            picking,
            **{"*501*": "*512*", "000000501": "000000512", "W12*CC*5*5**": "W12*CP*5*4*1*"},
        )
        self.assertEqual(other.state, ms.ERROR_PERMANENT)
        self.assertEqual(other.exception_ids.problem_key, f"945:again:{picking.id}")

    def test_945_for_an_unknown_delivery_keeps_the_payload(self):
        _parent, (advice,) = self._route("945_3pl_unknown.x12")
        self.assertEqual(advice.state, ms.ERROR_PERMANENT)
        self.assertEqual(advice.exception_ids.problem_key, "945:picking:WH/OUT/99999")
        self.assertIn("WH/OUT/99999", advice.exception_ids.name)
        self.assertIn(b"W06*F*WH/OUT/99999*", advice._payload_bytes())

    def test_over_shipment_applies_nothing(self):
        picking = self._delivery(self._intake())
        reserved = {ml.product_id: ml.quantity for ml in picking.move_line_ids}
        _parent, (advice,) = self._route("945_3pl_full.x12", picking, **{"*5*5**": "*5*7**"})
        self.assertEqual(advice.state, ms.ERROR_PERMANENT)
        self.assertEqual(advice.exception_ids.problem_key, f"945:over:{self.red.id}")
        self.assertEqual(picking.state, "assigned")
        self.assertEqual({ml.product_id: ml.quantity for ml in picking.move_line_ids}, reserved)
        self.assertFalse(self.env["stock.quant.package"].search([("dist_sscc", "=", SSCC_1)]))
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "LOT42")]))

    def test_unknown_item_applies_nothing(self):
        picking = self._delivery(self._intake())
        _parent, (advice,) = self._route("945_3pl_full.x12", picking, **{"WID-RED": "WID-XXX"})
        self.assertEqual(advice.state, ms.ERROR_PERMANENT)
        self.assertEqual(advice.exception_ids.category, "mapping_missing")
        self.assertEqual(advice.exception_ids.problem_key, "item:VN:WID-XXX")
        self.assertEqual(picking.state, "assigned")
