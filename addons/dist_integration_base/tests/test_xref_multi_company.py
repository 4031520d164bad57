# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core.errors import MappingMissing

from .common import DistCommon


class TestXrefMultiCompany(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls._create_profile(code="MC-A")
        other_backend = cls._create_backend("mc-b", company_id=cls.other_company.id)
        cls.other_profile = cls._create_profile(backend=other_backend, code="MC-B")
        cls.ours = cls._create_product("Company A item")
        cls.theirs = cls._create_product("Company B item", company_id=cls.other_company.id)
        cls.shared = cls._create_product("Shared item")
        cls.row_a = cls._create_xref(
            "product",
            company_id=cls.company.id,
            qualifier="BP",
            value="MC-1",
            product_id=cls.ours.id,
        )
        cls.row_b = cls._create_xref(
            "product",
            company_id=cls.other_company.id,
            qualifier="BP",
            value="MC-1",
            product_id=cls.theirs.id,
        )
        cls.row_shared = cls._create_xref(
            "product", qualifier="BP", value="MC-2", product_id=cls.shared.id
        )
        cls.user = cls._create_user(
            "dist_xref_mc_user", "dist_integration_base.dist_integration_base_group_user"
        )

    def test_profile_rows_take_the_backend_company(self):
        self.assertEqual(self.other_profile.company_id, self.other_company)
        row = self._create_xref(
            "product",
            profile_id=self.other_profile.id,
            qualifier="BP",
            value="MC-3",
            product_id=self.theirs.id,
        )
        self.assertEqual(row.company_id, self.other_company)

    def test_resolver_only_sees_rows_and_products_of_its_company(self):
        resolver_a = self.env["dist.partner.profile"]._resolver(self.profile)
        resolver_b = self.env["dist.partner.profile"]._resolver(self.other_profile)
        self.assertEqual(resolver_a.product([("BP", "MC-1")]), self.ours)
        self.assertEqual(resolver_b.product([("BP", "MC-1")]), self.theirs)
        self.assertEqual(resolver_a.product([("BP", "MC-2")]), self.shared)
        self.assertEqual(resolver_b.product([("BP", "MC-2")]), self.shared)
        self.theirs.default_code = "MC-ONLY-B"
        with self.assertRaises(MappingMissing):
            resolver_a.product([("VN", "MC-ONLY-B")])

    def test_company_a_user_sees_nothing_of_company_b(self):
        rows = self.env["dist.xref.product"].with_user(self.user).search([])
        self.assertIn(self.row_a, rows)
        self.assertIn(self.row_shared, rows)
        self.assertNotIn(self.row_b, rows)
        profiles = self.env["dist.partner.profile"].with_user(self.user).search([])
        self.assertIn(self.profile, profiles)
        self.assertNotIn(self.other_profile, profiles)

    def test_user_reads_but_cannot_change_mappings(self):
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            self.row_a.with_user(self.user).write({"value": "MC-9"})
        with self.assertRaises(AccessError):
            self.env["dist.xref.uom"].with_user(self.user).create(
                {"code": "ZZ", "uom_id": self.env.ref("uom.product_uom_unit").id}
            )
