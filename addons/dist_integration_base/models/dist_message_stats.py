# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models, tools
from odoo.tools import SQL

from dist_core import message_states as ms

FAILED_STATES = (ms.ERROR_TRANSIENT, ms.ERROR_PERMANENT, ms.DEAD, ms.REJECTED)


class DistMessageStats(models.Model):
    """Message counts per backend, partner, type, direction, state and hour (a SQL view).

    Feeds the overview's graph and pivot: messages by state, failures and the oldest message of
    each group, over any period (the default filter shows the last 24 hours). Read-only.
    """

    _name = "dist.message.stats"
    _description = "Integration Message Statistics"
    _auto = False
    _order = "hour desc"
    _rec_name = "hour"

    backend_id = fields.Many2one(comodel_name="dist.backend", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    type_id = fields.Many2one(comodel_name="dist.message.type", readonly=True)
    direction = fields.Selection(
        selection=[(ms.INBOUND, "Inbound"), (ms.OUTBOUND, "Outbound")], readonly=True
    )
    state = fields.Selection(selection=list(ms.STATES), readonly=True)
    day = fields.Date(readonly=True)
    hour = fields.Datetime(readonly=True, help="Received (or created) at, truncated to the hour.")
    message_count = fields.Integer(string="Messages", readonly=True, aggregator="sum")
    failed_count = fields.Integer(string="Failed", readonly=True, aggregator="sum")
    pending_count = fields.Integer(string="In flight", readonly=True, aggregator="sum")
    oldest_received_at = fields.Datetime(readonly=True, aggregator="min")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT row_number() OVER (ORDER BY hour, backend_id, type_id, state) AS id, *
                    FROM (
                        SELECT m.backend_id, m.partner_id, m.company_id, m.type_id,
                            m.direction, m.state,
                            date_trunc('hour', COALESCE(m.received_at, m.create_date)) AS hour,
                            date_trunc('day', COALESCE(m.received_at, m.create_date))::date
                                AS day,
                            count(*) AS message_count,
                            count(*) FILTER (WHERE m.state IN %(failed)s) AS failed_count,
                            count(*) FILTER (WHERE m.state IN %(active)s) AS pending_count,
                            min(COALESCE(m.received_at, m.create_date)) AS oldest_received_at
                        FROM dist_message m
                        GROUP BY m.backend_id, m.partner_id, m.company_id, m.type_id,
                            m.direction, m.state, 7, 8
                    ) grouped
                )
                """,
                table=SQL.identifier(self._table),
                failed=FAILED_STATES,
                active=tuple(sorted(ms.ACTIVE)),
            )
        )
