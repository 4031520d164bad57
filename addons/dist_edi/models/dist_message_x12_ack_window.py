# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Documents we sent without a 997 within the partner's window are flagged as exceptions.

An X12 document we send records its GS06/ST02 (``x12_group_control``/``x12_set_control``); the
partner's 997 marks it accepted or rejected. A scheduled action looks for documents still
``sent`` after the profile's ``x12_ack_window_hours`` and opens one exception per document (key
``ack-late:<GS06>:<ST02>``, category *SLA breach*); the 997, when it comes, resolves it.
"""

from datetime import timedelta

from odoo import api, fields, models

from dist_core import message_states as ms
from dist_core.errors import Category, ErrorClass, Failure

LATE_PREFIX = "ack-late:"


class DistMessage(models.Model):
    _inherit = "dist.message"

    @api.model
    def _cron_x12_flag_late_acks(self):
        """Scheduled action: flag every late document of every partner with a window; returns
        the number of new exceptions."""
        now = fields.Datetime.now()
        profiles = (
            self.env["dist.partner.profile"].sudo().search([("x12_ack_window_hours", ">", 0)])
        )
        flagged = 0
        for profile in profiles:
            cutoff = now - timedelta(hours=profile.x12_ack_window_hours)
            late = self.sudo().search(
                [
                    ("backend_id", "=", profile.backend_id.id),
                    ("partner_id", "=", profile.partner_id.id),
                    ("direction", "=", ms.OUTBOUND),
                    ("state", "=", ms.SENT),
                    ("x12_group_control", "!=", False),
                    ("sent_at", "<", cutoff),
                ]
            )
            flagged += late._x12_flag_late_ack(profile.x12_ack_window_hours)
        return flagged

    def _x12_flag_late_ack(self, hours):
        """One open exception per document (none added while one is open)."""
        exceptions = self.env["dist.exception"].sudo()
        flagged = 0
        for document in self:
            key = f"{LATE_PREFIX}{document.x12_group_control}:{document.x12_set_control or ''}"
            if document.exception_ids.filtered(
                lambda e, k=key: e.problem_key == k and e.state in ("open", "in_progress")
            ):
                continue
            failure = Failure(
                ErrorClass.PERMANENT,
                Category.BUSINESS_RULE,
                f"no 997 for {document.name} (GS06 {document.x12_group_control}, ST02 "
                f"{document.x12_set_control or '-'}) within {hours} h of sending it at "
                f"{fields.Datetime.to_string(document.sent_at)} (UTC): ask the partner or "
                "resend it",
            )
            exception = exceptions._report(document, failure, problem_key=key)
            exception.write({"category": "sla_breach"})
            flagged += 1
        return flagged

    def _x12_apply_ack(self, accepted, explanation, ack):
        """A 997 that arrives, even late, resolves the lateness exception of its documents."""
        result = super()._x12_apply_ack(accepted, explanation, ack)
        for document in self:
            late = document.exception_ids.filtered(
                lambda e: e.problem_key and e.problem_key.startswith(LATE_PREFIX)
            )
            late._auto_resolve(ack)
        return result
