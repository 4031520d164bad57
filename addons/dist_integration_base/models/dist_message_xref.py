# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _partner_profile(self):
        """The partner profile of this message (its partner on its backend), or empty."""
        self.ensure_one()
        return self.env["dist.partner.profile"]._find(self.backend_id, self.partner_id)

    def _xref_resolver(self, profile=None):
        """A cross-reference resolver for one handler run: ``profile`` (default: the message's
        profile; without one, the global rows of the message's company)."""
        self.ensure_one()
        profile = self._partner_profile() if profile is None else profile
        return self.env["dist.partner.profile"]._resolver(profile, company=self.company_id)
