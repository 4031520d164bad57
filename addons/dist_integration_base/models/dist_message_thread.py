# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""dist.message additions for the order thread, the overview and the list views at volume."""

from odoo import fields, models

# Indexes for what the dashboards, metrics, retention and default list filters read. Each one
# names the query it serves, so a later reader can drop it when that query goes away.
VOLUME_INDEXES = """
-- overview and stats: messages of a backend in the last 24 hours, whatever their state
CREATE INDEX IF NOT EXISTS dist_message_backend_received_idx
    ON dist_message (backend_id, received_at DESC);
-- per-partner overview and the partner filter of the list (sorted by id desc)
CREATE INDEX IF NOT EXISTS dist_message_partner_id_idx
    ON dist_message (partner_id, id DESC) WHERE partner_id IS NOT NULL;
-- the "Today" / "Received" filters of the list, sorted by the list order
CREATE INDEX IF NOT EXISTS dist_message_received_id_idx
    ON dist_message (received_at DESC, id DESC);
-- metrics: processing latency of messages processed in a recent window
CREATE INDEX IF NOT EXISTS dist_message_processed_at_idx
    ON dist_message (processed_at) WHERE processed_at IS NOT NULL;
-- retention: finished messages of a backend whose payload is still there
CREATE INDEX IF NOT EXISTS dist_message_retention_idx
    ON dist_message (backend_id, received_at) WHERE payload_purged IS NOT TRUE;
"""


class DistMessage(models.Model):
    _inherit = "dist.message"

    thread_id = fields.Many2one(
        comodel_name="dist.order.thread",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The order this message belongs to (850, 855, 856, 810, acknowledgments, events).",
    )
    # Searched with "contains" from the list's search box: a btree cannot serve ILIKE.
    external_ref = fields.Char(index="trigram")

    def init(self):
        res = super().init()
        self.env.cr.execute(VOLUME_INDEXES)
        return res

    def action_open_thread(self):
        """Open the order thread of this message."""
        self.ensure_one()
        if not self.thread_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": "dist.order.thread",
            "res_id": self.thread_id.id,
            "view_mode": "form",
        }
