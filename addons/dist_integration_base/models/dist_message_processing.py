# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The processing engine of dist.message: jobs, classification, retries, dead letters, replay."""

import logging
import traceback
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from dist_core import message_states as ms
from dist_core.errors import Category, ErrorClass, Failure, PermanentError, classify

PROCESSABLE = (ms.RECEIVED, ms.PARSED, ms.ERROR_TRANSIENT)
REPROCESSABLE = (ms.PROCESSED, ms.ERROR_PERMANENT, ms.ERROR_TRANSIENT, ms.DEAD)
# Wait before looking again when an earlier message of the same ordering key is still in flight.
ORDERING_WAIT_SECONDS = 5

_logger = logging.getLogger(__name__)


class _DeferredJobs:
    """The new messages created while a job processes messages, to be queued when it ends.

    Lives in the context of :meth:`DistMessage.process` (an object, so the context stays
    hashable)."""

    __slots__ = ("ids",)

    def __init__(self):
        self.ids = []

    def add(self, messages):
        self.ids.extend(messages.ids)


class _DryRunRollback(Exception):
    """Raised inside the savepoint of a dry run so that nothing it did survives."""


class DistMessage(models.Model):
    _inherit = "dist.message"

    # ----------------------------------------------------------------------------- jobs

    def _delay_process(self, eta=None, new=False):
        """Enqueue :meth:`process` for each message; never processes anything itself.

        ``eta`` is a delay in seconds (None: as soon as possible). The job's identity key
        (message, attempt, wake-up time) keeps a message from being queued twice for the same
        attempt; ``new`` says the messages were inserted by this transaction, so no job of
        theirs can exist yet and queue_job's identity lookup is skipped.

        New messages are queued in batches of their type's *Messages per job*; those created
        while a job processes messages (an interchange's sets, the 855s of a batch of orders)
        wait for the end of that job and are queued together (:meth:`process`).
        """
        if new and not eta:
            deferred = self.env.context.get("dist_deferred_jobs")
            if deferred is not None:
                deferred.add(self)
                return
            for batch in self._job_batches():
                batch._enqueue_process(None, None)
            return
        eta = timedelta(seconds=eta) if eta else None
        for message in self:
            wake = fields.Datetime.to_string(message.next_attempt_at) if eta else "now"
            identity = f"dist.message.process:{message.id}:{message.attempts}:{wake}"
            message._enqueue_process(eta, None if new else identity)

    def _enqueue_process(self, eta, identity):
        first = self[:1]
        channel = first.type_id.job_channel or first.backend_id.job_channel or "root.dist"
        if len(self) == 1:
            description = self.env._("Process %(name)s", name=first.name or first.id)
        else:
            description = self.env._(
                "Process %(count)s messages from %(name)s", count=len(self), name=first.name
            )
        self.with_delay(
            channel=channel, eta=eta, identity_key=identity, description=description
        ).process()

    def _job_batches(self):
        """Split into the recordsets to process per job: same type and backend, in the order
        given, each at most the type's *Messages per Job* and *Payload per Job* (a message
        larger than the latter alone)."""
        groups = {}
        for message in self:
            groups.setdefault((message.type_id, message.backend_id), []).append(message)
        for (message_type, _backend), messages in groups.items():
            size = max(message_type.job_batch_size, 1)
            limit = max(message_type.job_batch_kib, 0) * 1024
            batch, total = [], 0
            for message in messages:
                weight = message.payload_size or 0
                if batch and (len(batch) >= size or (limit and total + weight > limit)):
                    yield self.browse(batch)
                    batch, total = [], 0
                batch.append(message.id)
                total += weight
            if batch:
                yield self.browse(batch)

    @api.model
    def _cron_requeue_stuck(self, stale_minutes=15):
        """Scheduled action: re-enqueue messages that should be moving and are not (a job lost
        with a crashed worker, a queue purged by hand). Processing is idempotent, so a message
        whose job is in fact still queued is at worst looked at twice and processed once."""
        limit = fields.Datetime.now() - timedelta(minutes=stale_minutes)
        stuck = self.sudo().search(
            [
                ("state", "in", list(ms.ACTIVE)),
                ("write_date", "<", limit),
                "|",
                ("next_attempt_at", "=", False),
                ("next_attempt_at", "<", limit),
            ],
            limit=1000,
        )
        stuck._delay_process()
        return len(stuck)

    def process(self):
        """Job: process messages (inbound: handle; outbound: generate and send).

        Idempotent: re-checks relevance and locks each row, so a job run twice (queue_job is
        at-least-once) does the work once. Callable synchronously.
        """
        # Handlers run as superuser with explicit companies: the person who clicked "replay" may
        # not hold every right the flow needs, and the audit trail records who asked (uid).
        deferred = _DeferredJobs()
        messages = self.sudo().with_context(dist_deferred_jobs=deferred)
        summary = "\n".join(message._process_one() for message in messages)
        # The new messages of this job (a failed message's savepoint took its own with it), queued
        # in batches now rather than one job each as they were created.
        self.sudo().browse(deferred.ids).exists()._delay_process(new=True)
        return summary

    def _process_one(self):
        self.ensure_one()
        self._lock_for_processing()
        if self.direction == ms.OUTBOUND:
            return self._process_outbound()
        if self.state not in PROCESSABLE:
            return f"{self.name}: nothing to do in state {self.state}"
        if self._earlier_message_in_flight():
            wake = fields.Datetime.now() + timedelta(seconds=ORDERING_WAIT_SECONDS)
            self.sudo().write({"next_attempt_at": wake})
            self._delay_process(eta=ORDERING_WAIT_SECONDS)
            return f"{self.name}: waits for an earlier message of {self.ordering_key}"
        handler = self._handler("_dist_handle_")
        self.sudo().write({"attempts": self.attempts + 1})
        try:
            with self.env.cr.savepoint():
                summary = handler()
        except Exception as exc:
            self.env.invalidate_all()
            return self._record_failure(exc)
        self.invalidate_recordset()
        if self.state in PROCESSABLE:
            self.sudo()._set_state(
                ms.PROCESSED,
                reason=summary or "processed",
                processed_at=fields.Datetime.now(),
                next_attempt_at=False,
            )
        self.exception_ids._auto_resolve(self)
        return f"{self.name}: {self.state} ({summary or 'done'})"

    def _lock_for_processing(self):
        """Serialize concurrent runs of the same message, then re-read its state."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT id FROM dist_message WHERE id = %s FOR UPDATE", self.id),
            log_exceptions=False,
        )
        if self.ordering_key:
            key = f"dist.message.order:{self.backend_id.id}:{self.ordering_key}"
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(hashtext(%s))", key))
        self.invalidate_recordset()

    def _earlier_message_in_flight(self):
        if not self.ordering_key:
            return False
        return bool(
            self.sudo().search_count(
                [
                    ("backend_id", "=", self.backend_id.id),
                    ("ordering_key", "=", self.ordering_key),
                    ("direction", "=", self.direction),
                    ("id", "<", self.id),
                    ("state", "in", PROCESSABLE),
                ],
                limit=1,
            )
        )

    def _handler(self, prefix):
        method = getattr(self, f"{prefix}{self.type_id.handler}", None)
        if method is None:
            raise UserError(
                self.env._(
                    "No handler %(method)s for message type %(type)s: is its addon installed?",
                    method=f"{prefix}{self.type_id.handler}",
                    type=self.type_id.code,
                )
            )
        return method

    # ----------------------------------------------------------------------------- failures

    def _record_failure(self, exc):
        """Classify ``exc``: retry with backoff, give up into ``dead``, or ask a person."""
        failure = classify(exc)
        if isinstance(exc, UserError) and failure.category is Category.INTERNAL:
            failure = Failure(ErrorClass.PERMANENT, Category.BUSINESS_RULE, failure.message)
        values = {
            "last_error_class": failure.error_class.value,
            "last_error_category": failure.category.value,
            "last_error_message": failure.message,
            "last_error_traceback": traceback.format_exc(),
        }
        message = self.sudo()
        policy = self.backend_id._retry_policy()
        if failure.transient and not policy.exhausted(self.attempts):
            delay = policy.delay(self.attempts, retry_after=failure.retry_after)
            values["next_attempt_at"] = fields.Datetime.now() + timedelta(seconds=delay)
            message._set_state(ms.ERROR_TRANSIENT, f"retry in {delay:.0f}s", failure, **values)
            message._delay_process(eta=delay)
            return f"{self.name}: transient failure, retry in {delay:.0f}s: {failure.message}"
        if failure.transient:
            reason = f"retries exhausted after {self.attempts} attempts"
            message._set_state(ms.DEAD, reason, failure, next_attempt_at=False, **values)
            self.env["dist.exception"]._report(
                message, failure, problem_key="dead-letter", severity="high", escalate=True
            )
            return f"{self.name}: dead after {self.attempts} attempts: {failure.message}"
        message._set_state(ms.ERROR_PERMANENT, "needs a person", failure, **values)
        self.env["dist.exception"]._report(
            message, failure, problem_key=getattr(exc, "problem_key", None)
        )
        return f"{self.name}: permanent failure: {failure.message}"

    # ----------------------------------------------------------------------------- replay

    def action_reprocess(self):
        """Replay inbound messages with the current configuration (after a mapping was fixed)."""
        for message in self:
            if message.direction != ms.INBOUND or message.state not in REPROCESSABLE:
                raise UserError(
                    self.env._(
                        "%(name)s cannot be reprocessed in state %(state)s.",
                        name=message.name,
                        state=message.state,
                    )
                )
        for message in self:
            message.sudo()._set_state(
                ms.RECEIVED,
                reason=self.env._("reprocess requested by %s", self.env.user.name),
                attempts=0,
                next_attempt_at=False,
            )
            message.exception_ids.filtered(lambda e: e.state == "open").sudo().write(
                {"state": "in_progress"}
            )
        self.sudo()._delay_process()
        return True

    def action_dry_run(self):
        """Show what reprocessing would do, without doing it: the handler runs in a savepoint
        that is rolled back."""
        self.ensure_one()
        if self.direction != ms.INBOUND:
            raise UserError(self.env._("Dry runs replay inbound messages."))
        outcome = self._dry_run()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Dry run of %s", self.name),
                "message": outcome,
                "sticky": True,
                "type": "info",
            },
        }

    def _dry_run(self):
        handler = self._handler("_dist_handle_")
        outcome = ""
        try:
            with self.env.cr.savepoint():
                outcome = self.env._("would succeed: %s", handler() or self.env._("done"))
                raise _DryRunRollback()
        except _DryRunRollback:
            _logger.debug("dry run of %s rolled back", self.name)
        except Exception as exc:
            failure = classify(exc)
            outcome = self.env._(
                "would fail (%(cls)s, %(cat)s): %(msg)s",
                cls=failure.error_class.value,
                cat=failure.category.value,
                msg=failure.message,
            )
        self.env.invalidate_all()
        return outcome

    # ----------------------------------------------------------------------------- handler helpers

    def _claim_business_key(self, scope, key):
        """Claim a business key for this message: ``(claimed, claim)``. See dist.business.key."""
        self.ensure_one()
        return self.env["dist.business.key"].sudo()._claim(scope, key, self)

    def _fail(self, message, category=Category.VALIDATION, problem_key=""):
        """Raise a permanent error from a handler (a person must look)."""
        raise PermanentError(message, category=category, problem_key=problem_key)

    def _fail_mapping(self, message, problem_key):
        """Raise "a cross-reference is missing": fix the mapping, then replay."""
        self._fail(message, category=Category.MAPPING_MISSING, problem_key=problem_key)
