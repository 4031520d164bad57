# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import time
import uuid

from odoo import api, fields, models
from odoo.tools import SQL


class DistApiThrottle(models.Model):
    """Counters of the inbound API: requests per backend and signatures already seen.

    Requests are counted append-only (one row per request, counted over the last minute): no
    two requests ever update the same row, so concurrent workers never hit a serialization
    failure (Odoo runs requests in REPEATABLE READ). Signatures are inserted with
    ``ON CONFLICT DO NOTHING``: a replay finds its signature there.
    """

    _name = "dist.api.throttle"
    _description = "Integration API Throttle Counter"
    _log_access = False

    _sql_constraints = [
        ("key_unique", "unique(key)", "One row per key."),
    ]

    key = fields.Char(required=True)
    backend_id = fields.Integer(index=True)
    kind = fields.Selection(selection=[("hit", "Request"), ("sig", "Signature")], required=True)
    expires_at = fields.Float(required=True, index=True, help="Unix time when it expires.")

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS dist_api_throttle_hits_idx"
            " ON dist_api_throttle (backend_id, kind, expires_at)"
        )

    def _hit(self, backend, limit, now=None):
        """Count one request of ``backend``; return seconds to wait when over ``limit``, else 0."""
        now = now or time.time()
        cr = self.env.cr
        # One round trip: the CTE inserts this request's row, the count (which cannot see a row
        # inserted by the same statement) adds it.
        cr.execute(
            SQL(
                "WITH hit AS (INSERT INTO dist_api_throttle (key, backend_id, kind, expires_at)"
                " VALUES (%s, %s, 'hit', %s) RETURNING expires_at)"
                " SELECT count(*) + 1, COALESCE(min(expires_at), (SELECT expires_at FROM hit))"
                " FROM dist_api_throttle"
                " WHERE backend_id = %s AND kind = 'hit' AND expires_at > %s",
                f"hit:{uuid.uuid4().hex}",
                backend.id,
                now + 60,
                backend.id,
                now,
            )
        )
        hits, oldest = cr.fetchone()
        return 0 if hits <= limit else max(int(oldest - now) + 1, 1)

    def remember(self, key, expires_at):
        """Replay cache for :func:`dist_core.transports.signing.verify`: False if seen before."""
        self.env.cr.execute(
            SQL(
                "INSERT INTO dist_api_throttle (key, kind, expires_at) VALUES (%s, 'sig', %s)"
                " ON CONFLICT (key) DO NOTHING RETURNING id",
                f"sig:{key}",
                expires_at,
            )
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _gc(self):
        """Scheduled action: forget expired counters and signatures."""
        self.env.cr.execute(SQL("DELETE FROM dist_api_throttle WHERE expires_at < %s", time.time()))
