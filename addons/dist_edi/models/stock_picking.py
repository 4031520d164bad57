# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockPicking(models.Model):
    """A done delivery of an EDI sale order queues its 856 ship notice."""

    _inherit = "stock.picking"

    dist_bill_of_lading = fields.Char(
        string="Bill of lading",
        copy=False,
        help="The bill of lading number of this shipment (REF*BM of the 856).",
    )
    dist_trailer_number = fields.Char(
        string="Trailer number",
        copy=False,
        help="The trailer or container the shipment left in (TD303 of the 856).",
    )
    dist_seal_number = fields.Char(
        string="Seal number", copy=False, help="The trailer's seal (TD309 of the 856)."
    )
    dist_estimated_delivery = fields.Date(
        string="Estimated delivery",
        copy=False,
        help="When the customer should receive the goods (DTM*017 of the 856). Empty: the "
        "delivery date the customer asked for on the order, unless it is before the ship date.",
    )

    def _action_done(self):
        result = super()._action_done()
        # When the goods left earlier than they were validated here (a 3PL's 945 reports its
        # ship date): the delivery's date is that, for its 856 and its compliance clocks.
        shipped_at = self.env.context.get("dist_shipped_at")
        if shipped_at:
            self.filtered(lambda x: x.state == "done").write({"date_done": shipped_at})
        self._dist_edi_queue_856()
        return result

    def _dist_edi_shipping(self):
        """The done outgoing pickings of EDI sale orders (ones created by an 850)."""
        return self.filtered(
            lambda x: (
                x.state == "done"
                and x.picking_type_code == "outgoing"
                and x.sale_id.dist_edi_message_id
            )
        )

    def _dist_edi_queue_856(self):
        """Queue the 856 of each done delivery of an EDI order whose partner wants ship notices:
        one per picking (key ``856:<picking id>``), so a backorder ships on its own 856 and
        asking again returns the same message. The message and the picking go on the PO's
        order thread. Returns the 856 messages (new or existing)."""
        # As superuser: the warehouse worker who validates needs no rights on messages.
        messages = self.env["dist.message"].sudo()
        for picking in self.sudo()._dist_edi_shipping():
            po_message = picking.sale_id.dist_edi_message_id
            profile = po_message._partner_profile()
            if not profile or not profile.ship_notice_856:
                continue
            message = messages._create_outbound(
                po_message.backend_id,
                "x12.856.out",
                picking,
                idempotency_key=f"856:{picking.id}",
                # The 997 that answers it comes from the profile's partner.
                partner=profile.partner_id,
            )
            if po_message.thread_id:
                po_message.thread_id._add(messages=message, records=picking, role="picking")
            messages |= message
        return messages
