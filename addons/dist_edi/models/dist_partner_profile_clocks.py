# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The compliance rules of a trading partner (the 855 deadline is ``ack_855_hours`` of the X12
settings) and its scorecard, one click from the profile."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistPartnerProfile(models.Model):
    _inherit = "dist.partner.profile"

    ship_notice_856_hours = fields.Integer(
        string="856 due within (h)",
        default=24,
        help="Hours after a delivery is done by which the partner expects its 856, and in any "
        "case before the order's expected delivery when that is still ahead (0: no clock).",
    )
    invoice_810_days = fields.Integer(
        string="810 due within (days)",
        default=0,
        help="Days after a delivery is done (the goods shipped) by which the partner expects "
        "the 810 invoicing it (0: no clock).",
    )
    clock_warn_percent = fields.Float(
        string="Warn when left (%)",
        default=25.0,
        help="Share of a document's window left when the responsible user gets a to-do (25: "
        "6 hours before a 24-hour deadline; 0: no warning, only the breach).",
    )
    clock_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible for deadlines",
        domain="[('share', '=', False)]",
        help="Gets the to-do when a document is about to be late. Empty: the team leader, else "
        "the order's salesperson, else an integration manager.",
    )
    clock_team_id = fields.Many2one(
        comodel_name="crm.team",
        string="Responsible team",
        help="Its leader gets the to-dos when no responsible user is set.",
    )
    clock_count = fields.Integer(compute="_compute_clock_count", string="Late documents")

    @api.constrains("ship_notice_856_hours", "invoice_810_days", "clock_warn_percent")
    def _check_clock_rules(self):
        for profile in self:
            if profile.ship_notice_856_hours < 0 or profile.invoice_810_days < 0:
                raise ValidationError(self.env._("Deadlines cannot be negative."))
            if not 0 <= profile.clock_warn_percent <= 100:
                raise ValidationError(self.env._("The warning share is between 0 and 100 %."))

    def _compute_clock_count(self):
        groups = self.env["dist.edi.clock"]._read_group(
            [("profile_id", "in", self.ids), ("state", "in", ("breached", "late"))],
            ["profile_id"],
            ["__count"],
        )
        counts = {profile.id: count for profile, count in groups}
        for profile in self:
            profile.clock_count = counts.get(profile.id, 0)

    def _clock_wants(self, kind):
        """Whether this partner's ``kind`` document runs on a clock: the document is sent to
        this partner, it has a deadline, and the partner is in production (a test partner's
        documents are not scored)."""
        self.ensure_one()
        if self.environment != "production":
            return False
        if kind == "855":
            return self.ack_855_trigger != "never" and self.ack_855_hours > 0
        if kind == "856":
            return self.ship_notice_856 and self.ship_notice_856_hours > 0
        return self.invoice_810 and self.invoice_810_days > 0

    def action_open_clocks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_edi.dist_edi_clock_action")
        action["domain"] = [("profile_id", "=", self.id)]
        action["context"] = {"search_default_filter_late": 1}
        return action

    def action_open_scorecard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_edi.dist_edi_scorecard_action")
        action["domain"] = [("profile_id", "=", self.id)]
        return action
