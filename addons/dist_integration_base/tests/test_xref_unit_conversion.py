# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core.errors import MappingMissing

from .common import DistCommon


class TestXrefUnitConversion(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls._create_profile(code="UOM")
        cls.box = cls._create_product("Conversion Box")
        cls.flour = cls._create_product(
            "Conversion Flour",
            uom_id=cls.env.ref("uom.product_uom_kgm").id,
            uom_po_id=cls.env.ref("uom.product_uom_kgm").id,
        )
        cls._create_xref(
            "product",
            profile_id=cls.profile.id,
            qualifier="IN",
            value="BOX-12",
            product_id=cls.box.id,
            uom_code="ca",
            pack_size=12,
        )

    def setUp(self):
        super().setUp()
        self.resolver = self.env["dist.partner.profile"]._resolver(self.profile)

    def test_cases_of_twelve_become_units(self):
        match = self.resolver.product_match([("IN", "BOX-12")])
        self.assertEqual(match.xref.uom_code, "CA")
        quantity = self.resolver.convert_quantity(match.product, 2, "CA", xref=match.xref)
        self.assertEqual(quantity, 24)

    def test_pack_size_of_the_line_wins_over_the_cross_reference(self):
        match = self.resolver.product_match([("IN", "BOX-12")])
        self.assertEqual(self.resolver.convert_quantity(self.box, 3, "CA", 6, match.xref), 18)

    def test_mapped_units_convert_through_odoo_units(self):
        self.assertEqual(self.resolver.convert_quantity(self.box, 5, "EA"), 5)
        self.assertEqual(self.resolver.convert_quantity(self.box, 2, "dz"), 24)
        # EA is a unit of the product's own category: the pack size does not apply to it.
        match = self.resolver.product_match([("IN", "BOX-12")])
        self.assertEqual(self.resolver.convert_quantity(self.box, 5, "EA", xref=match.xref), 5)
        self.assertAlmostEqual(self.resolver.convert_quantity(self.flour, 10, "LB"), 4.54, 2)

    def test_profile_unit_overrides_the_global_one(self):
        case = self.env["uom.uom"].create(
            {
                "name": "Case of 6",
                "category_id": self.env.ref("uom.product_uom_categ_unit").id,
                "uom_type": "bigger",
                "factor_inv": 6,
            }
        )
        self._create_xref("uom", profile_id=self.profile.id, code="EA", uom_id=case.id)
        resolver = self.env["dist.partner.profile"]._resolver(self.profile)
        self.assertEqual(resolver.uom("EA"), case)
        self.assertEqual(resolver.convert_quantity(self.box, 2, "EA"), 12)
        global_resolver = self.env["dist.partner.profile"]._resolver()
        self.assertEqual(global_resolver.uom("EA"), self.env.ref("uom.product_uom_unit"))

    def test_unmapped_unit_without_pack_size_is_a_missing_mapping(self):
        with self.assertRaises(MappingMissing) as caught:
            self.resolver.convert_quantity(self.box, 2, "BX")
        self.assertEqual(caught.exception.problem_key, "uom:BX")
        with self.assertRaises(MappingMissing) as caught:
            self.resolver.uom("BX")
        self.assertEqual(caught.exception.problem_key, "uom:BX")
