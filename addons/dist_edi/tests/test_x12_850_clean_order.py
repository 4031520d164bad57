# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from dist_core import message_states as ms

from .common import Edi850Case


class TestX12850CleanOrder(Edi850Case):
    def test_clean_850_becomes_a_confirmed_order_with_its_lines(self):
        message = self._receive_850("850_clean.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        order = self._orders("PO-1001")
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.partner_shipping_id, self.dc)
        self.assertEqual(order.origin, "EDI 850 PO-1001")
        self.assertEqual(order.commitment_date, datetime(2024, 1, 15, 12, 0))
        self.assertEqual(order.dist_edi_message_id, message)
        self.assertEqual(order.dist_edi_carrier_partner_id, self.ups)
        self.assertEqual(len(order.dist_edi_content_hash), 64)
        self.assertEqual((message.res_model, message.res_id), ("sale.order", order.id))
        self.assertIn("confirmed", summary)

    def test_lines_carry_pack_size_quantities_and_po_prices(self):
        message = self._receive_850("850_clean.x12")
        self._process(message)
        lines = self._orders("PO-1001").order_line.filtered(lambda line: not line.display_type)
        self.assertEqual(lines.product_id, self.blue | self.green | self.red)
        # 2 CA of 12 (cross-reference pack size) are 24 units at 42.00 / 12.
        self.assertEqual(lines.mapped("product_uom_qty"), [10.0, 24.0, 5.0])
        self.assertEqual(lines.mapped("price_unit"), [9.25, 3.5, 20.0])
        self.assertEqual(lines.mapped("dist_edi_line_number"), ["1", "2", "3"])
        self.assertEqual(lines[1].dist_edi_unit, "CA")
        self.assertEqual(lines[1].dist_edi_quantity, 2.0)
        self.assertEqual(lines[1].dist_edi_unit_price, 42.0)

    def test_notes_dates_routing_and_allowances_are_kept(self):
        message = self._receive_850("850_clean.x12")
        self._process(message)
        order = self._orders("PO-1001")
        note = str(order.note)
        for text in (
            "DELIVER TO DOCK 4",
            "Requested delivery: 2024-01-15",
            "Requested ship: 2024-01-12",
            "REF DP: 038",
            "UPSN",
            "UPS Freight",
        ):
            self.assertIn(text, note)
        notes = order.order_line.filtered(lambda line: line.display_type == "line_note")
        self.assertEqual(notes.mapped("name"), ["GIFT WRAP", "Allowance C310: 15.00"])

    def test_message_and_order_are_on_the_po_thread(self):
        message = self._receive_850("850_clean.x12")
        self._process(message)
        order = self._orders("PO-1001")
        thread = message.thread_id
        self.assertEqual(thread.key, f"{self.customer.id}:PO-1001")
        links = thread.link_ids.filtered(lambda link: link.role == "sale_order")
        self.assertIn(order.id, links.mapped("res_id"))
