# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import ValidationError

from .common import DistCommon


class TestPartnerProfile(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("profile-env", environment="production")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Profile Customer", "is_company": True}
        )
        cls.ship_to = cls.env["res.partner"].create(
            {"name": "Ship-to", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls.profile = cls._create_profile(cls.customer, cls.backend, code="PC")

    def test_environment_follows_the_backend_unless_overridden(self):
        self.assertEqual(self.profile.environment, "production")
        self.profile.environment_override = "test"
        self.assertEqual(self.profile.environment, "test")
        self.profile.environment_override = False
        self.backend.environment = "test"
        self.assertEqual(self.profile.environment, "test")

    def test_profile_found_from_a_delivery_contact(self):
        Profile = self.env["dist.partner.profile"]
        self.assertEqual(Profile._find(self.backend, self.ship_to), self.profile)
        self.assertEqual(Profile._find(self.backend, self.customer), self.profile)
        self.assertFalse(Profile._find(self._create_backend("profile-none"), self.customer))

    def test_name_is_searchable_by_name_and_code(self):
        Profile = self.env["dist.partner.profile"]
        self.assertEqual(self.profile.display_name, "Profile Customer (Backend profile-env)")
        self.assertEqual(Profile.name_search("PC", operator="=")[0][0], self.profile.id)
        found = Profile.name_search(self.profile.display_name, operator="=")
        self.assertEqual(found[0][0], self.profile.id)

    def test_item_qualifier_priority_is_validated(self):
        with self.assertRaises(ValidationError):
            self.profile.item_qualifier_priority = "UP;EN"

    def test_partner_form_lists_its_profiles(self):
        self.assertEqual(self.customer.dist_profile_count, 1)
        action = self.ship_to.action_open_dist_profiles()
        self.assertEqual(self.env["dist.partner.profile"].search(action["domain"]), self.profile)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
