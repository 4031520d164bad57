# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

from odoo.addons.dist_integration_base.tests.common import DistCommon
from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

DATA = Path(__file__).parent / "data"


def partner_997(body, control, sender="ACMERETAIL", receiver="OURDIST"):
    """A 997 interchange from a trading partner to us: ``body`` (AK1 to AK9) in one set."""
    isa = str(control).zfill(9)
    return (
        f"ISA*00*{' ' * 10}*00*{' ' * 10}*ZZ*{sender.ljust(15)}*ZZ*{receiver.ljust(15)}"
        f"*240103*1200*U*00401*{isa}*0*P*>~"
        f"GS*FA*{sender}*{receiver}*20240103*1200*{control}*X*004010~"
        f"ST*997*0001~{body}SE*{body.count('~') + 2}*0001~GE*1*{control}~IEA*1*{isa}~"
    )


def verdict_997(functional_id, set_id, group, set_control, control, verdict="A", **envelope):
    """The partner's 997 judging one of our sets: ``AK5``/``AK9`` ``verdict`` (A, R...)."""
    body = (
        f"AK1*{functional_id}*{group}~AK2*{set_id}*{set_control}~AK5*{verdict}~"
        f"AK9*{verdict}*1*1*{0 if verdict == 'R' else 1}~"
    )
    return partner_997(body, control, **envelope)


class Route997Mixin:
    """For cases with a ``backend``: a partner's 997 interchange received and processed."""

    def _route_997(self, text):
        """A partner's 997 interchange received, routed and processed: its 997 message."""
        parent = self.env["dist.message"]._receive(
            self.backend, "x12.interchange", text.encode(), enqueue=False
        )
        with trap_jobs():
            parent.process()
            child = self.env["dist.message"].search([("parent_id", "=", parent.id)])
            self.assertEqual(child.type_id.code, "x12.997")
            child.process()
        self.assertEqual(child.state, ms.PROCESSED, child.last_error_message)
        return child


class Edi850Case(DistCommon):
    """A production trading partner (ISA ZZ/ACMERETAIL) with a DC, three products, a carrier
    and the cross-references the sample 850s of ``tests/data`` need."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("edi-850", environment="production")
        cls.customer = cls.env["res.partner"].create({"name": "Acme Retail", "is_company": True})
        cls.dc = cls.env["res.partner"].create(
            {"name": "Acme DC 42", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Acme prices", "currency_id": cls.company.currency_id.id}
        )
        cls.customer.property_product_pricelist = cls.pricelist
        cls.profile = cls._create_edi_profile(cls.customer, cls.backend)
        cls.blue = cls._create_product(
            "Blue Widget", barcode="012345678905", default_code="ABC-1", list_price=9.25
        )
        cls.green = cls._create_product("Green Widget", list_price=3.50)
        cls.red = cls._create_product("Red Widget", default_code="WID-RED", list_price=20.0)
        cls._create_xref(
            "product",
            profile_id=cls.profile.id,
            qualifier="UP",
            value="012345678912",
            product_id=cls.green.id,
            uom_code="CA",
            pack_size=12,
        )
        cls._create_xref(
            "location",
            profile_id=cls.profile.id,
            qualifier="92",
            value="0042",
            address_id=cls.dc.id,
        )
        cls.ups = cls.env["res.partner"].create({"name": "UPS Freight"})
        cls._create_xref(
            "carrier", profile_id=cls.profile.id, scac="UPSN", carrier_partner_id=cls.ups.id
        )

    @classmethod
    def _create_edi_profile(cls, partner, backend, **values):
        """A partner profile for the sample files' sender (the router sets the message's
        partner from the ISA sender, so the tests give the partner)."""
        return cls._create_profile(
            partner, backend, **dict({"code": f"edi-{partner.id}"}, **values)
        )

    @contextmanager
    def _policy(self, **values):
        """Run with another 850 policy (auto_confirm, price_tolerance_percent, price_policy)."""
        owner = type(self.env["dist.message"])
        original = owner._x12_850_policy

        def policy(profile):
            return dict(original(profile), **values)

        with patch.object(owner, "_x12_850_policy", staticmethod(policy)):
            yield

    @staticmethod
    def _sample(name):
        return (DATA / name).read_bytes()

    def _receive_850(self, name, key=None, payload=None, **metadata):
        """Store an 850 as the router would (its own idempotency key); not processed yet."""
        payload = payload or self._sample(name)
        return self.env["dist.message"]._receive(
            self.backend,
            "x12.850",
            payload,
            idempotency_key=key or f"test:{name}",
            enqueue=False,
            **dict({"partner_id": self.customer.id}, **metadata),
        )

    def _process(self, message):
        with trap_jobs():
            return message.process()

    def _replay(self, message):
        """What a person's *Replay* click does, then the queued job."""
        with trap_jobs():
            message.action_reprocess()
            return message.process()

    def _orders(self, po, partner=None):
        partner = partner or self.customer
        return self.env["sale.order"].search(
            [("client_order_ref", "=", po), ("partner_id", "child_of", partner.id)]
        )
