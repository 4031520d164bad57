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

from collections import defaultdict

from odoo import models
from odoo.tools import float_compare

from dist_core import message_states as ms
from dist_core.errors import Category
from dist_core.x12.mappers import warehouse_shipment_from_945

SCOPE = "stock.picking.945"


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_x12_945(self):
        """Handler of ``x12.945``: validate the delivery the 3PL shipped (see module doc)."""
        advice, profile, warehouses = self._x12_3pl_read("945", warehouse_shipment_from_945)
        reference = advice.depositor_order_number
        self._set_state(ms.PARSED, reason=f"945 {reference}, {len(advice.lines)} line(s)")
        picking = self._x12_3pl_picking(warehouses, "outgoing", reference, "945")
        self._link_record(picking)
        claimed, claim = self._claim_business_key(SCOPE, str(picking.id))
        if not claimed and claim.message_id != self:
            return self._x12_945_duplicate(advice, picking, claim.message_id)
        if picking.state == "done" and not claimed:
            return self.env._("%s: already validated by this advice, nothing new", picking.name)
        if picking.state in ("done", "cancel"):
            self._fail(
                f"{picking.name} is already {picking.state} in Odoo: the 945 {advice.shipment_id} "
                "was not applied; compare it with the delivery",
                category=Category.BUSINESS_RULE,
                problem_key=f"945:{picking.state}:{picking.id}",
            )
        plan = self._x12_945_plan(advice, picking, profile)
        self._x12_945_apply(advice, picking, plan)
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

    def _x12_945_duplicate(self, advice, picking, original):
        """Another advice already validated ``picking``: the same content is a duplicate (a
        resend), other content a problem for a person (the picking is not touched)."""
        first, _profile, _warehouses = original._x12_3pl_read("945", warehouse_shipment_from_945)
        if self._x12_3pl_fingerprint(first) == self._x12_3pl_fingerprint(advice):
            self._set_state(
                ms.DUPLICATE,
                reason=f"945 for {picking.name} already applied from {original.name}",
                duplicate_of_id=original.id,
            )
            return self.env._("%s: duplicate 945, nothing applied", picking.name)
        self._fail(
            f"a second 945 with other content for {picking.name}, already validated from "
            f"{original.name}: nothing applied",
            category=Category.DUPLICATE,
            problem_key=f"945:again:{picking.id}",
        )

    # ----------------------------------------------------------------------------- plan

    def _x12_945_plan(self, advice, picking, profile):
        """``[(move, quantity in the product's unit, line)]``: each shipped line on the picking's
        moves of its product, filling their demand in order. Checked before anything is written:
        an item not on the picking or shipped beyond its demand is a permanent error."""
        shipped = [line for line in advice.lines if line.quantity]
        if not shipped:
            self._fail(
                f"the 945 for {picking.name} ships nothing: cancel the delivery or send it again",
                category=Category.BUSINESS_RULE,
                problem_key=f"945:empty:{picking.id}",
            )
        moves = defaultdict(list)
        for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            product = move.product_id
            demand = move.product_uom._compute_quantity(move.product_uom_qty, product.uom_id)
            moves[move.product_id].append([move, demand])
        plan = []
        for line, product, quantity in self._x12_3pl_resolve(shipped, profile, "945"):
            candidates = moves.get(product)
            if not candidates:
                self._fail(
                    f"945 line {line.line_number} ships {product.display_name}, which is not on "
                    f"{picking.name}: nothing applied",
                    category=Category.BUSINESS_RULE,
                    problem_key=f"945:unordered:{product.id}",
                )
            left = quantity
            for slot in candidates:
                take = min(left, slot[1])
                if take > 0:
                    plan.append((slot[0], take, line))
                    slot[1] -= take
                    left -= take
            if float_compare(left, 0, precision_rounding=product.uom_id.rounding) > 0:
                self._fail(
                    f"945 line {line.line_number} ships more {product.display_name} than "
                    f"{picking.name} asks for ({left:g} {product.uom_id.name} too many): nothing "
                    "applied",
                    category=Category.BUSINESS_RULE,
                    problem_key=f"945:over:{product.id}",
                )
        return plan

    # ----------------------------------------------------------------------------- effects

    def _x12_945_apply(self, advice, picking, plan):
        """What the 3PL shipped replaces our reservation; validate with a backorder."""
        company = picking.company_id
        picking.move_ids.move_line_ids.unlink()
        values = []
        for move, quantity, line in plan:
            product = move.product_id
            values.append(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "quantity": quantity,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "lot_id": self._x12_3pl_lot(product, line.lot_number, company).id,
                    "result_package_id": self._x12_3pl_package(line.sscc, company, "945").id,
                    "picked": True,
                }
            )
        self.env["stock.move.line"].sudo().create(values)
        picking.move_ids.filtered("move_line_ids").picked = True
        if advice.tracking_number and "carrier_tracking_ref" in picking._fields:
            picking.carrier_tracking_ref = advice.tracking_number
        picking.message_post(body=self._x12_945_note(advice))
        picking.with_context(cancel_backorder=False)._action_done()

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
