# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..xref_resolver import normalize_item

ITEM_QUALIFIERS = [
    ("UP", "UP - UPC (GTIN-12)"),
    ("EN", "EN - EAN (GTIN-13)"),
    ("UK", "UK - GTIN-14"),
    ("VN", "VN - Vendor's item number"),
    ("VP", "VP - Vendor's part number"),
    ("BP", "BP - Buyer's part number"),
    ("IN", "IN - Buyer's item number"),
    ("SK", "SK - SKU"),
    ("CB", "CB - Buyer's catalog number"),
    ("MG", "MG - Manufacturer's part number"),
    ("VC", "VC - Vendor's catalog number"),
    ("VA", "VA - Vendor's style number"),
    ("PI", "PI - Purchaser's item code"),
    ("UA", "UA - U.P.C./EAN case code"),
    ("N4", "N4 - National Drug Code (5-4-2)"),
    ("ZZ", "ZZ - Mutually defined"),
]


class DistXrefProduct(models.Model):
    """A partner's item number under a qualifier (X12 element 235) and the product it means,
    with the partner's ordering unit and pack size used to convert quantities."""

    _name = "dist.xref.product"
    _description = "Item Cross-reference"
    _inherit = ["dist.xref.mixin"]
    _order = "profile_id, qualifier, value, id"
    _rec_name = "value"
    _xref_key_fields = ("qualifier", "lookup_value")
    _xref_upper_fields = ("uom_code",)
    _xref_strip_fields = ("value",)

    qualifier = fields.Selection(selection=ITEM_QUALIFIERS, required=True, default="VN")
    value = fields.Char(required=True, help="The item number as the partner sends it.")
    lookup_value = fields.Char(
        compute="_compute_lookup_value",
        store=True,
        precompute=True,
        index=True,
        help="The value compared on: GTIN-14 for valid UPC/EAN/GTIN codes, else the value.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, index=True, ondelete="cascade"
    )
    uom_code = fields.Char(
        string="Partner Unit",
        help="The unit the partner orders this item in (e.g. CA); the pack size applies to it.",
    )
    pack_size = fields.Float(
        digits="Product Unit of Measure",
        help="Units of the product in one partner unit (inner pack quantity, e.g. 12 per case); "
        "0: convert through the unit cross-references.",
    )
    description = fields.Char(help="The partner's description of the item, for reference.")

    @api.depends("qualifier", "value")
    def _compute_lookup_value(self):
        for record in self:
            record.lookup_value = normalize_item(record.qualifier, record.value)
