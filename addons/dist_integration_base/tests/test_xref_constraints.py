# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger
from odoo.tools.sql import index_exists

from .common import DistCommon


class TestXrefConstraints(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls._create_profile(code="UNIQ")
        cls.product = cls._create_product("Unique Item")
        cls.carrier = cls.env["res.partner"].create({"name": "Unique Freight"})

    def _item(self, value, profile=None, qualifier="UP"):
        return self._create_xref(
            "product",
            profile_id=profile.id if profile else False,
            qualifier=qualifier,
            value=value,
            product_id=self.product.id,
        )

    def test_item_business_key_is_unique_per_profile_and_for_every_partner(self):
        self._item("012345678905")
        self._item("012345678905", self.profile)
        self._item("012345678905", qualifier="EN")
        with self.assertRaises(ValidationError):
            self._item("0012345678905")  # the same GTIN written as an EAN-13
        with self.assertRaises(ValidationError):
            self._item("012345678905", self.profile)

    def test_archived_rows_keep_their_key(self):
        self._item("036000291452").active = False
        with self.assertRaises(ValidationError):
            self._item("036000291452")

    def test_other_tables_are_unique_on_their_keys(self):
        unit = self.env.ref("uom.product_uom_unit")
        self._create_xref("uom", profile_id=self.profile.id, code="cs ", uom_id=unit.id)
        with self.assertRaises(ValidationError):
            self._create_xref("uom", profile_id=self.profile.id, code="CS", uom_id=unit.id)
        with self.assertRaises(ValidationError):
            self._create_xref("uom", code="EA", uom_id=unit.id)  # shipped as data
        self._create_xref("carrier", scac="UNIQ", carrier_partner_id=self.carrier.id)
        self._create_xref(
            "carrier", scac="UNIQ", service_level="ND", carrier_partner_id=self.carrier.id
        )
        with self.assertRaises(ValidationError):
            self._create_xref("carrier", scac="uniq", carrier_partner_id=self.carrier.id)

    def test_database_guards_the_keys_too(self):
        for table in (
            "dist_xref_product",
            "dist_xref_uom",
            "dist_xref_location",
            "dist_xref_carrier",
        ):
            self.assertTrue(index_exists(self.env.cr, f"{table}_business_key_unique"), table)

    def test_location_must_be_an_address_of_the_customer(self):
        stranger = self.env["res.partner"].create({"name": "Someone else"})
        with self.assertRaises(ValidationError):
            self._create_xref(
                "location", profile_id=self.profile.id, value="0042", address_id=stranger.id
            )
        store = self.env["res.partner"].create(
            {"name": "Store 42", "type": "delivery", "parent_id": self.profile.partner_id.id}
        )
        row = self._create_xref(
            "location", profile_id=self.profile.id, value=" 0042 ", address_id=store.id
        )
        self.assertEqual(row.value, "0042")
        self.assertEqual(row.company_id, self.profile.company_id)

    @mute_logger("odoo.sql_db")
    def test_one_profile_per_partner_and_backend(self):
        with self.assertRaises(IntegrityError):
            self._create_profile(self.profile.partner_id, self.profile.backend_id)
            self.env.flush_all()
