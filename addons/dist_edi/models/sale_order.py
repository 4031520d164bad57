# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrder(models.Model):
    """The EDI origin of a sale order: the 850 message, its content fingerprint, its carrier."""

    _inherit = "sale.order"

    dist_edi_message_id = fields.Many2one(
        comodel_name="dist.message",
        string="EDI message",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The 850 purchase order this sale order was created from.",
    )
    dist_edi_content_hash = fields.Char(
        string="EDI content hash",
        readonly=True,
        copy=False,
        help="SHA-256 of the canonical 850 (envelopes excluded): a repeated PO with the same "
        "hash is a duplicate, with another hash a change that needs an 860.",
    )
    dist_edi_carrier_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Requested carrier",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The carrier the partner's routing (TD5 SCAC) asked for, through the carrier "
        "cross-reference.",
    )
