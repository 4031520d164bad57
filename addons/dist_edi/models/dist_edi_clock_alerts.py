# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The alerts of the compliance clocks, raised by a scheduled action (every 15 minutes):

* a running clock past its warning time: one to-do activity on its subject (the sale order or the
  picking) for the responsible user of the partner profile, state *warned*;
* a running clock past its deadline: one ``dist.exception`` (severity high, category SLA breach,
  problem key ``clock:<key>``) on the document's outbound message when there is one, state
  *breached*.

Each alert is raised once per clock (the state moves on). When the document is sent at last, the
clock closes them: the to-do is marked done and the exception resolved, both with the measured
time.
"""

import logging

from odoo import api, fields, models

from .dist_edi_clock import STOPPING_TYPES

DOCUMENT_TYPES = {kind: code for code, kind in STOPPING_TYPES.items()}
_logger = logging.getLogger(__name__)
DOCUMENT_NAMES = {"855": "acknowledgment", "856": "ship notice", "810": "invoice"}


class DistEdiClock(models.Model):
    _inherit = "dist.edi.clock"

    @api.model
    def _cron_check_deadlines(self):
        """Scheduled action: breach the clocks past due, warn the ones past their warning time.
        Returns ``(warned, breached)`` counts."""
        now = fields.Datetime.now()
        clocks = self.sudo()
        breached = clocks.search([("state", "in", ("running", "warned")), ("due_at", "<=", now)])
        breached = breached._each_apart("_breach")
        warned = clocks.search([("state", "=", "running"), ("warn_at", "<=", now)])
        warned = warned._each_apart("_warn")
        return len(warned), len(breached)

    def _each_apart(self, method):
        """Call ``method`` clock by clock, each in a savepoint: one clock that fails (logged)
        does not hold back the others, and is tried again on the next run. Returns the clocks
        done."""
        done = self.browse()
        for clock in self:
            try:
                with self.env.cr.savepoint():
                    getattr(clock, method)()
            except Exception:  # the scheduled action goes on with the other clocks
                _logger.exception("compliance clock %s: %s failed", clock.key, method)
                self.env.invalidate_all()
                continue
            done |= clock
        return done

    def _warn(self):
        """A to-do on the subject for the responsible user, due on the deadline's day."""
        for clock in self:
            subject = clock._subject()
            activity = self.env["mail.activity"]
            if subject and hasattr(subject, "activity_schedule"):
                activity = subject.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=clock.due_at.date(),
                    summary=self.env._(
                        "EDI %(kind)s due by %(due)s UTC",
                        kind=clock.kind,
                        due=fields.Datetime.to_string(clock.due_at),
                    ),
                    note=clock._alert_text(),
                    user_id=clock._responsible_user().id,
                )
            clock.write({"state": "warned", "activity_id": activity[:1].id})

    def _breach(self):
        """One exception per clock, on the document's outbound message when it exists."""
        exceptions = self.env["dist.exception"].sudo()
        for clock in self:
            subject = clock._subject()
            message = clock._document_message()
            text = clock._alert_text(message)
            exception = exceptions.with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True
            ).create(
                {
                    "name": self.env._(
                        "%(kind)s late for %(subject)s (due %(due)s UTC)",
                        kind=clock.kind,
                        subject=subject.display_name or clock.key,
                        due=fields.Datetime.to_string(clock.due_at),
                    )[:200],
                    "category": "sla_breach",
                    "severity": "high",
                    "problem_key": f"clock:{clock.key}",
                    "description": text,
                    "message_id": message.id,
                    "backend_id": clock.profile_id.backend_id.id,
                    "company_id": clock.company_id.id,
                    "partner_id": clock.partner_id.id,
                    "res_model": clock.res_model,
                    "res_id": clock.res_id,
                }
            )
            clock.write({"state": "breached", "exception_id": exception.id})

    def _close_alerts(self, note):
        """The document went out (or the clock was cancelled): the to-do is done, the breach
        exception resolved, both with ``note``."""
        for clock in self:
            if clock.activity_id:
                clock.activity_id.action_feedback(feedback=note)
            if clock.exception_id.state in ("open", "in_progress"):
                clock.exception_id.write(
                    {
                        "state": "resolved",
                        "resolved_at": fields.Datetime.now(),
                        "resolution_note": note,
                    }
                )

    # ----------------------------------------------------------------------------- helpers

    def _document_message(self):
        """The outbound message of the clock's document, if one was queued (the 810's is on
        the invoice, unknown to the clock)."""
        self.ensure_one()
        if self.kind == "810":
            return self.env["dist.message"]
        return (
            self.env["dist.message"]
            .sudo()
            .search(
                [
                    ("type_id.code", "=", DOCUMENT_TYPES[self.kind]),
                    ("res_model", "=", self.res_model),
                    ("res_id", "=", self.res_id),
                ],
                limit=1,
            )
        )

    def _alert_text(self, message=None):
        """What the partner expects, since when, and where the document stands."""
        self.ensure_one()
        message = self._document_message() if message is None else message
        status = (
            self.env._("%(doc)s is %(state)s", doc=message.name, state=message.state)
            if message
            else self.env._("no %s was queued yet", self.kind)
        )
        text = self.env._(
            "%(partner)s expects the %(kind)s %(name)s for %(subject)s by %(due)s UTC (counting "
            "from %(start)s UTC); %(status)s.",
            partner=self.partner_id.display_name,
            kind=self.kind,
            name=DOCUMENT_NAMES[self.kind],
            subject=self._subject().display_name or self.key,
            due=fields.Datetime.to_string(self.due_at),
            start=fields.Datetime.to_string(self.start_at),
            status=status,
        )
        if self.delivery_due_at and self.delivery_due_at <= self.due_at:
            text += " " + self.env._("The deadline is the expected delivery of the order.")
        return text

    def _responsible_user(self):
        """The profile's responsible user, else its team's leader, else the subject's
        salesperson or responsible, else an integration manager of the company."""
        self.ensure_one()
        profile = self.profile_id
        subject = self._subject()
        candidates = [
            profile.clock_user_id,
            profile.clock_team_id.user_id,
            getattr(subject, "user_id", False),
            self.sale_id.user_id,
        ]
        for user in candidates:
            if user and user.active and not user.share:
                return user
        group = self.env.ref("dist_integration_base.dist_integration_base_group_manager")
        managers = group.users.filtered(
            lambda u: self.company_id in u.company_ids and u.active and not u.share
        )
        return managers.sorted("id")[:1] or self.env.ref("base.user_admin")
