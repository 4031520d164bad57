# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockPicking(models.Model):
    """A done delivery of an EDI sale order starts the 856 and 810 clocks of its partner."""

    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        self._dist_edi_start_clocks()
        return result

    def _dist_edi_start_clocks(self):
        """One 856 clock and one 810 clock per done delivery of an EDI order (one created by
        an 850), for the documents the partner's profile puts on a clock."""
        clocks = self.env["dist.edi.clock"].sudo()
        for picking in self.sudo():
            sale = picking.sale_id
            if (
                picking.state != "done"
                or picking.picking_type_code != "outgoing"
                or not sale.dist_edi_message_id
            ):
                continue
            profile = sale.dist_edi_message_id._partner_profile()
            if not profile:
                continue
            if profile._clock_wants("856"):
                clocks |= clocks._start_856(profile, picking)
            if profile._clock_wants("810"):
                clocks |= clocks._start_810(profile, picking)
        return clocks
