# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
from unittest.mock import patch

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .common import DistCommon

UPC = "036000291452"


def _dist_handle_contact(message):
    """A test handler standing in for an order line: resolves the item and the ship-to."""
    data = message._parse_json_object()
    resolver = message._xref_resolver()
    product = resolver.product([("VN", data["vendor_item"]), ("UP", data["upc"])])
    ship_to = resolver.location("92", data["store"])
    message._link_record(product)
    return f"{product.display_name} to {ship_to.display_name}"


class TestXrefMessageFlow(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Flow Retail", "is_company": True})
        cls.store = cls.env["res.partner"].create(
            {"name": "Flow Store 7", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls.profile = cls._create_profile(cls.customer, code="FLOW")
        cls.product = cls._create_product("Flow Item")
        cls._create_xref("location", profile_id=cls.profile.id, value="7", address_id=cls.store.id)

    def _receive(self):
        payload = json.dumps({"upc": UPC, "vendor_item": "FV-1", "store": "7"}).encode()
        return self.env["dist.message"]._receive(
            self.profile.backend_id,
            "generic.contact",
            payload,
            partner_id=self.customer.id,
            enqueue=False,
        )

    def test_missing_item_opens_one_exception_then_replay_after_the_fix_resolves_it(self):
        message = self._receive()
        owner = type(self.env["dist.message"])
        with patch.object(owner, "_dist_handle_contact", _dist_handle_contact), trap_jobs():
            message.process()
            self.assertEqual(message.state, ms.ERROR_PERMANENT)
            message.action_reprocess()
            message.process()  # still unmapped: the same exception, not a second one
            exception = message.exception_ids
            self.assertEqual(len(exception), 1)
            self.assertEqual(exception.category, "mapping_missing")
            self.assertEqual(exception.problem_key, f"item:UP:{UPC}")
            self.assertIn("FV-1", exception.description)
            self._create_xref(
                "product",
                profile_id=self.profile.id,
                qualifier="UP",
                value=UPC,
                product_id=self.product.id,
            )
            message.action_reprocess()
            message.process()
        self.assertEqual(message.state, ms.PROCESSED)
        self.assertEqual((message.res_model, message.res_id), ("product.product", self.product.id))
        self.assertEqual(exception.state, "resolved")

    def test_message_without_profile_uses_global_rows(self):
        message = self._receive()
        message.sudo().write({"partner_id": False})
        self.assertFalse(message._partner_profile())
        self._create_xref("product", qualifier="VN", value="FV-1", product_id=self.product.id)
        resolver = message._xref_resolver()
        self.assertEqual(resolver.product([("VN", "FV-1")]), self.product)
