# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core import message_states as ms

from .common import Edi850Case

UNKNOWN_UPC = "099999999990"


class TestX12850UnknownItem(Edi850Case):
    def test_unknown_item_holds_the_order_without_creating_anything(self):
        message = self._receive_850("850_unknown_item.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.category, "mapping_missing")
        self.assertEqual(exception.problem_key, f"item:UP:{UNKNOWN_UPC}")
        self.assertIn(UNKNOWN_UPC, exception.description)
        self.assertFalse(self._orders("PO-2001"))

    def test_replay_after_the_fix_creates_the_order_and_resolves_the_exception(self):
        message = self._receive_850("850_unknown_item.x12")
        self._process(message)
        exception = message.exception_ids
        self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="UP",
            value=UNKNOWN_UPC,
            product_id=self.red.id,
        )
        summary = self._replay(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertEqual(exception.state, "resolved")
        order = self._orders("PO-2001")
        self.assertEqual(len(order), 1)
        lines = order.order_line.filtered(lambda line: not line.display_type)
        self.assertEqual(lines.product_id, self.blue | self.green | self.red)
        self.assertEqual(lines.mapped("product_uom_qty"), [10.0, 24.0, 5.0])
