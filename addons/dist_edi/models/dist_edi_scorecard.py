# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The trading partner scorecard: per partner profile and month, how many documents were due and
how many went out in time (from the compliance clocks), how many of the X12 documents we sent
the partner's 997s rejected, and the exceptions raised, by category.

A read-only SQL view, one row per profile, month and document (or exception category); the
rates are weighted when grouped (on-time documents over documents due, rejected over answered),
not averages of averages. Months are calendar months in UTC: of the deadline for clocks, of the
sending for 997 verdicts, of the first occurrence for exceptions. A clock counts once it is
decided: sent (on time or late) or past due (breached); running clocks are not due yet.
"""

from odoo import fields, models, tools
from odoo.tools import SQL

# rate field -> (numerator, denominator) summed when grouped.
RATES = {
    "on_time_rate": ("on_time_count", "due_count"),
    "rejection_rate": ("rejected_count", "answered_count"),
}


class DistEdiScorecard(models.Model):
    _name = "dist.edi.scorecard"
    _description = "EDI Partner Scorecard"
    _auto = False
    _order = "month desc, profile_id, document"
    _depends = {
        "dist.edi.clock": ["profile_id", "kind", "due_at", "state"],
        "dist.message": [
            "direction",
            "type_id",
            "partner_id",
            "backend_id",
            "state",
            "sent_at",
            "acknowledged_at",
        ],
        "dist.message.type": ["code"],
        "dist.exception": [
            "partner_id",
            "backend_id",
            "message_id",
            "category",
            "problem_key",
            "first_seen",
        ],
        "dist.partner.profile": ["partner_id", "backend_id", "company_id"],
        "res.partner": ["commercial_partner_id"],
    }

    profile_id = fields.Many2one(
        comodel_name="dist.partner.profile", string="Trading partner", readonly=True
    )
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True)
    document = fields.Char(readonly=True, help="The X12 transaction set (855, 856, 810...).")
    category = fields.Selection(
        selection=lambda self: self.env["dist.exception"]._fields["category"].selection,
        string="Exception category",
        readonly=True,
    )
    due_count = fields.Integer(string="Due", readonly=True)
    on_time_count = fields.Integer(string="On time", readonly=True)
    late_count = fields.Integer(string="Late", readonly=True)
    on_time_rate = fields.Float(string="On-time rate (%)", aggregator="avg", readonly=True)
    answered_count = fields.Integer(
        string="Answered by a 997", readonly=True, help="Documents we sent that a 997 judged."
    )
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    rejection_rate = fields.Float(string="Rejection rate (%)", aggregator="avg", readonly=True)
    exception_count = fields.Integer(string="Exceptions", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
            SELECT row_number() OVER (
                       ORDER BY u.month, u.profile_id, u.document, u.category) AS id,
                   u.profile_id, p.partner_id, p.company_id, u.month, u.document, u.category,
                   u.due_count, u.on_time_count, u.due_count - u.on_time_count AS late_count,
                   CASE WHEN u.due_count > 0
                        THEN 100.0 * u.on_time_count / u.due_count END AS on_time_rate,
                   u.answered_count, u.rejected_count,
                   CASE WHEN u.answered_count > 0
                        THEN 100.0 * u.rejected_count / u.answered_count END AS rejection_rate,
                   u.exception_count
              FROM (%s UNION ALL %s UNION ALL %s) u
              JOIN dist_partner_profile p ON p.id = u.profile_id
            )
            """,
                SQL.identifier(self._table),
                self._clocks_query(),
                self._answers_query(),
                self._exceptions_query(),
            )
        )

    @staticmethod
    def _clocks_query():
        """Documents due and on time, per month of their deadline."""
        return SQL(
            """
            SELECT c.profile_id, date_trunc('month', c.due_at)::date AS month,
                   c.kind::varchar AS document, NULL::varchar AS category,
                   count(*) AS due_count,
                   count(*) FILTER (WHERE c.state = 'met') AS on_time_count,
                   0 AS answered_count, 0 AS rejected_count, 0 AS exception_count
              FROM dist_edi_clock c
             WHERE c.state IN ('met', 'late', 'breached')
             GROUP BY 1, 2, 3
            """
        )

    @staticmethod
    def _answers_query():
        """Our X12 documents the partner's 997s judged, per month of sending."""
        return SQL(
            """
            SELECT p.id, date_trunc('month', COALESCE(m.sent_at, m.acknowledged_at))::date,
                   split_part(t.code, '.', 2)::varchar, NULL::varchar,
                   0, 0, count(*), count(*) FILTER (WHERE m.state = 'rejected'), 0
              FROM dist_message m
              JOIN dist_message_type t ON t.id = m.type_id
              JOIN res_partner rp ON rp.id = m.partner_id
              JOIN dist_partner_profile p
                ON p.backend_id = m.backend_id AND p.partner_id = rp.commercial_partner_id
             WHERE m.direction = 'outbound' AND left(t.code, 4) = 'x12.'
               AND m.state IN ('accepted', 'rejected')
             GROUP BY 1, 2, 3
            """
        )

    @staticmethod
    def _exceptions_query():
        """Exceptions per category and month of first occurrence; the document is the clock's
        (late documents) or the message's transaction set."""
        return SQL(
            """
            SELECT p.id, date_trunc('month', e.first_seen)::date,
                   NULLIF(CASE WHEN left(e.problem_key, 6) = 'clock:'
                               THEN split_part(e.problem_key, ':', 2)
                               ELSE split_part(t.code, '.', 2) END, '')::varchar,
                   e.category::varchar, 0, 0, 0, 0, count(*)
              FROM dist_exception e
              JOIN res_partner rp ON rp.id = e.partner_id
              JOIN dist_partner_profile p
                ON p.backend_id = e.backend_id AND p.partner_id = rp.commercial_partner_id
              LEFT JOIN dist_message m ON m.id = e.message_id
              LEFT JOIN dist_message_type t ON t.id = m.type_id AND left(t.code, 4) = 'x12.'
             GROUP BY 1, 2, 3, 4
            """
        )

    def _read_group_select(self, aggregate_spec, query):
        """Rates grouped are weighted: sum of the numerators over sum of the denominators."""
        field_name = aggregate_spec.split(":")[0]
        if field_name not in RATES:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator = RATES[field_name]
        return SQL(
            "100.0 * SUM(%(num)s) / NULLIF(SUM(%(den)s), 0)",
            num=self._field_to_sql(self._table, numerator, query),
            den=self._field_to_sql(self._table, denominator, query),
        )
