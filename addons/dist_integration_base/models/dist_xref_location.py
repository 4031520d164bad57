# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

LOCATION_QUALIFIERS = [
    ("92", "92 - Assigned by buyer (store / DC number)"),
    ("91", "91 - Assigned by seller"),
    ("UL", "UL - GLN"),
    ("1", "1 - DUNS"),
    ("9", "9 - DUNS+4"),
    ("ZZ", "ZZ - Mutually defined"),
]


class DistXrefLocation(models.Model):
    """A partner's location code (N1 ship-to: store or DC number, GLN, DUNS+4) and the delivery
    address it means."""

    _name = "dist.xref.location"
    _description = "Location Cross-reference"
    _inherit = ["dist.xref.mixin"]
    _order = "profile_id, qualifier, value, id"
    _rec_name = "value"
    _xref_key_fields = ("qualifier", "value")

    qualifier = fields.Selection(selection=LOCATION_QUALIFIERS, required=True, default="92")
    value = fields.Char(required=True, index=True, help="The code as the partner sends it.")
    address_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        ondelete="restrict",
        help="The delivery address, a contact of type delivery under the customer.",
    )

    @api.constrains("address_id", "profile_id")
    def _check_address_of_customer(self):
        for record in self.filtered("profile_id"):
            customer = record.profile_id.partner_id.commercial_partner_id
            if record.address_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Location %(code)s: %(address)s is not an address of %(customer)s.",
                        code=record.value,
                        address=record.address_id.display_name,
                        customer=customer.display_name,
                    )
                )
