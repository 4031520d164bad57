# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class DistXrefCarrier(models.Model):
    """A carrier's SCAC (and optionally a service level code) and the carrier it means.

    The carrier is its contact for now; the EDI and WMS addons add the delivery method.
    """

    _name = "dist.xref.carrier"
    _description = "Carrier Cross-reference"
    _inherit = ["dist.xref.mixin"]
    _order = "scac, service_level, profile_id, id"
    _rec_name = "scac"
    _xref_key_fields = ("scac", "service_level")
    _xref_upper_fields = ("scac", "service_level")

    scac = fields.Char(
        string="SCAC", required=True, index=True, help="Standard Carrier Alpha Code, e.g. ODFL."
    )
    service_level = fields.Char(
        help="The partner's service level code (TD5 / carrier service), empty: any level."
    )
    carrier_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Carrier", required=True, ondelete="restrict"
    )
