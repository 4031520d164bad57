# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core import message_states as ms

from .common_860 import Edi860Case


class TestX12860Cancel(Edi860Case):
    def test_cancel_cancels_the_order_and_its_delivery(self):
        picking = self.order.picking_ids
        message = self._receive_860("860_cancel.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertEqual(self.order.state, "cancel")
        self.assertEqual(picking.state, "cancel")
        self.assertEqual((message.res_model, message.res_id), ("sale.order", self.order.id))
        self.assertEqual(message.thread_id, self.message_850.thread_id)
        note = str(self._notes_860().body)
        self.assertIn("EDI 860 cancellation of PO PO-1001 (change sequence 7", note)
        self.assertIn("order cancelled (it was in state sale)", note)

    def test_cancel_after_shipment_is_an_exception_and_leaves_the_order(self):
        picking = self._ship_everything()
        message = self._receive_860("860_cancel.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.category, "business_rule")
        self.assertEqual(exception.problem_key, "860:shipped:PO-1001")
        self.assertIn(
            "860 change after shipment: PO PO-1001, sale order "
            f"{self.order.name}: it cannot be cancelled, shipped: line 1 ([ABC-1] Blue Widget)",
            exception.description,
        )
        self.assertIn(picking.name, exception.description)
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 5.0})
        self.assertFalse(self._notes_860())

    def test_cancel_replayed_cancels_once(self):
        message = self._receive_860("860_cancel.x12")
        self._process(message)
        summary = self._replay(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertIn("860 already applied to sale order", summary)
        self.assertEqual(self.order.state, "cancel")
        self.assertEqual(len(self._notes_860()), 1)

    def test_change_after_cancel_is_an_exception(self):
        self._process(self._receive_860("860_cancel.x12"))  # BCH05 7
        payload = self._sample("860_change_quantity.x12").replace(b"**1*2024", b"**8*2024")
        message = self._receive_860("860_change_quantity.x12", payload=payload)
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, "860:cancelled:PO-1001")
        self.assertEqual(self._line("1").product_uom_qty, 10.0)
