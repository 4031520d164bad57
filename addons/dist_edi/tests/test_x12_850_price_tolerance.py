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
