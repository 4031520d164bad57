# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrderLine(models.Model):
    """The partner's own terms of an EDI line, kept for the 855 and 856 that must echo them."""

    _inherit = "sale.order.line"

    dist_edi_line_number = fields.Char(
        string="EDI line number", readonly=True, copy=False, help="PO101 of the 850 line."
    )
    dist_edi_quantity = fields.Float(
        string="EDI quantity",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="PO102: the quantity ordered in the partner's unit.",
    )
    dist_edi_unit = fields.Char(string="EDI unit", readonly=True, copy=False, help="PO103.")
    dist_edi_unit_price = fields.Float(
        string="EDI unit price",
        readonly=True,
        copy=False,
        digits="Product Price",
        help="PO104: the partner's price per its unit.",
    )
