# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The trading partner's EDI desk on its profile: its X12 documents, its open exceptions and its
control-number ledger, one click each from the profile form."""

from odoo import fields, models

X12_TYPES = [("type_id.code", "=like", "x12.%")]


class DistPartnerProfile(models.Model):
    _inherit = "dist.partner.profile"

    x12_document_count = fields.Integer(compute="_compute_x12_counts", string="EDI documents")
    x12_exception_count = fields.Integer(compute="_compute_x12_counts", string="EDI exceptions")

    def _x12_document_domain(self):
        self.ensure_one()
        return [
            ("backend_id", "=", self.backend_id.id),
            ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
            *X12_TYPES,
        ]

    def _x12_exception_domain(self):
        self.ensure_one()
        return [
            ("backend_id", "=", self.backend_id.id),
            ("state", "in", ("open", "in_progress")),
            "|",
            ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
            ("message_id.partner_id", "child_of", self.partner_id.commercial_partner_id.id),
        ]

    def _compute_x12_counts(self):
        messages = self.env["dist.message"]
        exceptions = self.env["dist.exception"]
        for profile in self:
            if not profile.id or not profile.partner_id or not profile.backend_id:
                profile.x12_document_count = profile.x12_exception_count = 0
                continue
            profile.x12_document_count = messages.search_count(profile._x12_document_domain())
            profile.x12_exception_count = exceptions.search_count(profile._x12_exception_domain())

    def action_open_x12_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_edi.dist_edi_document_action")
        action["domain"] = self._x12_document_domain()
        action["display_name"] = self.env._("EDI documents of %s", self.partner_id.name)
        return action

    def action_open_x12_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_edi.dist_edi_exception_action")
        action["domain"] = self._x12_exception_domain()
        action["display_name"] = self.env._("EDI exceptions of %s", self.partner_id.name)
        return action

    def action_open_x12_ledger(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_edi.dist_edi_control_number_action"
        )
        action["domain"] = [("profile_id", "=", self.id)]
        return action
