# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inbound HTTP API of a backend: authentication, limits, and the receive call.

The controller (controllers/api.py) only turns the HTTP request into an :class:`ApiRequest`,
calls :meth:`DistBackend._api_post_message` or :meth:`_api_get_message`, and writes the
:class:`ApiResponse`. Contract: docs/inbound-api.md.
"""

import ipaddress
from dataclasses import dataclass, field

from odoo import api, fields, models

from dist_core import message_states as ms
from dist_core.transports.signing import SignatureError, verify

PROBLEM_BASE = "https://dist-integration.invalid/problems/"
CONTENT_TYPES = {
    "application/edi-x12": "x12",
    "application/x12": "x12",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
}


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    headers: dict
    body: bytes
    remote_addr: str
    content_length: int | None = None
    query: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ApiResponse:
    status: int
    body: dict
    headers: tuple = ()


class ApiRefusal(Exception):
    """A refused request: becomes a problem document (RFC 9457) and, if ``event``, a record."""

    def __init__(self, status, slug, title, detail="", event=None, headers=()):
        super().__init__(title)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.event, self.headers = event, headers

    def response(self):
        body = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        return ApiResponse(self.status, body, tuple(self.headers))


# The backend fields an API request reads, fetched with the backend in one query.
API_FIELDS = [
    "code",
    "company_id",
    "job_channel",
    "api_default_type_id",
    "api_require_signature",
    "api_ip_allowlist",
    "api_max_body_kb",
    "api_rate_limit",
]


class DistBackend(models.Model):
    _inherit = "dist.backend"

    api_enabled = fields.Boolean(string="Inbound API", help="Accept posts on the inbound API.")
    api_key_ids = fields.One2many("dist.api.key", "backend_id", string="API keys")
    api_default_type_id = fields.Many2one(
        comodel_name="dist.message.type",
        domain="[('direction', '=', 'inbound')]",
        help="Message type of posts that do not name one (X-Dist-Message-Type header).",
    )
    api_require_signature = fields.Boolean(
        help="Require an HMAC-SHA256 signature (X-Dist-Timestamp, X-Dist-Signature)."
    )
    api_hmac_secret = fields.Char(
        groups="base.group_system",
        help="Shared secret(s) for signatures, one per line (several during a rotation). "
        "May instead come from the Odoo configuration file: see odoo.conf.example.",
    )
    api_ip_allowlist = fields.Text(
        string="IP allowlist", help="CIDR ranges, one per line or comma separated; empty: any."
    )
    api_max_body_kb = fields.Integer(string="Max body (KiB)", default=10240)
    api_rate_limit = fields.Integer(string="Requests per minute", default=600)

    # ----------------------------------------------------------------------------- entry points

    @api.model
    def _api_post_message(self, code, request):
        """Accept one post: authenticate, check limits, store and enqueue. Never raises."""
        backend = self.browse()
        try:
            backend = self._api_backend(code, request)
            backend._api_check(request)
            return backend._api_store(request)
        except ApiRefusal as refusal:
            return self._api_refuse(refusal, backend, request)

    @api.model
    def _api_get_message(self, code, message_id, request):
        """Status of one message, only to the backend that sent it."""
        backend = self.browse()
        try:
            backend = self._api_backend(code, request)
            backend._api_authenticate(request)
            message = self.env["dist.message"].sudo().browse(message_id).exists()
            if not message or message.backend_id != backend:
                raise ApiRefusal(404, "not-found", "No such message for this backend.")
            return ApiResponse(200, backend._api_message_body(message))
        except ApiRefusal as refusal:
            return self._api_refuse(refusal, backend, request)

    # ----------------------------------------------------------------------------- checks

    @api.model
    def _api_backend(self, code, request):
        # One query for the backend and every setting a post reads.
        backend = self.sudo().search_fetch(
            [("code", "=", code), ("api_enabled", "=", True)], API_FIELDS, limit=1
        )
        if not backend:
            raise ApiRefusal(404, "unknown-backend", "Unknown backend.", event="unknown_backend")
        return backend

    def _api_check(self, request):
        self._api_check_ip(request)
        self._api_authenticate(request)
        self._api_check_size(request)
        wait = self.env["dist.api.throttle"].sudo()._hit(self, self.api_rate_limit)
        if wait:
            raise ApiRefusal(
                429,
                "rate-limited",
                "Too many requests.",
                f"Limit of {self.api_rate_limit} requests per minute reached.",
                event="rate_limited",
                headers=[("Retry-After", str(wait))],
            )
        if self.api_require_signature:
            self._api_check_signature(request)

    def _api_check_ip(self, request):
        ranges = [r for r in (self.api_ip_allowlist or "").replace(",", "\n").split() if r]
        if not ranges:
            return
        try:
            address = ipaddress.ip_address(request.remote_addr)
            allowed = any(address in ipaddress.ip_network(r, strict=False) for r in ranges)
        except ValueError:
            allowed = False
        if not allowed:
            raise ApiRefusal(403, "forbidden", "Forbidden.", event="ip_refused")

    def _api_authenticate(self, request):
        headers = request.headers
        auth = headers.get("Authorization", "")
        plain = auth[7:].strip() if auth.lower().startswith("bearer ") else headers.get("X-Api-Key")
        if not plain:
            raise ApiRefusal(401, "unauthorized", "Authentication required.", event="missing_key")
        key = self.env["dist.api.key"]._authenticate(self, plain)
        if not key:
            raise ApiRefusal(401, "unauthorized", "Authentication required.", event="bad_key")
        now = fields.Datetime.now()
        # At most one write a minute: concurrent requests with one key must not all update its
        # row (each would be a serialization conflict and a retried request).
        if not key.last_used_at or (now - key.last_used_at).total_seconds() > 60:
            key.sudo().write({"last_used_at": now})
        return key

    def _api_check_size(self, request):
        limit = self.api_max_body_kb * 1024
        size = max(request.content_length or 0, len(request.body))
        if size > limit:
            raise ApiRefusal(
                413, "too-large", "Payload too large.", f"Limit: {limit} bytes.", event="too_large"
            )

    def _api_check_signature(self, request):
        secrets_ = self._secret("api_hmac_secret")
        if not secrets_:
            raise ApiRefusal(401, "unauthorized", "Authentication required.", event="bad_signature")
        try:
            verify(
                secrets_.split(),
                request.body,
                request.headers,
                replay_cache=self.env["dist.api.throttle"].sudo(),
            )
        except SignatureError as exc:
            raise ApiRefusal(
                401, "bad-signature", "Invalid signature.", exc.reason, event="bad_signature"
            ) from exc

    # ----------------------------------------------------------------------------- store

    def _api_store(self, request):
        content_type = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in CONTENT_TYPES:
            raise ApiRefusal(
                415,
                "unsupported-media-type",
                "Unsupported media type.",
                "Use application/edi-x12, application/json, application/xml or text/csv.",
            )
        if not request.body:
            raise ApiRefusal(400, "empty-body", "Empty payload.", event="bad_request")
        message_type = self._api_message_type(request)
        key = (request.headers.get("Idempotency-Key") or "").strip()[:200] or None
        message = (
            self.env["dist.message"]
            .sudo()
            ._receive(
                self,
                message_type,
                request.body,
                idempotency_key=f"api:{key}" if key else None,
                content_type=content_type,
                external_ref=(request.headers.get("X-Dist-Reference") or "")[:200] or False,
            )
        )
        if message.state == ms.DUPLICATE:
            return ApiResponse(200, self._api_message_body(message.duplicate_of_id))
        body = self._api_message_body(message)
        return ApiResponse(202, body, (("Location", body["status_url"]),))

    def _api_message_type(self, request):
        code = request.headers.get("X-Dist-Message-Type") or request.query.get("type")
        if not code:
            if not self.api_default_type_id:
                raise ApiRefusal(
                    400, "type-required", "Message type required.", "Send X-Dist-Message-Type."
                )
            return self.api_default_type_id
        message_type = (
            self.env["dist.message.type"]
            .sudo()
            .search([("code", "=", code), ("direction", "=", "inbound")], limit=1)
        )
        if not message_type:
            raise ApiRefusal(400, "unknown-type", "Unknown message type.", code[:64])
        return message_type

    def _api_message_body(self, message):
        return {
            "id": message.id,
            "type": message.type_id.code,
            "status": message.state,
            "received_at": fields.Datetime.to_string(message.received_at),
            "status_url": f"/dist/api/v1/{self.code}/messages/{message.id}",
        }

    @api.model
    def _api_refuse(self, refusal, backend, request):
        if refusal.event:
            self.env["dist.security.event"]._record(
                refusal.event,
                backend=backend or None,
                remote_addr=request.remote_addr,
                path=request.path,
                detail=refusal.detail or refusal.title,
            )
        return refusal.response()

    # ----------------------------------------------------------------------------- keys

    def action_create_api_key(self):
        """Create an API key and show it once (it is stored hashed only)."""
        self.ensure_one()
        _key, plain = self.env["dist.api.key"]._generate(self, self.env._("Key of %s", self.name))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("New API key: copy it now, it will not be shown again"),
                "message": plain,
                "sticky": True,
                "type": "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
