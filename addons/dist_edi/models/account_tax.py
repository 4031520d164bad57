# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountTax(models.Model):
    """How a tax is named in the TXI segments of the 810s we send."""

    _inherit = "account.tax"

    dist_x12_tax_type = fields.Char(
        string="X12 tax type",
        size=2,
        default="ST",
        help="TXI01 of this tax in the 810 invoices sent to trading partners: ST state sales "
        "tax (default), LS local sales tax, CT city tax, CP county tax, GS goods and services "
        "tax, VA value added tax...",
    )
