# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class DistSecurityEvent(models.Model):
    """A refused request to the inbound API: recorded for audit, never with secrets."""

    _name = "dist.security.event"
    _description = "Integration Security Event"
    _order = "id desc"
    _log_access = False

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True, index=True)
    backend_id = fields.Many2one(comodel_name="dist.backend", readonly=True, index=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True, index=True)
    kind = fields.Selection(
        selection=[
            ("unknown_backend", "Unknown backend"),
            ("missing_key", "Missing API key"),
            ("bad_key", "Wrong, revoked or expired API key"),
            ("bad_signature", "Bad signature"),
            ("ip_refused", "IP address not allowed"),
            ("too_large", "Body too large"),
            ("rate_limited", "Rate limit exceeded"),
            ("bad_request", "Bad request"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    remote_addr = fields.Char(readonly=True)
    path = fields.Char(readonly=True)
    detail = fields.Char(readonly=True)

    @api.model
    def _record(self, kind, backend=None, remote_addr=None, path=None, detail=None):
        return self.sudo().create(
            {
                "kind": kind,
                "backend_id": backend.id if backend else False,
                "company_id": backend.company_id.id if backend else False,
                "remote_addr": (remote_addr or "")[:64],
                "path": (path or "")[:255],
                "detail": (detail or "")[:255],
            }
        )
