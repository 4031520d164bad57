# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Every valid 850 of the shared corpus of real third-party X12 files becomes a sale order once
its trading partner, items, units, ship-to and carrier are set up (the setup is made from the
file's own ids). The corpus lives beside the repository (``../shared/x12-corpus``) and is never
copied into it; without it these tests are skipped with a reason the test command reports."""

from pathlib import Path

from odoo.addons.dist_integration_base.models.dist_xref_location import LOCATION_QUALIFIERS
from odoo.addons.dist_integration_base.models.dist_xref_product import ITEM_QUALIFIERS
from odoo.addons.dist_integration_base.tests.common import DistCommon
from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.x12.mappers import order_from_850
from dist_core.x12.reader import iter_sets
from dist_core.x12.validator import validate

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "x12-corpus"
ITEMS = {code for code, _label in ITEM_QUALIFIERS}
LOCATIONS = {code for code, _label in LOCATION_QUALIFIERS}


def accepted_850s(data):
    """The 850 sets of ``data`` our validator accepts, as the router stores them: the first of
    each (interchange, GS06, ST02)."""
    accepted = {
        (result.header.index, group.header.control_number, set_result.control_number)
        for result in validate(data)
        for group in result.groups
        for set_result in group.sets
        if set_result.set_id == "850" and not set_result.errors
    }
    seen, sets = set(), []
    for set_ in iter_sets(data):
        key = (set_.interchange.index, set_.group.control_number, set_.control_number)
        if set_.set_id == "850" and key in accepted and key not in seen:
            seen.add(key)
            sets.append(set_)
    return sets


def corpus_files():
    files = sorted(CORPUS.glob("*.edi")) if CORPUS.is_dir() else []
    return [path for path in files if accepted_850s(path.read_bytes())]


class TestX12CorpusOrders(DistCommon):
    def setUp(self):
        super().setUp()
        if not CORPUS.is_dir():
            self.skipTest(f"x12-corpus absent: {CORPUS} not found")

    def test_corpus_has_valid_850s(self):
        names = [path.name for path in corpus_files()]
        self.assertGreaterEqual(len(names), 6, names)

    def test_every_valid_850_becomes_a_sale_order(self):
        for index, path in enumerate(corpus_files()):
            with self.subTest(file=path.name):
                self._check_file(index, path)

    # ----------------------------------------------------------------------------- one file

    def _check_file(self, index, path):
        data = path.read_bytes()
        backend = self._create_backend(f"corpus-{index}", environment="production")
        expected = {}
        for set_ in accepted_850s(data):
            order = order_from_850(set_.segments, set_.delimiters)
            profile = self._setup_partner(backend, set_.interchange)
            lines = self._setup_order(profile, order)
            expected.setdefault((profile, order.po_number), (set_.interchange.usage, lines))
        parent = self.env["dist.message"]._receive(backend, "x12.interchange", data, enqueue=False)
        with trap_jobs():
            parent.process()
            for child in parent.child_ids.sorted("id"):
                child.process()
        self.assertEqual(parent.state, ms.PROCESSED, parent.last_error_message)
        for (profile, po), (usage, lines) in expected.items():
            sale = self.env["sale.order"].search(
                [("partner_id", "=", profile.partner_id.id), ("client_order_ref", "=", po)]
            )
            errors = parent.child_ids.mapped("last_error_message")
            self.assertEqual(len(sale), 1, f"{path.name} PO {po}: {errors}")
            self.assertEqual(sale.state, "sale" if usage == "P" else "draft")
            got = [
                (line.product_id, line.product_uom_qty)
                for line in sale.order_line.filtered(lambda r: not r.display_type)
            ]
            self.assertEqual(got, lines, f"{path.name} PO {po}")
        # Each distinct PO made one order; a repeated set or PO is a duplicate, nothing else.
        orders = parent.child_ids.filtered(lambda m: m.type_id.code == "x12.850")
        states = orders.mapped("state")
        self.assertEqual(states.count(ms.PROCESSED), len(expected), f"{path.name}: {states}")
        self.assertEqual(set(states) - {ms.PROCESSED, ms.DUPLICATE}, set(), path.name)
        self.assertFalse(
            parent.child_ids.exception_ids.filtered(lambda e: e.state == "open"),
            path.name,
        )

    # ----------------------------------------------------------------------------- setup

    def _setup_partner(self, backend, interchange):
        profiles = self.env["dist.partner.profile"]
        profile = profiles._find_x12_sender(
            backend, interchange.sender_qualifier, interchange.sender_id
        )
        if profile:
            return profile
        customer = self.env["res.partner"].create(
            {"name": f"Corpus {interchange.sender_id}", "is_company": True}
        )
        return self._create_profile(
            customer,
            backend,
            code=f"{backend.code}-{interchange.sender_qualifier}-{interchange.sender_id}",
            x12_isa_qualifier=interchange.sender_qualifier,
            x12_isa_id=interchange.sender_id,
            price_policy="accept",
        )

    def _setup_order(self, profile, order):
        """Cross-references for the order's items, units, ship-to and carrier; returns the
        expected (product, quantity) of its lines."""
        lines = []
        for line in order.lines:
            item = next((i for i in line.item.ids if i.qualifier in ITEMS and i.value), None)
            self.assertTrue(item, f"PO {order.po_number} line {line.line_number}: no item id")
            product = self._product(profile, item.qualifier, item.value)
            self._unit(profile, line.unit)
            lines.append((product, float(line.quantity)))
        party = order.ship_to
        if party and party.id_qualifier in LOCATIONS and party.id:
            self._location(profile, party)
        for routing in order.routings:
            if routing.carrier_code:
                self._carrier(profile, routing.carrier_code)
        return lines

    def _product(self, profile, qualifier, value):
        xrefs = self.env["dist.xref.product"]
        xref = xrefs.search(
            [("profile_id", "=", profile.id), ("qualifier", "=", qualifier), ("value", "=", value)]
        )
        if xref:
            return xref.product_id
        product = self._create_product(f"{qualifier} {value}", is_storable=True)
        self._create_xref(
            "product",
            profile_id=profile.id,
            qualifier=qualifier,
            value=value,
            product_id=product.id,
        )
        return product

    def _unit(self, profile, code):
        if not self.env["dist.xref.uom"].search(
            [("profile_id", "=", profile.id), ("code", "=", code.upper())]
        ):
            units = self.env.ref("uom.product_uom_unit")
            self._create_xref("uom", profile_id=profile.id, code=code, uom_id=units.id)

    def _location(self, profile, party):
        xrefs = self.env["dist.xref.location"]
        domain = [
            ("profile_id", "=", profile.id),
            ("qualifier", "=", party.id_qualifier),
            ("value", "=", party.id),
        ]
        if not xrefs.search(domain):
            address = self.env["res.partner"].create(
                {
                    "name": party.name or party.id,
                    "type": "delivery",
                    "parent_id": profile.partner_id.id,
                }
            )
            self._create_xref(
                "location",
                profile_id=profile.id,
                qualifier=party.id_qualifier,
                value=party.id,
                address_id=address.id,
            )

    def _carrier(self, profile, scac):
        xrefs = self.env["dist.xref.carrier"]
        if not xrefs.search([("profile_id", "=", profile.id), ("scac", "=", scac.upper())]):
            carrier = self.env["res.partner"].create({"name": f"Carrier {scac}"})
            self._create_xref(
                "carrier", profile_id=profile.id, scac=scac, carrier_partner_id=carrier.id
            )
