# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""945 warehouse shipping advice in (messages of type ``x12.945``, one set each, from the router).

The 3PL tells what it shipped of a 940. The order of the work keeps a bad advice from leaving
anything behind (the handler runs in a savepoint: any failure rolls everything back):

1. read the set into a canonical ``WarehouseShipment``; find the 3PL profile and its warehouses;
2. find the delivery named by W06 (our picking name, sent in the 940's W05), in those warehouses
   only: unknown is a permanent error, the payload stays on the message for a replay;
3. claim the picking (business key ``stock.picking.945`` / picking id): a second advice for a
   picking another advice validated is a duplicate when its content is the same, an exception when
   it differs; a replay of this message finds the picking done and does nothing; a picking
   validated by hand is an exception (nothing applied);
4. resolve every line (item, unit, lot, SSCC) and check it against the picking: an item not on it,
   or more than ordered, is an exception and nothing is applied;
5. replace the picking's reservation by what the 3PL shipped (a move line per 945 line, with its
   lot and its package carrying the 3PL's SSCC), note the tracking number, validate with a
   backorder for what was short; validating a delivery of an EDI order queues its 856.
"""

from datetime import datetime, time

from odoo import fields, models

from dist_core import message_states as ms
from dist_core.x12.mappers import warehouse_shipment_from_945


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_x12_945(self):
        """Handler of ``x12.945``: validate the delivery the 3PL shipped (see module doc)."""
        advice, profile, warehouses = self._x12_3pl_read("945", warehouse_shipment_from_945)
        reference = advice.depositor_order_number
        self._set_state(ms.PARSED, reason=f"945 {reference}, {len(advice.lines)} line(s)")
        picking, claim, summary = self._x12_3pl_take_picking(
            "945",
            advice,
            warehouse_shipment_from_945,
            warehouses,
            "outgoing",
            ("validated", advice.shipment_id, "delivery"),
        )
        if summary:
            return summary
        shipped = [line for line in advice.lines if line.quantity]
        plan = self._x12_3pl_plan(shipped, picking, profile, "945")
        if advice.tracking_number and "carrier_tracking_ref" in picking._fields:
            picking.carrier_tracking_ref = advice.tracking_number
        picking.message_post(body=self._x12_945_note(advice))
        self._x12_3pl_apply(picking, plan, "945", self._x12_945_shipped_at(advice.ship_date))
        claim._link_record(picking)
        backorder = picking.backorder_ids
        self._x12_3pl_attach(picking, picking | backorder)
        if backorder:
            return self.env._(
                "%(picking)s validated from the 3PL's 945 (%(count)s line(s)); backorder "
                "%(backorder)s for what was short",
                picking=picking.name,
                count=len(plan),
                backorder=", ".join(backorder.mapped("name")),
            )
        return self.env._(
            "%(picking)s validated from the 3PL's 945 (%(count)s line(s))",
            picking=picking.name,
            count=len(plan),
        )

    @staticmethod
    def _x12_945_shipped_at(ship_date):
        """The delivery's done date from the 945's ship date (W06): noon UTC of that date, the
        same date in every time zone, never later than now (a 945 sent the day it shipped)."""
        if not ship_date:
            return None
        return min(datetime.combine(ship_date, time(12)), fields.Datetime.now())

    def _x12_945_note(self, advice):
        """The shipment as the 3PL reported it, on the picking's chatter."""
        facts = [
            (self.env._("shipment"), advice.shipment_id),
            (self.env._("ship date"), advice.ship_date and advice.ship_date.isoformat()),
            (self.env._("carrier"), advice.routing and advice.routing.carrier_code),
            (self.env._("bill of lading"), advice.bill_of_lading),
            (self.env._("tracking"), advice.tracking_number),
        ]
        details = ", ".join(f"{label} {value}" for label, value in facts if value)
        return self.env._(
            "Shipped by the 3PL (945 %(message)s): %(details)s", message=self.name, details=details
        )
