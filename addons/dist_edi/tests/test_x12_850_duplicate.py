# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core import message_states as ms

from .common import Edi850Case


class TestX12850Duplicate(Edi850Case):
    def _resent(self, name, control):
        """The same file in a new envelope (new ISA13/GS06): what a partner's resend looks like."""
        text = self._sample(name).decode()
        text = text.replace("000000101", f"{control:09d}").replace("*101*X", f"*{control}*X")
        return text.replace("GE*1*101", f"GE*1*{control}").encode()

    def test_same_po_twice_is_a_duplicate_and_one_order(self):
        first = self._receive_850("850_clean.x12", key="first")
        self._process(first)
        second = self._receive_850(
            "850_clean.x12", key="second", payload=self._resent("850_clean.x12", 102)
        )
        summary = self._process(second)
        self.assertEqual(second.state, ms.DUPLICATE, summary)
        self.assertEqual(second.duplicate_of_id, first)
        self.assertEqual(len(self._orders("PO-1001")), 1)
        self.assertEqual(second.thread_id, first.thread_id)

    def test_same_po_with_changes_is_an_exception(self):
        first = self._receive_850("850_clean.x12", key="first")
        self._process(first)
        changed = self._receive_850("850_changed.x12", key="changed")
        self._process(changed)
        self.assertEqual(changed.state, ms.ERROR_PERMANENT)
        exception = changed.exception_ids
        self.assertEqual(exception.category, "duplicate")
        self.assertIn("duplicate PO PO-1001 with changes; expected an 860", exception.description)
        order = self._orders("PO-1001")
        self.assertEqual(len(order), 1)
        self.assertEqual(order.order_line[:1].product_uom_qty, 10.0)
