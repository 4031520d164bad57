# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core import message_states as ms

from .common import Edi850Case


class TestX12850TestPartner(Edi850Case):
    def test_test_partner_gets_a_quotation(self):
        self.profile.environment_override = "test"
        message = self._receive_850("850_clean.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED)
        order = self._orders("PO-1001")
        self.assertEqual(order.state, "draft")
        self.assertIn("quotation", summary)

    def test_test_interchange_gets_a_quotation(self):
        payload = self._sample("850_clean.x12").replace(b"*0*P*>", b"*0*T*>")
        message = self._receive_850("850_clean.x12", payload=payload)
        self._process(message)
        self.assertEqual(self._orders("PO-1001").state, "draft")

    def test_auto_confirm_off_gets_a_quotation(self):
        message = self._receive_850("850_clean.x12")
        with self._policy(auto_confirm=False):
            summary = self._process(message)
        self.assertEqual(self._orders("PO-1001").state, "draft")
        self.assertIn("auto-confirm is off", summary)
