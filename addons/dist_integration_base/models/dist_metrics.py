# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hmac

from odoo import api, models
from odoo.tools import SQL

from dist_core import message_states as ms

TOKEN_PARAM = "dist_integration_base.metrics_token"
WINDOW_PARAM = "dist_integration_base.metrics_latency_window"
RUNNER_AGE_PARAM = "dist_integration_base.health_runner_max_age"
DEFAULT_WINDOW_SECONDS = 3600
DEFAULT_RUNNER_MAX_AGE = 600
LATENCY_BUCKETS = (0.1, 0.5, 1, 5, 30, 60, 300, 900, 3600)
QUEUE_STATES = ("pending", "enqueued", "started")
OPEN_EXCEPTION_STATES = ("open", "in_progress")


def _escape(value):
    """A label value in the exposition format: backslash, double quote and newline escaped."""
    text = str(value if value is not None else "")
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _sample(name, labels, value):
    label_text = ",".join(f'{key}="{_escape(val)}"' for key, val in labels.items())
    number = repr(float(value)) if isinstance(value, float) else str(int(value))
    return f"{name}{{{label_text}}} {number}" if labels else f"{name} {number}"


def _family(name, kind, help_text, samples):
    """One metric family: HELP and TYPE lines, then ``samples`` as (name, labels, value)."""
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
    lines.extend(_sample(*sample) for sample in samples)
    return lines


class DistMetrics(models.AbstractModel):
    """Prometheus metrics and health checks of the hub, for ``/dist/metrics`` and ``/dist/health``.

    Every figure is one set-based query, so a scrape stays cheap at a million messages. Called as
    superuser by the controllers (the metrics are technical and cross-company).
    """

    _name = "dist.metrics"
    _description = "Integration Metrics"

    @api.model
    def _check_token(self, authorization):
        """True when ``authorization`` is ``Bearer <the configured token>``.

        No token configured means the endpoint is closed. Compared in constant time.
        """
        expected = self.env["ir.config_parameter"].sudo().get_param(TOKEN_PARAM) or ""
        scheme, _sep, presented = (authorization or "").partition(" ")
        if not expected or scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(presented.strip().encode(), expected.encode())

    @api.model
    def _render(self):
        """The metrics in the Prometheus text exposition format (version 0.0.4)."""
        self.env.flush_all()
        lines = []
        for family in (
            self._messages_family,
            self._queue_family,
            self._oldest_pending_family,
            self._exceptions_family,
            self._latency_family,
        ):
            lines.extend(family())
        return "\n".join(lines) + "\n"

    def _messages_family(self):
        rows = self.env.execute_query(
            SQL(
                "SELECT b.code, t.code, m.direction, m.state, count(*) FROM dist_message m"
                " JOIN dist_backend b ON b.id = m.backend_id"
                " JOIN dist_message_type t ON t.id = m.type_id"
                " GROUP BY b.code, t.code, m.direction, m.state ORDER BY 1, 2, 3, 4"
            )
        )
        samples = [
            ("dist_messages", {"backend": b, "type": t, "direction": d, "state": s}, n)
            for b, t, d, s, n in rows
        ]
        return _family(
            "dist_messages", "gauge", "Messages by backend, type, direction, state.", samples
        )

    def _queue_family(self):
        rows = self.env.execute_query(
            SQL(
                "SELECT channel, state, count(*) FROM queue_job WHERE state IN %s"
                " GROUP BY channel, state",
                QUEUE_STATES,
            )
        )
        counts = {(channel, state): n for channel, state, n in rows}
        channels = {
            name
            for (name,) in self.env.execute_query(
                SQL("SELECT complete_name FROM queue_job_channel WHERE complete_name IS NOT NULL")
            )
        }
        channels |= {channel for channel, _state in counts}
        samples = [
            (
                "dist_queue_jobs",
                {"channel": channel, "state": state},
                counts.get((channel, state), 0),
            )
            for channel in sorted(c for c in channels if c)
            for state in QUEUE_STATES
        ]
        return _family("dist_queue_jobs", "gauge", "queue_job jobs by channel and state.", samples)

    def _oldest_pending_family(self):
        rows = self.env.execute_query(
            SQL(
                # GREATEST: now() is the transaction's start, a message may be a bit younger.
                "SELECT b.code, GREATEST(COALESCE(EXTRACT(EPOCH FROM (now() at time zone 'UTC')"
                " - min(COALESCE(m.received_at, m.create_date))), 0), 0) FROM dist_backend b"
                " LEFT JOIN dist_message m ON m.backend_id = b.id AND m.state IN %s"
                " WHERE b.active GROUP BY b.code ORDER BY b.code",
                tuple(sorted(ms.ACTIVE)),
            )
        )
        name = "dist_oldest_pending_age_seconds"
        samples = [(name, {"backend": code}, round(float(age), 3)) for code, age in rows]
        return _family(
            name, "gauge", "Age of the oldest message still to process or send.", samples
        )

    def _exceptions_family(self):
        rows = self.env.execute_query(
            SQL(
                "SELECT category, count(*) FROM dist_exception WHERE state IN %s"
                " GROUP BY category ORDER BY category",
                OPEN_EXCEPTION_STATES,
            )
        )
        name = "dist_open_exceptions"
        samples = [(name, {"category": category}, n) for category, n in rows]
        return _family(name, "gauge", "Open and in-progress exceptions by category.", samples)

    def _latency_family(self):
        window = self._int_param(WINDOW_PARAM, DEFAULT_WINDOW_SECONDS)
        buckets = SQL(", ").join(
            SQL("count(*) FILTER (WHERE latency <= %s)", bound) for bound in LATENCY_BUCKETS
        )
        row = self.env.execute_query(
            SQL(
                "SELECT %s, count(*), COALESCE(sum(latency), 0) FROM (SELECT EXTRACT(EPOCH FROM"
                " processed_at - received_at) AS latency FROM dist_message WHERE processed_at >="
                " (now() at time zone 'UTC') - make_interval(secs => %s)"
                " AND received_at IS NOT NULL) recent",
                buckets,
                window,
            )
        )[0]
        name = "dist_processing_latency_seconds"
        counts, total, seconds = row[: len(LATENCY_BUCKETS)], row[-2], row[-1]
        samples = [
            (f"{name}_bucket", {"le": str(float(bound))}, n)
            for bound, n in zip(LATENCY_BUCKETS, counts, strict=True)
        ]
        samples += [
            (f"{name}_bucket", {"le": "+Inf"}, total),
            (f"{name}_sum", {}, round(float(seconds), 6)),
            (f"{name}_count", {}, total),
        ]
        help_text = f"Received to processed, messages processed in the last {window} seconds."
        return _family(name, "histogram", help_text, samples)

    # ----------------------------------------------------------------------------- health

    @api.model
    def _health_checks(self):
        """``(checks, details)`` for ``/dist/health`` beyond the database: the job runner's
        activity and the dead letters. These warn; they never turn the status to fail."""
        enqueued, due = self.env.execute_query(
            SQL(
                "SELECT EXTRACT(EPOCH FROM (now() at time zone 'UTC') - min(date_enqueued)"
                " FILTER (WHERE state = 'enqueued')), EXTRACT(EPOCH FROM (now() at time zone"
                " 'UTC') - min(COALESCE(eta, date_created)) FILTER (WHERE state = 'pending'"
                " AND COALESCE(eta, date_created) <= (now() at time zone 'UTC'))) FROM queue_job"
                " WHERE state IN ('enqueued', 'pending')"
            )
        )[0]
        dead = self.env.execute_query(
            SQL("SELECT count(*) FROM dist_message WHERE state = %s", ms.DEAD)
        )[0][0]
        max_age = self._int_param(RUNNER_AGE_PARAM, DEFAULT_RUNNER_MAX_AGE)
        stuck = max(float(enqueued or 0), float(due or 0)) > max_age
        checks = {
            "queue_job_runner": "warn" if stuck else "pass",
            "dead_letters": "warn" if dead else "pass",
        }
        details = {
            "oldest_enqueued_job_age_seconds": round(max(float(enqueued or 0), 0.0), 3),
            "oldest_due_pending_job_age_seconds": round(max(float(due or 0), 0.0), 3),
            "dead_letters": dead,
        }
        return checks, details

    def _int_param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value else default
        except ValueError:
            return default
