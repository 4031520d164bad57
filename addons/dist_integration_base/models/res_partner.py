# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dist_profile_ids = fields.One2many(
        "dist.partner.profile",
        "partner_id",
        string="Integration Profiles",
        groups="dist_integration_base.dist_integration_base_group_user",
    )
    dist_profile_count = fields.Integer(
        compute="_compute_dist_profile_count",
        groups="dist_integration_base.dist_integration_base_group_user",
    )

    def _compute_dist_profile_count(self):
        groups = self.env["dist.partner.profile"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.dist_profile_count = counts.get(partner.id, 0)

    def action_open_dist_profiles(self):
        """The partner's integration profiles (a new one defaults to this partner)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_integration_base.dist_partner_profile_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
