# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user


class DistCommon(TransactionCase):
    """Factories shared by the tests of every dist_* addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Other Distribution Co"})

    @classmethod
    def _create_backend(cls, code="test-backend", **values):
        vals = {"name": f"Backend {code}", "code": code, "kind": "edi_provider"}
        vals.update(values)
        return cls.env["dist.backend"].create(vals)

    @classmethod
    def _create_user(cls, login, groups, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )

    @classmethod
    def _create_profile(cls, partner=None, backend=None, **values):
        """A partner profile; a new customer and a new backend unless given."""
        partner = partner or cls.env["res.partner"].create({"name": "Xref Customer"})
        backend = backend or cls._create_backend(f"profile-{partner.id}")
        vals = {"partner_id": partner.id, "backend_id": backend.id}
        vals.update(values)
        return cls.env["dist.partner.profile"].create(vals)

    @classmethod
    def _create_product(cls, name, **values):
        return cls.env["product.product"].create(dict({"name": name}, **values))

    @classmethod
    def _create_xref(cls, kind, **values):
        """A cross-reference row: ``kind`` is product, uom, location or carrier."""
        return cls.env[f"dist.xref.{kind}"].create(values)

    @staticmethod
    def _contact_payload(ref="C-1001", name="Acme Stores", **extra):
        return json.dumps(dict(extra, ref=ref, name=name)).encode()

    def _receive_contact(self, backend, ref="C-1001", name="Acme Stores", **kwargs):
        kwargs.setdefault("enqueue", False)
        return self.env["dist.message"]._receive(
            backend, "generic.contact", self._contact_payload(ref, name), **kwargs
        )

    def _partners(self, ref):
        return self.env["res.partner"].with_context(active_test=False).search([("ref", "=", ref)])


class DistAreaCase(DistCommon):
    """Checks every area addon (EDI, WMS, reconciliation) owes the base: groups and channel."""

    area_module = None
    area_channel = None

    def assert_area_wiring(self):
        module, channel = self.area_module, self.area_channel
        manager = self._create_user(
            f"{module}_manager", "dist_integration_base.dist_integration_base_group_manager"
        )
        self.assertTrue(manager.has_group(f"{module}.{module}_group_user"))
        area_user = self._create_user(f"{module}_user", f"{module}.{module}_group_user")
        self.assertTrue(
            area_user.has_group("dist_integration_base.dist_integration_base_group_user")
        )
        self.assertFalse(
            area_user.has_group("dist_integration_base.dist_integration_base_group_manager")
        )
        record = self.env.ref(f"{module}.queue_job_channel_{channel}")
        self.assertEqual(record.complete_name, f"root.dist.{channel}")
        return area_user
