# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core import message_states as ms

from .common import Edi850Case


class TestX12850UnknownShipTo(Edi850Case):
    def test_unknown_ship_to_is_an_exception_and_no_order(self):
        message = self._receive_850("850_unknown_ship_to.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.category, "mapping_missing")
        self.assertEqual(exception.problem_key, "location:92:0999")
        self.assertIn("ship-to not mapped", exception.description)
        self.assertFalse(self._orders("PO-3001"))

    def test_message_without_partner_or_known_sender_is_an_exception(self):
        message = self._receive_850("850_clean.x12", partner_id=False)
        self.env["dist.partner.profile"].search(
            [("backend_id", "=", self.backend.id)]
        ).active = False
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, "sender:ZZ:ACMERETAIL")
        self.assertFalse(self._orders("PO-1001"))
