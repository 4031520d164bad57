# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""944 warehouse stock transfer receipt advice in (messages of type ``x12.944``, one set each).

The 3PL reports what it received. W17's depositor order number (W1704) names the receipt: our
picking's name, else the origin of an open receipt (the purchase order number the vendor and the
3PL know), in the 3PL's warehouses only. A 944 for no known receipt is an exception, the payload
kept for a replay once the receipt exists: we never create stock from nowhere (a 947 adjusts).

The received lines replace the receipt's planned move lines (with their lots, created when new),
and the receipt is validated with a backorder for what did not arrive. Like the 945, the receipt
is claimed (``stock.picking.944`` / picking id), so the same advice twice receives once; an item
not on the receipt, or more than expected, is an exception and nothing is applied.
"""

from odoo import models

from dist_core import message_states as ms
from dist_core.x12.mappers import warehouse_receipt_from_944


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_x12_944(self):
        """Handler of ``x12.944``: validate the receipt the 3PL received (see module doc)."""
        receipt, profile, warehouses = self._x12_3pl_read("944", warehouse_receipt_from_944)
        reference = receipt.depositor_order_number
        self._set_state(ms.PARSED, reason=f"944 {receipt.receipt_number} for {reference}")
        picking, claim, summary = self._x12_3pl_take_picking(
            "944",
            receipt,
            warehouse_receipt_from_944,
            warehouses,
            "incoming",
            ("received", receipt.receipt_number, "receipt"),
        )
        if summary:
            return summary
        received = [line for line in receipt.lines if line.quantity]
        plan = self._x12_3pl_plan(received, picking, profile, "944")
        picking.message_post(
            body=self.env._(
                "Received by the 3PL (944 %(message)s): receipt %(receipt)s of %(date)s",
                message=self.name,
                receipt=receipt.receipt_number,
                date=receipt.receipt_date.isoformat(),
            )
        )
        self._x12_3pl_apply(picking, plan, "944")
        claim._link_record(picking)
        backorder = picking.backorder_ids
        if backorder:
            return self.env._(
                "%(picking)s received from the 3PL's 944 %(receipt)s; backorder %(backorder)s "
                "for what did not arrive",
                picking=picking.name,
                receipt=receipt.receipt_number,
                backorder=", ".join(backorder.mapped("name")),
            )
        return self.env._(
            "%(picking)s received from the 3PL's 944 %(receipt)s",
            picking=picking.name,
            receipt=receipt.receipt_number,
        )
