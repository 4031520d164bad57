# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What an 860 needs to know about a sale order before it changes or cancels it: what shipped."""

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _dist_edi_shipped_lines(self, lines=None):
        """The product lines of this order (or ``lines`` of it) that have shipped something: a
        delivered quantity or a done move of an outgoing picking type."""
        self.ensure_one()
        lines = self.order_line if lines is None else lines
        return lines.filtered(lambda line: not line.display_type and line._dist_edi_has_shipped())

    def _dist_edi_done_deliveries(self):
        """The done outgoing pickings of this order."""
        self.ensure_one()
        return self.picking_ids.filtered(
            lambda picking: picking.state == "done" and picking.picking_type_code == "outgoing"
        )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _dist_edi_has_shipped(self):
        self.ensure_one()
        return bool(self.qty_delivered) or any(
            move.state == "done" and move.picking_code == "outgoing" for move in self.move_ids
        )
