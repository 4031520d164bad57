# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core.errors import MappingMissing

from .common import DistCommon


class TestXrefLocationCarrier(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls._create_profile(code="LOC")
        cls.store = cls.env["res.partner"].create(
            {"name": "Store 0042", "type": "delivery", "parent_id": cls.profile.partner_id.id}
        )
        cls.dc = cls.env["res.partner"].create(
            {"name": "DC 7", "type": "delivery", "parent_id": cls.profile.partner_id.id}
        )
        cls._create_xref(
            "location", profile_id=cls.profile.id, value="0042", address_id=cls.store.id
        )
        cls._create_xref(
            "location",
            profile_id=cls.profile.id,
            qualifier="UL",
            value="0614141000012",
            address_id=cls.dc.id,
        )
        cls.freight = cls.env["res.partner"].create({"name": "Test Freight"})
        cls.express = cls.env["res.partner"].create({"name": "Test Express"})
        cls.any_level = cls._create_xref("carrier", scac="tfrt", carrier_partner_id=cls.freight.id)
        cls.next_day = cls._create_xref(
            "carrier",
            profile_id=cls.profile.id,
            scac="TFRT",
            service_level="nd",
            carrier_partner_id=cls.express.id,
        )

    def setUp(self):
        super().setUp()
        self.resolver = self.env["dist.partner.profile"]._resolver(self.profile)

    def test_locations_resolve_by_qualifier_and_code(self):
        self.assertEqual(self.resolver.location("92", " 0042 "), self.store)
        self.assertEqual(self.resolver.location("ul", "0614141000012"), self.dc)
        with self.assertRaises(MappingMissing) as caught:
            self.resolver.location("92", "0043")
        self.assertEqual(caught.exception.problem_key, "location:92:0043")

    def test_carrier_exact_service_level_first_then_any_level(self):
        self.assertEqual(self.resolver.carrier("TFRT", "ND"), self.next_day)
        self.assertEqual(self.resolver.carrier("tfrt", "GROUND"), self.any_level)
        self.assertEqual(self.resolver.carrier("TFRT").carrier_partner_id, self.freight)
        with self.assertRaises(MappingMissing) as caught:
            self.resolver.carrier("NOPE")
        self.assertEqual(caught.exception.problem_key, "carrier:NOPE")
