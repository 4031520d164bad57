# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockMove(models.Model):
    """Every reservation path (confirming, *Check availability*, stock arriving, a backorder
    created) goes through ``_action_assign``: after it, a delivery of a 3PL warehouse that became
    ready is sent to the 3PL as a 940."""

    _inherit = "stock.move"

    def _action_assign(self, force_qty=False):
        result = super()._action_assign(force_qty=force_qty)
        self.picking_id._dist_3pl_queue_940()
        return result
