# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core.errors import Category, MappingMissing

from .common import DistCommon

UPC_A = "012345678905"  # GTIN-12; the same item as EAN-13 0012345678905
UNKNOWN_UPC = "036000291452"


class TestXrefProductResolution(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls._create_profile(code="RES")
        cls.cabinet = cls._create_product("Xref Cabinet", barcode="0012345678905")
        cls.desk = cls._create_product("Xref Desk", default_code="XR-DESK")
        cls.chair = cls._create_product("Xref Chair")
        cls.lamp = cls._create_product("Xref Lamp")

    def _resolver(self, profile=None):
        return self.env["dist.partner.profile"]._resolver(profile or self.profile)

    def test_refs_are_tried_in_the_profile_qualifier_priority(self):
        self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="BP",
            value="B-1",
            product_id=self.chair.id,
        )
        self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="SK",
            value="S-1",
            product_id=self.lamp.id,
        )
        refs = [("SK", "S-1"), ("BP", "B-1")]
        self.assertEqual(self._resolver().product(refs), self.chair)  # BP before SK by default
        self.profile.item_qualifier_priority = "SK,BP"
        self.assertEqual(self._resolver().product(refs), self.lamp)

    def test_profile_row_wins_over_global_row(self):
        self._create_xref("product", qualifier="IN", value="I-7", product_id=self.chair.id)
        self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="IN",
            value="I-7",
            product_id=self.lamp.id,
        )
        other = self._create_profile(code="OTHER")
        self.assertEqual(self._resolver().product([("IN", "I-7")]), self.lamp)
        self.assertEqual(self._resolver(other).product([("IN", "I-7")]), self.chair)

    def test_upc_matches_ean13_barcode_with_leading_zero(self):
        resolver = self._resolver()
        match = resolver.product_match([("UP", UPC_A)])
        self.assertEqual(match.product, self.cabinet)
        self.assertFalse(match.xref, "a barcode match has no cross-reference row")
        self.assertEqual(resolver.product([("UK", "0" + "0012345678905")]), self.cabinet)

    def test_explicit_gtin_rows_compare_as_gtin14(self):
        row = self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="UP",
            value=f" {UNKNOWN_UPC} ",
            product_id=self.lamp.id,
        )
        self.assertEqual(row.value, UNKNOWN_UPC)
        self.assertEqual(row.lookup_value, "00" + UNKNOWN_UPC)
        self.assertEqual(self._resolver().product([("UP", "0" + UNKNOWN_UPC)]), self.lamp)

    def test_vendor_item_matches_internal_reference_unless_disabled(self):
        self.assertEqual(self._resolver().product([("VN", "XR-DESK")]), self.desk)
        self.profile.match_product_default_code = False
        with self.assertRaises(MappingMissing):
            self._resolver().product([("VN", "XR-DESK")])
        self.profile.match_product_barcode = False
        with self.assertRaises(MappingMissing):
            self._resolver().product([("UP", UPC_A)])

    def test_miss_raises_mapping_missing_with_stable_problem_key(self):
        with self.assertRaises(MappingMissing) as caught:
            self._resolver().product([("VN", "NOPE-1"), ("UP", UNKNOWN_UPC)])
        error = caught.exception
        self.assertEqual(error.problem_key, f"item:UP:{UNKNOWN_UPC}")
        self.assertEqual(error.category, Category.MAPPING_MISSING)
        self.assertIn("NOPE-1", str(error))
        self.assertIn(self.profile.display_name, str(error))

    def test_shared_internal_reference_is_a_miss_that_says_why(self):
        self._create_product("Twin A", default_code="XR-TWIN")
        self._create_product("Twin B", default_code="XR-TWIN")
        with self.assertRaises(MappingMissing) as caught:
            self._resolver().product([("VN", "XR-TWIN")])
        self.assertIn("2 products share", str(caught.exception))
        self.assertEqual(caught.exception.problem_key, "item:VN:XR-TWIN")

    def test_archived_rows_are_ignored(self):
        row = self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="BP",
            value="B-9",
            product_id=self.chair.id,
        )
        row.active = False
        with self.assertRaises(MappingMissing):
            self._resolver().product([("BP", "B-9")])
