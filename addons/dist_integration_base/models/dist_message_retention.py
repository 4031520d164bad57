# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Retention of dist.message: purge the payloads of old finished messages, keep everything else."""

import logging
from datetime import timedelta

from odoo import api, fields, models

from dist_core import message_states as ms

_logger = logging.getLogger(__name__)

# Finished states only: waiting, failed, dead and rejected messages keep their payload for the
# person who will replay or explain them.
PURGEABLE_STATES = tuple(sorted({state for state, _label in ms.STATES} - ms.KEEP_PAYLOAD))
PURGE_BATCH = 1000
RETENTION_CRON = "dist_integration_base.ir_cron_dist_message_purge_payloads"


class DistMessage(models.Model):
    _inherit = "dist.message"

    @api.model
    def _purge_payloads(self, limit=PURGE_BATCH):
        """Scheduled action: purge the payloads (in the row or attached) of finished messages
        older than their backend's ``retention_days`` (0 keeps forever), at most ``limit`` per call.

        The message row, its SHA-256 and size, and its audit events stay; ``payload_purged`` is
        set. The state does not change. When more remain, the cron is triggered again, so one run
        stays one short transaction. Returns the number of messages purged.
        """
        backends = (
            self.env["dist.backend"]
            .sudo()
            .with_context(active_test=False)
            .search([("retention_days", ">", 0)])
        )
        purged = 0
        for backend in backends:
            if purged >= limit:
                break
            batch = self._purgeable(backend, limit - purged)
            if batch:
                batch.sudo().write(
                    {"payload": False, "payload_inline": False, "payload_purged": True}
                )
                purged += len(batch)
                _logger.info(
                    "retention: purged %d payloads of backend %s (older than %d days)",
                    len(batch),
                    backend.code,
                    backend.retention_days,
                )
        remaining = sum(
            self.sudo().search_count(self._purge_domain(backend)) for backend in backends
        )
        self.env["ir.cron"]._notify_progress(done=purged, remaining=remaining)
        if remaining:
            self.env.ref(RETENTION_CRON)._trigger()
        return purged

    def _purgeable(self, backend, limit):
        return self.sudo().search(self._purge_domain(backend), order="received_at, id", limit=limit)

    @api.model
    def _purge_domain(self, backend):
        cutoff = fields.Datetime.now() - timedelta(days=backend.retention_days)
        return [
            ("backend_id", "=", backend.id),
            ("state", "in", PURGEABLE_STATES),
            ("payload_purged", "=", False),
            "|",
            ("received_at", "<", cutoff),
            "&",
            ("received_at", "=", False),
            ("create_date", "<", cutoff),
        ]
