# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import Form

from dist_core.errors import Category, ErrorClass, Failure

from ..models.dist_exception_mapping import parse_mapping_key
from .common import DistCommon


class TestExceptionMapping(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("map-it")
        cls.customer = cls.env["res.partner"].create({"name": "Map Retail", "is_company": True})
        cls.profile = cls._create_profile(cls.customer, cls.backend)
        cls.message = cls.env["dist.message"]._receive(
            cls.backend,
            "generic.contact",
            cls._contact_payload("M-1"),
            enqueue=False,
            partner_id=cls.customer.id,
        )

    def _exception(self, key, category=Category.MAPPING_MISSING):
        failure = Failure(ErrorClass.PERMANENT, category, f"missing {key}")
        return self.env["dist.exception"]._report(self.message, failure, problem_key=key)

    def test_parse_mapping_key(self):
        self.assertEqual(
            parse_mapping_key("item:UP:012345678905"),
            ("dist.xref.product", {"qualifier": "UP", "value": "012345678905"}),
        )
        self.assertEqual(
            parse_mapping_key("item:VN:AB:12"),
            ("dist.xref.product", {"qualifier": "VN", "value": "AB:12"}),
        )
        self.assertEqual(parse_mapping_key("uom:CS"), ("dist.xref.uom", {"code": "CS"}))
        for key in ("item", "item:UP", "item::1", "price:1", "sender:ZZ:X", ""):
            self.assertIsNone(parse_mapping_key(key), key)

    def test_map_it_opens_the_cross_reference_filled_in(self):
        exception = self._exception("location:92:0042")
        self.assertTrue(exception.mapping_fixable)
        action = exception.action_map_problem()
        self.assertEqual(action["res_model"], "dist.xref.location")
        address = self.env["res.partner"].create(
            {"name": "DC 42", "type": "delivery", "parent_id": self.customer.id}
        )
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        form.address_id = address
        xref = form.save()
        self.assertEqual(
            (xref.profile_id, xref.qualifier, xref.value), (self.profile, "92", "0042")
        )

    def test_other_problems_are_not_mappable(self):
        price = self._exception("price:1", category=Category.PRICE_MISMATCH)
        self.assertFalse(price.mapping_fixable)
        with self.assertRaises(UserError):
            price.action_map_problem()
