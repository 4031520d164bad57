# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from dist_core import message_states as ms

from .common import Edi850Case

# The clean sample's DC ship-to replaced by a consumer's address without a location code.
DROP_SHIP = "N1*ST*KATE HOLLOWAY~N3*488 ELM AVE*APT 2~N4*LIVERMORE*CA*94551*USA~"


class TestX12850DropShip(Edi850Case):
    def _drop_ship_850(self, po, ship_to=DROP_SHIP):
        text = self._sample("850_clean.x12").decode()
        text = text.replace("PO-1001", po)
        text = text.replace(
            "N1*ST*ACME DC 42*92*0042~\nN3*100 MAIN ST~\nN4*SPRINGFIELD*IL*62701*US~", ship_to
        )
        segments = text.count("~", text.index("ST*850"), text.index("GE*"))
        text = re.sub(r"SE\*\d+\*0001~", f"SE*{segments}*0001~", text)
        return self._receive_850(f"{po}.x12", key=po, payload=text.encode())

    def test_address_without_code_becomes_a_delivery_address(self):
        message = self._drop_ship_850("PO-DS-1")
        self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, message.last_error_message)
        order = self._orders("PO-DS-1")
        address = order.partner_shipping_id
        self.assertEqual(address.parent_id, self.customer)
        self.assertEqual(address.type, "delivery")
        self.assertEqual(
            (address.name, address.street, address.street2, address.city, address.zip),
            ("KATE HOLLOWAY", "488 ELM AVE", "APT 2", "LIVERMORE", "94551"),
        )
        self.assertEqual(address.country_id.code, "US")
        self.assertEqual(address.state_id.code, "CA")
        # The next order to the same consumer reuses the address.
        second = self._drop_ship_850("PO-DS-2")
        self._process(second)
        self.assertEqual(self._orders("PO-DS-2").partner_shipping_id, address)

    def test_hold_policy_and_address_less_ship_to_are_exceptions(self):
        self.profile.ship_to_without_code = "hold"
        message = self._drop_ship_850("PO-DS-3")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertIn("carries no location code", message.exception_ids.description)
        self.assertFalse(self._orders("PO-DS-3"))
        self.profile.ship_to_without_code = "create"
        bare = self._drop_ship_850("PO-DS-4", ship_to="N1*ST*SOMEWHERE~")
        self._process(bare)
        self.assertEqual(bare.state, ms.ERROR_PERMANENT)
        self.assertFalse(self._orders("PO-DS-4"))
