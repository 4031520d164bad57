# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

LIMITS = {"isa": 999_999_999, "gs": 999_999_999, "st": 999_999_999}


class DistEdiControlNumber(models.Model):
    """The control-number ledger: the last ISA13/GS06/ST02 issued per partner, never reused.

    ``_next`` increments the row with one ``UPDATE ... RETURNING`` under the row lock, so
    concurrent senders get distinct, increasing numbers; the numbers of a generated document are
    stored in its payload, so a resend as-is reuses them and a regeneration takes new ones.
    """

    _name = "dist.edi.control.number"
    _description = "EDI Control Number Ledger"
    _order = "profile_id, kind"

    _sql_constraints = [
        ("profile_kind_unique", "unique(profile_id, kind)", "One counter per partner and kind."),
    ]

    profile_id = fields.Many2one(
        comodel_name="dist.partner.profile", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="profile_id.company_id", store=True, index=True)
    kind = fields.Selection(
        selection=[("isa", "Interchange (ISA13)"), ("gs", "Group (GS06)"), ("st", "Set (ST02)")],
        required=True,
    )
    last_value = fields.Integer(readonly=True, default=0)

    @api.model
    def _next(self, profile, kind):
        """Take the next number of ``kind`` for ``profile``."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "INSERT INTO dist_edi_control_number (profile_id, company_id, kind, last_value)"
                " VALUES (%s, %s, %s, 0) ON CONFLICT (profile_id, kind) DO NOTHING",
                profile.id,
                profile.company_id.id,
                kind,
            )
        )
        cr.execute(
            SQL(
                "UPDATE dist_edi_control_number SET last_value = last_value + 1"
                " WHERE profile_id = %s AND kind = %s RETURNING last_value",
                profile.id,
                kind,
            )
        )
        value = cr.fetchone()[0]
        if value > LIMITS[kind]:
            raise UserError(
                self.env._(
                    "Control numbers %(kind)s of %(p)s are exhausted.",
                    kind=kind,
                    p=profile.display_name,
                )
            )
        self.invalidate_model(["last_value"])
        return value
