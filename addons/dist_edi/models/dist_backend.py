# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class DistBackend(models.Model):
    """Our own X12 identity on a mailbox: the interchange sender of everything we send."""

    _inherit = "dist.backend"

    x12_isa_qualifier = fields.Char(string="Our ISA qualifier", default="ZZ")
    x12_isa_id = fields.Char(
        string="Our ISA id", help="ISA06 of our interchanges (ISA08 of theirs)."
    )
    x12_gs_id = fields.Char(string="Our GS id", help="GS02 of our groups; defaults to our ISA id.")
