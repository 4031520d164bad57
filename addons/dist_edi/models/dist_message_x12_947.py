# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""947 warehouse inventory adjustment advice in (messages of type ``x12.947``, one set each).

The 3PL reports stock it found, lost, damaged or re-counted. Each W19 line becomes one done
inventory move (``is_inventory``) of the product, between the 3PL warehouse's stock location and
the product's inventory-loss location (a debit leaves the warehouse, a credit enters it), with its
lot (created when new). The move's name, which the stock history shows as its reference, reads
``947 <adjustment number>: <reason code> <reason>`` (e.g. ``947 ADJ01: AU Damaged in Facility``):
Odoo 18 quants have no reason field, and a move of our own leaves any count in progress on the
quant (``inventory_quantity``) alone.

Nothing twice: the adjustment number is claimed per 3PL (business key ``stock.quant.947`` /
``<profile id>:<W1502>``); the same adjustment resent is a duplicate, other content under the same
number an exception; a replay of this message finds its claim and does nothing.
"""

from odoo import models

from dist_core import message_states as ms
from dist_core.errors import Category
from dist_core.x12.mappers import inventory_adjustment_from_947
from dist_core.x12.mappers.adjustment_reasons import adjustment_reason

SCOPE = "stock.quant.947"


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_x12_947(self):
        """Handler of ``x12.947``: apply the 3PL's stock adjustments (see module doc)."""
        adjustment, profile, warehouses = self._x12_3pl_read("947", inventory_adjustment_from_947)
        number = adjustment.adjustment_number
        self._set_state(ms.PARSED, reason=f"947 {number}, {len(adjustment.lines)} line(s)")
        warehouse = self._x12_947_warehouse(adjustment, warehouses)
        self._link_record(warehouse)
        key = f"{profile.id}:{number}"
        claimed, claim = self._x12_3pl_claim(
            SCOPE, key, adjustment, "947", inventory_adjustment_from_947
        )
        if claim is None:
            return self.env._("947 %s: duplicate, nothing applied", number)
        if not claimed:
            return self.env._("947 %s: already applied by this advice, nothing new", number)
        lines = self._x12_3pl_resolve(adjustment.lines, profile, "947")
        moves = self._x12_947_moves(adjustment, warehouse, lines)
        return self.env._(
            "947 %(number)s: %(count)s adjustment(s) in %(warehouse)s",
            number=number,
            count=len(moves),
            warehouse=warehouse.name,
        )

    def _x12_947_warehouse(self, adjustment, warehouses):
        """The warehouse adjusted: the 3PL's only one, else the one whose code or name the
        N1*WH party gives (``N1*WH*3PL EAST*91*3PE~``)."""
        if len(warehouses) == 1:
            return warehouses
        party = next((p for p in adjustment.parties if p.role == "WH"), None)
        names = {party.id, party.name} - {""} if party else set()
        found = warehouses.filtered(lambda w: w.code in names or w.name in names)
        if len(found) != 1:
            self._fail(
                f"the 947 {adjustment.adjustment_number} does not say which of "
                f"{', '.join(warehouses.mapped('name'))} it adjusts (N1*WH code or name)",
                category=Category.BUSINESS_RULE,
                problem_key=f"947:warehouse:{adjustment.adjustment_number}",
            )
        return found

    def _x12_947_moves(self, adjustment, warehouse, lines):
        """One done inventory move per line, named with the adjustment and its reason."""
        company = warehouse.company_id
        stock = warehouse.lot_stock_id
        values = []
        for line, product, quantity in lines:
            if not product.is_storable:
                self._fail(
                    f"947 line {line.line_number}: {product.display_name} is not tracked in "
                    "stock (not storable), so it cannot be adjusted",
                    category=Category.BUSINESS_RULE,
                    problem_key=f"947:storable:{product.id}",
                )
            if not quantity:
                continue
            loss = product.with_company(company).property_stock_inventory
            source, target = (loss, stock) if line.quantity > 0 else (stock, loss)
            lot = self._x12_3pl_lot(product, line.lot_number, company)
            values.append(
                {
                    "name": f"947 {adjustment.adjustment_number}: {adjustment_reason(line.reason)}",
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": quantity,
                    "company_id": company.id,
                    "state": "confirmed",
                    "location_id": source.id,
                    "location_dest_id": target.id,
                    "is_inventory": True,
                    "picked": True,
                    "move_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_uom_id": product.uom_id.id,
                                "quantity": quantity,
                                "location_id": source.id,
                                "location_dest_id": target.id,
                                "company_id": company.id,
                                "lot_id": lot.id,
                            },
                        )
                    ],
                }
            )
        moves = self.env["stock.move"].sudo().with_context(inventory_mode=False).create(values)
        moves._action_done()
        return moves
