# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

from dist_core import message_states as ms

# A 940 in these states has not reached the 3PL: a cancelled delivery simply cancels it.
NOT_SENT = (ms.PENDING, ms.GENERATED, ms.ERROR_TRANSIENT, ms.ERROR_PERMANENT, ms.DEAD)


class StockPicking(models.Model):
    """Deliveries of a warehouse run by a 3PL that speaks X12 (``stock.warehouse.
    dist_3pl_profile_id``): a 940 shipping order when one becomes ready."""

    _inherit = "stock.picking"

    def action_cancel(self):
        result = super().action_cancel()
        self._dist_3pl_cancel_940()
        return result

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
                profile.backend_id,
                "x12.940.out",
                picking,
                idempotency_key=f"940:{picking.id}",
                partner=profile.partner_id,
            )
            thread = picking.sale_id.dist_edi_message_id.thread_id
            if thread:
                thread._add(messages=message, records=picking, role="picking")
            messages |= message
        return messages

    def _dist_3pl_cancel_940(self):
        """A cancelled delivery whose 940 the 3PL has (sent, accepted or rejected) gets a cancel
        940 (W05 purpose F, key ``940:<picking id>:cancel``); a 940 that has not left yet is
        cancelled instead. Returns the cancel 940 messages."""
        messages = self.env["dist.message"].sudo()
        cancels = messages
        for picking in self.sudo():
            if picking.picking_type_code != "outgoing" or picking.state != "cancel":
                continue
            profile = picking._dist_3pl_profile()
            order = profile and messages.search(
                [
                    ("backend_id", "=", profile.backend_id.id),
                    ("type_id.code", "=", "x12.940.out"),
                    ("idempotency_key", "=", f"940:{picking.id}"),
                    ("duplicate_of_id", "=", False),
                ],
                limit=1,
            )
            if not order or order.state == ms.CANCELLED:
                continue
            if order.state in NOT_SENT:
                reason = f"{picking.name} cancelled before its 940 left"
                order._set_state(ms.CANCELLED, reason=reason)
                continue
            cancel = messages._create_outbound(
                profile.backend_id,
                "x12.940.out",
                picking,
                idempotency_key=f"940:{picking.id}:cancel",
                partner=profile.partner_id,
            )
            if order.thread_id:
                order.thread_id._add(messages=cancel)
            cancels |= cancel
        return cancels
