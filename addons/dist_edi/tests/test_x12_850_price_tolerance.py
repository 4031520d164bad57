# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core import message_states as ms

from .common import Edi850Case


class TestX12850PriceTolerance(Edi850Case):
    def test_price_outside_tolerance_is_held(self):
        message = self._receive_850("850_price_high.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.category, "price_mismatch")
        self.assertEqual(exception.problem_key, "price:1")
        self.assertIn("12.00 against pricelist 9.25 (+29.7%)", exception.description)
        self.assertFalse(self._orders("PO-4001"))

    def test_price_outside_tolerance_is_accepted_per_policy(self):
        message = self._receive_850("850_price_high.x12")
        with self._policy(price_policy="accept"):
            summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        order = self._orders("PO-4001")
        line = order.order_line.filtered(lambda line: line.dist_edi_line_number == "1")
        self.assertEqual(line.price_unit, 12.0)
        self.assertIn("accepted per partner policy", str(order.note))

    def test_price_within_tolerance_keeps_the_po_price(self):
        message = self._receive_850("850_price_high.x12")
        with self._policy(price_tolerance_percent=30.0):
            self._process(message)
        self.assertEqual(message.state, ms.PROCESSED)
        order = self._orders("PO-4001")
        self.assertNotIn("accepted", str(order.note))
        line = order.order_line.filtered(lambda line: line.dist_edi_line_number == "1")
        self.assertEqual(line.price_unit, 12.0)

    def _blue_prices(self, *breaks):
        """Fixed prices of the blue widget (PO line 1: 10 EA at 12.00) from a minimum quantity."""
        self.env["product.pricelist.item"].create(
            [
                {
                    "pricelist_id": self.pricelist.id,
                    "applied_on": "0_product_variant",
                    "product_id": self.blue.id,
                    "compute_price": "fixed",
                    "min_quantity": minimum,
                    "fixed_price": price,
                }
                for minimum, price in breaks
            ]
        )

    def test_the_pricelist_break_for_the_line_quantity_is_the_expected_price(self):
        self._blue_prices((10, 12.0), (50, 8.0))
        expected = self.pricelist._get_product_price(self.blue, 10.0)
        self.assertEqual(expected, 12.0)
        message = self._receive_850("850_price_high.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertNotIn("accepted", str(self._orders("PO-4001").note))

    def test_a_break_above_the_line_quantity_does_not_apply(self):
        self._blue_prices((11, 12.0))
        message = self._receive_850("850_price_high.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertIn("12.00 against pricelist 9.25 (+29.7%)", message.exception_ids.description)
