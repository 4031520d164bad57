# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import time

from odoo import fields, models
from odoo.tools import SQL


class DistApiThrottle(models.Model):
    """Counters of the inbound API: requests per backend and minute, and signatures seen.

    Both are single atomic statements (``INSERT ... ON CONFLICT``), so concurrent workers count
    and detect replays correctly without locks held across the request.
    """

    _name = "dist.api.throttle"
    _description = "Integration API Throttle Counter"
    _log_access = False

    _sql_constraints = [
        ("key_unique", "unique(key)", "One counter per key."),
    ]

    key = fields.Char(required=True, index=True)
    hits = fields.Integer(default=0)
    expires_at = fields.Float(required=True, help="Unix time after which the row is garbage.")

    def _hit(self, backend, limit, now=None):
        """Count one request of ``backend`` in the current minute; return seconds to wait, or 0."""
        now = now or time.time()
        window = int(now // 60)
        self.env.cr.execute(
            SQL(
                "INSERT INTO dist_api_throttle (key, hits, expires_at) VALUES (%s, 1, %s)"
                " ON CONFLICT (key) DO UPDATE SET hits = dist_api_throttle.hits + 1"
                " RETURNING hits",
                f"rate:{backend.id}:{window}",
                (window + 2) * 60,
            )
        )
        hits = self.env.cr.fetchone()[0]
        return 0 if hits <= limit else int((window + 1) * 60 - now) + 1

    def remember(self, key, expires_at):
        """Replay cache for :func:`dist_core.transports.signing.verify`: False if seen before."""
        self.env.cr.execute(
            SQL(
                "INSERT INTO dist_api_throttle (key, hits, expires_at) VALUES (%s, 1, %s)"
                " ON CONFLICT (key) DO NOTHING RETURNING id",
                f"sig:{key}",
                expires_at,
            )
        )
        return bool(self.env.cr.fetchone())

    def _gc(self):
        self.env.cr.execute(SQL("DELETE FROM dist_api_throttle WHERE expires_at < %s", time.time()))
