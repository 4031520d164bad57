# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class DistPartnerProfile(models.Model):
    """The trading partner's 810 policy: whether its EDI orders are invoiced by EDI, and how
    a credit note travels."""

    _inherit = "dist.partner.profile"

    invoice_810 = fields.Boolean(
        string="Send 810 invoices",
        default=True,
        help="Queue an 810 when a customer invoice of one of the partner's EDI orders is "
        "posted (one per invoice; a reposted invoice sends a new 810 only when its content "
        "changed).",
    )
    credit_note_810 = fields.Selection(
        selection=[
            ("transaction_type", "810 credit memo (BIG07 CR, positive amounts)"),
            ("negative", "810 with negative quantities and total"),
            ("both", "810 credit memo with negative amounts"),
            ("none", "Do not send credit notes"),
        ],
        string="Credit notes",
        default="transaction_type",
        required=True,
        help="How a credit note of an EDI order travels, as the partner's implementation guide "
        "says: most retailers want an 810 with transaction type CR (credit memo) and positive "
        "amounts; some want negative amounts; some settle credits outside EDI.",
    )

    def _x12_810_wanted(self, move):
        """Whether this partner gets an 810 for ``move`` (an invoice or a credit note)."""
        self.ensure_one()
        if not self.invoice_810:
            return False
        return move.move_type == "out_invoice" or self.credit_note_810 != "none"
