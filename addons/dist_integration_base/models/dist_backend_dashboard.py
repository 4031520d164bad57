# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""dist.backend figures for the overview: the last 24 hours of each backend at a glance."""

from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from dist_core import message_states as ms

from .dist_message_stats import FAILED_STATES

OVERVIEW_HOURS = 24
OPEN_EXCEPTION_STATES = ("open", "in_progress")


class DistBackend(models.Model):
    _inherit = "dist.backend"

    messages_24h = fields.Integer(compute="_compute_overview", string="Messages (24h)")
    failed_24h = fields.Integer(compute="_compute_overview", string="Failed (24h)")
    failure_rate = fields.Float(
        compute="_compute_overview", string="Failure rate (%)", digits=(5, 1)
    )
    pending_count = fields.Integer(compute="_compute_overview", string="In flight")
    oldest_pending_age_minutes = fields.Integer(
        compute="_compute_overview",
        help="Age of the oldest message the engine still has to process or send.",
    )
    dead_count = fields.Integer(compute="_compute_overview", string="Dead letters")
    open_exception_count = fields.Integer(compute="_compute_overview", string="Open exceptions")

    def _compute_overview(self):
        figures = self._overview_figures()
        for backend in self:
            row = figures.get(backend.id, {})
            total, failed = row.get("total", 0), row.get("failed", 0)
            backend.messages_24h = total
            backend.failed_24h = failed
            backend.failure_rate = 100.0 * failed / total if total else 0.0
            backend.pending_count = row.get("pending", 0)
            backend.oldest_pending_age_minutes = max(int(row.get("oldest_age", 0) // 60), 0)
            backend.dead_count = row.get("dead", 0)
            backend.open_exception_count = row.get("exceptions", 0)

    def _overview_figures(self):
        """``{backend_id: {total, failed, pending, oldest_age, dead, exceptions}}`` in 3 queries."""
        ids = tuple(self.ids) or (0,)
        since = fields.Datetime.now() - timedelta(hours=OVERVIEW_HOURS)
        figures = {backend_id: {} for backend_id in self.ids}
        queries = (
            SQL(
                "SELECT backend_id, count(*), count(*) FILTER (WHERE state IN %s) FROM dist_message"
                " WHERE backend_id IN %s AND received_at >= %s GROUP BY backend_id",
                FAILED_STATES,
                ids,
                since,
            ),
            SQL(
                "SELECT backend_id, count(*) FILTER (WHERE state IN %s), EXTRACT(EPOCH FROM"
                " %s - min(COALESCE(received_at, create_date)) FILTER (WHERE state IN %s)),"
                " count(*) FILTER (WHERE state = %s) FROM dist_message"
                " WHERE backend_id IN %s AND state IN %s GROUP BY backend_id",
                tuple(ms.ACTIVE),
                fields.Datetime.now(),
                tuple(ms.ACTIVE),
                ms.DEAD,
                ids,
                tuple(ms.ACTIVE | {ms.DEAD}),
            ),
            SQL(
                "SELECT backend_id, count(*) FROM dist_exception WHERE backend_id IN %s"
                " AND state IN %s GROUP BY backend_id",
                ids,
                OPEN_EXCEPTION_STATES,
            ),
        )
        columns = (("total", "failed"), ("pending", "oldest_age", "dead"), ("exceptions",))
        self.env.flush_all()
        for query, names in zip(queries, columns, strict=True):
            for backend_id, *values in self.env.execute_query(query):
                figures[backend_id].update(zip(names, (v or 0 for v in values), strict=True))
        return figures

    # ----------------------------------------------------------------------------- stat buttons

    def _messages_action(self, domain, name):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_integration_base.dist_message_action"
        )
        action.update(
            name=name, domain=[("backend_id", "=", self.id), *domain], context={"create": False}
        )
        return action

    def action_open_messages_24h(self):
        """Messages of this backend received in the last 24 hours."""
        since = fields.Datetime.now() - timedelta(hours=OVERVIEW_HOURS)
        return self._messages_action([("received_at", ">=", since)], self.env._("Last 24 hours"))

    def action_open_failed_24h(self):
        """Failed messages of this backend received in the last 24 hours."""
        since = fields.Datetime.now() - timedelta(hours=OVERVIEW_HOURS)
        domain = [("received_at", ">=", since), ("state", "in", FAILED_STATES)]
        return self._messages_action(domain, self.env._("Failed in the last 24 hours"))

    def action_open_pending(self):
        """Messages of this backend the engine still has to process or send."""
        return self._messages_action([("state", "in", tuple(ms.ACTIVE))], self.env._("In flight"))

    def action_open_dead(self):
        """Dead letters of this backend."""
        return self._messages_action([("state", "=", ms.DEAD)], self.env._("Dead letters"))

    def action_open_exceptions(self):
        """Open exceptions of this backend."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_integration_base.dist_exception_action"
        )
        action.update(
            domain=[("backend_id", "=", self.id), ("state", "in", OPEN_EXCEPTION_STATES)],
            context={"create": False},
        )
        return action
