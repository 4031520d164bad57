# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockPicking(models.Model):
    """A done delivery of an EDI sale order queues its 856 ship notice."""

    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
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
                po_message.backend_id, "x12.856.out", picking, idempotency_key=f"856:{picking.id}"
            )
            if message.partner_id != profile.partner_id:
                # The 997 that answers it comes from the profile's partner.
                message.write({"partner_id": profile.partner_id.id})
            if po_message.thread_id:
                self.env["dist.order.thread"]._attach(
                    po_message.thread_id.key, messages=message, records=picking, role="picking"
                )
            messages |= message
        return messages
