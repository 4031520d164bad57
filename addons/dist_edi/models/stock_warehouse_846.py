# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

LOCATION_ID_QUALIFIERS = [
    ("91", "91 - Assigned by seller (our warehouse code)"),
    ("92", "92 - Assigned by buyer"),
    ("UL", "UL - GLN"),
    ("1", "1 - DUNS"),
    ("9", "9 - DUNS+4"),
    ("ZZ", "ZZ - Mutually defined"),
]


class StockWarehouse(models.Model):
    """How a warehouse is named to trading partners in the documents that report per location
    (the ``N1*WH`` loops of the 846 inventory advice)."""

    _inherit = "stock.warehouse"

    dist_edi_location_qualifier = fields.Selection(
        selection=LOCATION_ID_QUALIFIERS,
        string="EDI location qualifier",
        default="91",
        required=True,
        help="N103 of the warehouse's N1*WH loop: which code list the EDI location code is from.",
    )
    dist_edi_location_code = fields.Char(
        string="EDI location code",
        help="N104 of the warehouse's N1*WH loop (e.g. its GLN); empty: the warehouse's short "
        "name.",
    )

    def _dist_edi_location(self):
        """``(qualifier, code)`` naming the warehouse in an N1*WH loop."""
        self.ensure_one()
        return self.dist_edi_location_qualifier or "91", self.dist_edi_location_code or self.code
