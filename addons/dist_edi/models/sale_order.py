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

    def action_confirm(self):
        result = super().action_confirm()
        self._dist_edi_queue_855("confirm")
        return result

    def _dist_edi_queue_855(self, trigger):
        """Queue the 855 of each EDI order (one with an 850 message) whose partner acknowledges
        at ``trigger`` (``confirm`` or ``intake``, the profile's ``ack_855_trigger``): one 855 per
        order (key ``855:<sale id>``), so asking again returns the same message. The message goes
        on the PO's order thread. Returns the 855 messages (new or existing)."""
        # As superuser: the salesperson who confirms needs no rights on integration messages.
        messages = self.env["dist.message"].sudo()
        for order in self.sudo().filtered("dist_edi_message_id"):
            po_message = order.dist_edi_message_id
            profile = po_message._partner_profile()
            if not profile or profile.ack_855_trigger != trigger:
                continue
            message = messages._create_outbound(
                po_message.backend_id,
                "x12.855.out",
                order,
                idempotency_key=f"855:{order.id}",
                # The 997 that answers it comes from the profile's partner.
                partner=profile.partner_id,
            )
            if po_message.thread_id:
                po_message.thread_id._add(messages=message)
            messages |= message
        return messages
