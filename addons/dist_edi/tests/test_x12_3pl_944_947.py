# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command

from dist_core import message_states as ms

from .test_x12_3pl_940_945 import Edi3plCase


class TestX123pl944947(Edi3plCase):
    """Receipts (944) and stock adjustments (947) the 3PL of the main warehouse reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "Widget Works"})
        cls.stock = cls.warehouse.lot_stock_id
        cls.lot_42 = cls.env["stock.lot"].create(
            {"name": "LOT42", "product_id": cls.blue.id, "company_id": cls.company.id}
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.blue, cls.stock, 20, lot_id=cls.lot_42
        )

    def _on_hand(self, product, lot=None):
        return self.env["stock.quant"]._get_available_quantity(
            product, self.stock, lot_id=lot, strict=bool(lot)
        )

    def _receipt(self, origin=""):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "partner_id": self.vendor.id,
                "origin": origin,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom": product.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": self.warehouse.in_type_id.default_location_src_id.id,
                            "location_dest_id": self.stock.id,
                        }
                    )
                    for product, quantity in ((self.blue, 50), (self.red, 20))
                ],
            }
        )
        receipt.action_confirm()
        self.assertEqual(receipt.state, "assigned")
        return receipt

    # ----------------------------------------------------------------------------- 947

    def test_947_adjusts_stock_with_the_reason_visible(self):
        blue_before, red_before = self._on_hand(self.blue, self.lot_42), self._on_hand(self.red)
        _parent, (advice,) = self._route("947_3pl_adjustment.x12")
        self.assertEqual(advice.type_id.code, "x12.947")
        self.assertEqual(advice.state, ms.PROCESSED, advice.last_error_message)
        self.assertEqual((advice.res_model, advice.res_id), ("stock.warehouse", self.warehouse.id))
        self.assertEqual(self._on_hand(self.blue, self.lot_42), blue_before - 5)
        self.assertEqual(self._on_hand(self.red), red_before + 7)
        moves = self.env["stock.move"].search([("name", "=like", "947 ADJ01:%")], order="id")
        self.assertEqual(
            [(m.name, m.product_id, m.quantity, m.state) for m in moves],
            [
                ("947 ADJ01: AU Damaged in Facility", self.blue, 5, "done"),
                ("947 ADJ01: AA Physical Count", self.red, 7, "done"),
            ],
        )
        self.assertTrue(all(moves.mapped("is_inventory")))
        self.assertEqual(moves[0].location_id, self.stock, "a debit leaves the warehouse")
        self.assertEqual(moves[1].location_dest_id, self.stock, "a credit enters it")
        self.assertEqual(moves[0].move_line_ids.lot_id, self.lot_42)
        self.assertEqual(moves[0].move_line_ids.reference, "947 ADJ01: AU Damaged in Facility")

    def test_the_same_947_twice_adjusts_once(self):
        red_before = self._on_hand(self.red)
        _parent, (first,) = self._route("947_3pl_adjustment.x12")
        _parent, (resent,) = self._route(
            "947_3pl_adjustment.x12", **{"*531*": "*532*", "000000531": "000000532"}
        )
        self.assertEqual(resent.state, ms.DUPLICATE)
        self.assertEqual(resent.duplicate_of_id, first)
        self._replay(first)
        self.assertEqual(first.state, ms.PROCESSED)
        self.assertEqual(self._on_hand(self.red), red_before + 7)
        _parent, (changed,) = self._route(
            "947_3pl_adjustment.x12",
            **{"*531*": "*533*", "000000531": "000000533", "W19*AA*7*": "W19*AA*9*"},
        )
        self.assertEqual(changed.state, ms.ERROR_PERMANENT)
        self.assertEqual(
            changed.exception_ids.problem_key, f"947:again:{self.tpl_profile.id}:ADJ01"
        )
        self.assertEqual(self._on_hand(self.red), red_before + 7)

    def test_947_with_an_unknown_item_applies_nothing(self):
        blue_before = self._on_hand(self.blue, self.lot_42)
        _parent, (advice,) = self._route("947_3pl_adjustment.x12", **{"WID-RED": "WID-XXX"})
        self.assertEqual(advice.state, ms.ERROR_PERMANENT)
        self.assertEqual(advice.exception_ids.problem_key, "item:VN:WID-XXX")
        self.assertEqual(self._on_hand(self.blue, self.lot_42), blue_before)

    # ----------------------------------------------------------------------------- 944

    def test_944_receives_with_lots_and_backorders_what_did_not_arrive(self):
        receipt = self._receipt()
        _parent, (advice,) = self._route("944_3pl_receipt.x12", receipt)
        self.assertEqual(advice.type_id.code, "x12.944")
        self.assertEqual(advice.state, ms.PROCESSED, advice.last_error_message)
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            {(ml.product_id, ml.quantity, ml.lot_id.name or "") for ml in receipt.move_line_ids},
            {(self.blue, 50, "LOT50"), (self.red, 15, "")},
        )
        lot_50 = self.env["stock.lot"].search([("name", "=", "LOT50")])
        self.assertEqual(self._on_hand(self.blue, lot_50), 50)
        self.assertEqual(
            {m.product_id: m.product_uom_qty for m in receipt.backorder_ids.move_ids},
            {self.red: 5},
        )
        # The same receipt advice again receives nothing more.
        _parent, (resent,) = self._route(
            "944_3pl_receipt.x12", receipt, **{"*521*": "*522*", "000000521": "000000522"}
        )
        self.assertEqual(resent.state, ms.DUPLICATE)
        self.assertEqual(self._on_hand(self.blue, lot_50), 50)

    def test_944_finds_the_receipt_by_its_origin(self):
        receipt = self._receipt(origin="PO-7781")
        _parent, (advice,) = self._route("944_3pl_receipt.x12", **{"PICKREF": "PO-7781"})
        self.assertEqual(advice.state, ms.PROCESSED, advice.last_error_message)
        self.assertEqual(advice.res_id, receipt.id)
        self.assertEqual(receipt.state, "done")

    def test_944_for_no_receipt_keeps_the_payload(self):
        _parent, (advice,) = self._route("944_3pl_receipt.x12")
        self.assertEqual(advice.state, ms.ERROR_PERMANENT)
        self.assertEqual(advice.exception_ids.problem_key, "944:picking:PICKREF")
        self.assertIn(b"W17*F*20240113*RCPT01*PICKREF", advice._payload_bytes())
