# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
import hmac
import secrets

from odoo import api, fields, models

KEY_PREFIX = "dist_"


def _hash(secret):
    # API keys are 256-bit random values: a plain SHA-256 is enough (no dictionary to attack),
    # and keeps authentication cheap enough for the API's throughput target.
    return hashlib.sha256(secret.encode()).hexdigest()


class DistApiKey(models.Model):
    """An API key of a backend: random, shown once, stored hashed, revocable, optionally expiring.

    Several keys can be active at once so that a partner can rotate without downtime.
    """

    _name = "dist.api.key"
    _description = "Integration API Key"
    _order = "backend_id, id desc"

    _sql_constraints = [
        ("lookup_unique", "unique(lookup)", "API key lookup prefixes must be unique."),
    ]

    name = fields.Char(required=True, help="Who or what uses the key, e.g. 'SPS Commerce prod'.")
    backend_id = fields.Many2one(
        comodel_name="dist.backend", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="backend_id.company_id", store=True, index=True)
    lookup = fields.Char(readonly=True, index=True, help="Public prefix of the key.")
    key_hash = fields.Char(readonly=True, groups="base.group_system")
    active = fields.Boolean(default=True)
    expires_at = fields.Datetime()
    revoked_at = fields.Datetime(readonly=True)
    last_used_at = fields.Datetime(readonly=True)

    @api.model
    def _generate(self, backend, name, expires_at=False):
        """Create a key for ``backend``; return ``(record, plain_key)``. The plain key is never
        stored: show it once to the person who asked for it."""
        lookup = secrets.token_hex(6)
        plain = f"{KEY_PREFIX}{lookup}_{secrets.token_urlsafe(32)}"
        record = self.sudo().create(
            {
                "name": name,
                "backend_id": backend.id,
                "lookup": lookup,
                "key_hash": _hash(plain),
                "expires_at": expires_at,
            }
        )
        return record, plain

    @api.model
    def _authenticate(self, backend, plain):
        """Return the active, unexpired key of ``backend`` matching ``plain``, or an empty set."""
        lookup = self._lookup_of(plain)
        if not lookup:
            return self.browse()
        key = self.sudo().search_fetch(
            [("lookup", "=", lookup), ("backend_id", "=", backend.id)],
            ["key_hash", "expires_at", "last_used_at"],
        )
        if not key or not hmac.compare_digest(key.key_hash or "", _hash(plain)):
            return self.browse()
        if key.expires_at and key.expires_at < fields.Datetime.now():
            return self.browse()
        return key

    @staticmethod
    def _lookup_of(plain):
        if not plain or not plain.startswith(KEY_PREFIX):
            return None
        lookup, _sep, rest = plain[len(KEY_PREFIX) :].partition("_")
        return lookup if lookup and rest else None

    def action_revoke(self):
        self.write({"active": False, "revoked_at": fields.Datetime.now()})
