# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core import message_states as ms

from .common import Edi850Case


class TestX12850Replay(Edi850Case):
    def test_replay_of_a_processed_message_creates_no_second_order(self):
        message = self._receive_850("850_clean.x12")
        self._process(message)
        order = self._orders("PO-1001")
        summary = self._replay(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertIn("already created by this message", summary)
        self.assertEqual(self._orders("PO-1001"), order)
        self.assertEqual((message.res_model, message.res_id), ("sale.order", order.id))

    def test_job_run_twice_does_the_work_once(self):
        message = self._receive_850("850_clean.x12")
        self._process(message)
        summary = self._process(message)
        self.assertIn("nothing to do", summary)
        self.assertEqual(len(self._orders("PO-1001")), 1)
