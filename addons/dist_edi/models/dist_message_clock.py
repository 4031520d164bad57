# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Messages start and stop compliance clocks: the 850 that makes a sale order starts its 855
clock; an outbound 855, 856 or 810 reaching *sent* stops the clock of its document."""

from odoo import models

from dist_core import message_states as ms

# The states in which an outbound document has gone out (a 997 may already have answered it).
GONE_OUT = (ms.SENT, ms.ACCEPTED)


class DistMessage(models.Model):
    _inherit = "dist.message"

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") in GONE_OUT:
            gone = self.filtered(lambda m: m.direction == ms.OUTBOUND)
            if gone:
                self.env["dist.edi.clock"].sudo()._stop_for_messages(gone)
        return result

    def _dist_handle_x12_850(self):
        """After the 850 handler: start the 855 clock of the order it created."""
        summary = super()._dist_handle_x12_850()
        if self.res_model == "sale.order" and self.res_id and self.state != ms.DUPLICATE:
            profile = self._partner_profile()
            if profile and profile._clock_wants("855"):
                sale = self.env["sale.order"].sudo().browse(self.res_id)
                self.env["dist.edi.clock"]._start_855(profile, sale, self)
        return summary
