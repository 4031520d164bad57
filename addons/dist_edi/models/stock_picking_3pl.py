# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockPicking(models.Model):
    """Deliveries of a warehouse run by a 3PL that speaks X12 (``stock.warehouse.
    dist_3pl_profile_id``): a 940 shipping order when one becomes ready."""

    _inherit = "stock.picking"

    def _dist_3pl_profile(self):
        """The 3PL profile of this picking's warehouse (empty when it is our own warehouse)."""
        self.ensure_one()
        return self.sudo().picking_type_id.warehouse_id.dist_3pl_profile_id

    def _dist_3pl_queue_940(self):
        """Queue the 940 of each ready (``assigned``) delivery of a 3PL warehouse: one per picking
        (key ``940:<picking id>``), so a picking ready again after an unreservation, or asked
        twice, keeps its one 940, and a backorder is a new picking with its own 940. The message
        goes to the 3PL's backend, addressed to the 3PL (whose 997 answers it), and on the order
        thread of an EDI order. Returns the 940 messages (new or existing)."""
        messages = self.env["dist.message"].sudo()
        for picking in self.sudo():
            if picking.picking_type_code != "outgoing" or picking.state != "assigned":
                continue
            profile = picking._dist_3pl_profile()
            if not profile:
                continue
            message = messages._create_outbound(
                profile.backend_id, "x12.940.out", picking, idempotency_key=f"940:{picking.id}"
            )
            if message.partner_id != profile.partner_id:
                message.write({"partner_id": profile.partner_id.id})
            thread = picking.sale_id.dist_edi_message_id.thread_id
            if thread:
                self.env["dist.order.thread"]._attach(
                    thread.key, messages=message, records=picking, role="picking"
                )
            messages |= message
        return messages
