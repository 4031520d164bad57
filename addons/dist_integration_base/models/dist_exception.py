# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

OPEN_STATES = ("open", "in_progress")


class DistException(models.Model):
    """A problem a person must look at: one record per problem, not one per retry.

    Raised by the engine (permanent failures, dead letters) and by flows (a price outside
    tolerance, a short pick...). The usual fix is "correct the mapping or the data, then replay":
    :meth:`action_replay` does the replay, and a successful replay resolves the exception.
    """

    _name = "dist.exception"
    _description = "Integration Exception"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state_sequence, severity_sequence, last_seen desc, id desc"

    name = fields.Char(required=True)
    category = fields.Selection(
        selection=[
            ("mapping_missing", "Mapping missing"),
            ("validation", "Validation"),
            ("price_mismatch", "Price mismatch"),
            ("duplicate", "Duplicate"),
            ("backorder", "Backorder"),
            ("substitution", "Substitution"),
            ("partial_shipment", "Partial shipment"),
            ("inventory_discrepancy", "Inventory discrepancy"),
            ("sla_breach", "SLA breach"),
            ("transport", "Transport"),
            ("concurrency", "Concurrency"),
            ("business_rule", "Business rule"),
            ("internal", "Internal error"),
        ],
        required=True,
        index=True,
        tracking=True,
    )
    severity = fields.Selection(
        selection=[
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
        required=True,
        default="medium",
        tracking=True,
    )
    severity_sequence = fields.Integer(compute="_compute_sequences", store=True)
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("in_progress", "In progress"),
            ("resolved", "Resolved"),
            ("ignored", "Ignored"),
        ],
        required=True,
        default="open",
        index=True,
        tracking=True,
    )
    state_sequence = fields.Integer(compute="_compute_sequences", store=True)
    problem_key = fields.Char(required=True, index=True)
    description = fields.Text()
    message_id = fields.Many2one(comodel_name="dist.message", index=True, ondelete="restrict")
    backend_id = fields.Many2one(comodel_name="dist.backend", index=True, ondelete="restrict")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda s: s.env.company
    )
    partner_id = fields.Many2one(comodel_name="res.partner", index=True)
    res_model = fields.Char(index="btree_not_null")
    res_id = fields.Many2oneReference(model_field="res_model")
    user_id = fields.Many2one(comodel_name="res.users", string="Assignee", tracking=True)
    occurrences = fields.Integer(default=1, readonly=True)
    first_seen = fields.Datetime(default=fields.Datetime.now, readonly=True)
    last_seen = fields.Datetime(default=fields.Datetime.now, readonly=True, index=True)
    resolved_at = fields.Datetime(readonly=True)
    resolution_note = fields.Text(tracking=True)

    def init(self):
        # One open exception per (message, problem): the engine upserts on this key.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS dist_exception_open_problem_unique
                ON dist_exception (COALESCE(message_id, 0), problem_key)
                WHERE state IN ('open', 'in_progress');
            """
        )

    @api.depends("state", "severity")
    def _compute_sequences(self):
        state_order = {"open": 1, "in_progress": 2, "resolved": 3, "ignored": 4}
        severity_order = {"critical": 1, "high": 2, "medium": 3, "low": 4}
        for record in self:
            record.state_sequence = state_order.get(record.state, 9)
            record.severity_sequence = severity_order.get(record.severity, 9)

    # ----------------------------------------------------------------------------- actions

    def action_assign_to_me(self):
        self.write({"user_id": self.env.uid, "state": "in_progress"})

    def action_resolve(self):
        self.filtered(lambda e: e.state in OPEN_STATES).write(
            {"state": "resolved", "resolved_at": fields.Datetime.now()}
        )

    def action_ignore(self):
        self.filtered(lambda e: e.state in OPEN_STATES).write({"state": "ignored"})

    def action_replay(self):
        """Replay the messages behind these exceptions (after the fix); success resolves them."""
        messages = self.mapped("message_id")
        if not messages:
            raise UserError(self.env._("These exceptions have no message to replay."))
        messages.action_reprocess()
        return True

    # ----------------------------------------------------------------------------- API

    @api.model
    def _report(self, message, failure, problem_key=None, severity="medium", escalate=False):
        """Open (or bump) the exception for ``problem_key`` on ``message``; return it."""
        key = problem_key or f"{failure.category.value}:{failure.message}"[:250]
        existing = self.sudo().search(
            [
                ("message_id", "=", message.id),
                ("problem_key", "=", key),
                ("state", "in", OPEN_STATES),
            ],
            limit=1,
        )
        if existing:
            existing.write(
                {"occurrences": existing.occurrences + 1, "last_seen": fields.Datetime.now()}
            )
            return existing
        category = failure.category.value
        if category not in dict(self._fields["category"].selection):
            category = "internal"
        exception = (
            self.sudo()
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": failure.message[:200],
                    "category": category,
                    "severity": severity,
                    "problem_key": key,
                    "description": failure.message,
                    "message_id": message.id,
                    "backend_id": message.backend_id.id,
                    "company_id": message.company_id.id,
                    "partner_id": message.partner_id.id,
                    "res_model": message.res_model,
                    "res_id": message.res_id,
                }
            )
        )
        if escalate:
            exception._escalate()
        return exception

    def _escalate(self):
        """Schedule an activity for the integration managers of the company."""
        group = self.env.ref("dist_integration_base.dist_integration_base_group_manager")
        for exception in self:
            managers = group.users.filtered(
                lambda u, e=exception: e.company_id in u.company_ids and u.active and not u.share
            )
            user = managers.sorted("id")[:1] or self.env.ref("base.user_admin")
            exception.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Dead letter: %s", exception.name[:80]),
                note=self.env._("Retries are exhausted. Fix the cause, then replay the message."),
                user_id=user.id,
            )

    def _auto_resolve(self, message):
        """Resolve the open exceptions of ``message`` after it was processed successfully."""
        todo = self.filtered(lambda e: e.state in OPEN_STATES)
        if todo:
            todo.sudo().write(
                {
                    "state": "resolved",
                    "resolved_at": fields.Datetime.now(),
                    "resolution_note": self.env._(
                        "Resolved automatically: %s processed.", message.name
                    ),
                }
            )
