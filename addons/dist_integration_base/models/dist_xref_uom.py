# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class DistXrefUom(models.Model):
    """A partner's unit code (X12 element 355: EA, CA, DZ, LB...) and the Odoo unit it means.

    Global rows ship as data for the unambiguous codes; pack units (CA, BX, PK, CS) have no
    global meaning and are mapped per profile, or converted with the item's pack size.
    """

    _name = "dist.xref.uom"
    _description = "Unit Cross-reference"
    _inherit = ["dist.xref.mixin"]
    _order = "code, profile_id, id"
    _rec_name = "code"
    _xref_key_fields = ("code",)
    _xref_upper_fields = ("code",)

    code = fields.Char(required=True, index=True, help="The partner's unit code, e.g. EA or CA.")
    uom_id = fields.Many2one(comodel_name="uom.uom", required=True, ondelete="cascade")
