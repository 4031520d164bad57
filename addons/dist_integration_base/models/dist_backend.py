# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import config

from dist_core.retry import RetryPolicy


class DistBackend(models.Model):
    """An external system the hub exchanges messages with (EDI provider, VAN, WMS, 3PL...).

    Transports, credentials and processing options are added by the backbone and transport layers;
    this record is the anchor every message, job channel and partner profile points to.
    """

    _name = "dist.backend"
    _description = "Integration Backend"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            "The backend code is used in API URLs and must be unique.",
        ),
        (
            "retry_policy_valid",
            "CHECK(retry_max_attempts >= 1 AND retry_base_seconds >= 1"
            " AND retry_max_seconds >= retry_base_seconds)",
            "Retries need at least one attempt and a maximum delay above the first delay.",
        ),
    ]

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short identifier used in URLs and file names, e.g. 'spscommerce' or 'wms-east'.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    kind = fields.Selection(
        selection=[
            ("edi_provider", "EDI provider"),
            ("van", "VAN"),
            ("wms", "WMS"),
            ("tpl", "3PL"),
            ("carrier", "Carrier"),
            ("portal", "Portal / marketplace"),
            ("generic", "Generic"),
        ],
        required=True,
        default="generic",
        tracking=True,
    )
    environment = fields.Selection(
        selection=[("test", "Test"), ("production", "Production")],
        required=True,
        default="test",
        tracking=True,
        help="A test backend never produces real business effects at partners.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    job_channel = fields.Char(
        compute="_compute_job_channel",
        store=True,
        readonly=False,
        help="queue_job channel the backend's jobs run in (see odoo.conf [queue_job] channels).",
    )
    note = fields.Html()
    retry_max_attempts = fields.Integer(
        default=5, help="Attempts before a transient failure becomes a dead letter."
    )
    retry_base_seconds = fields.Integer(
        default=30, help="First retry delay; each further retry waits twice as long (+/-20 %)."
    )
    retry_max_seconds = fields.Integer(default=3600, help="Longest wait between two attempts.")
    retention_days = fields.Integer(
        default=180,
        help="Payloads of finished messages older than this are purged (0: keep forever). "
        "Messages in error, dead or waiting are never purged.",
    )

    def _secret(self, field_name):
        """A credential: from the Odoo configuration file section ``[dist_backend.<code>]`` when
        set there (for those who keep secrets out of the database), else from the field."""
        self.ensure_one()
        section = config.misc.get(f"dist_backend.{self.code}", {})
        value = section.get(field_name.removeprefix("api_").removeprefix("transport_"))
        return value or self.sudo()[field_name] or ""

    def _retry_policy(self):
        self.ensure_one()
        return RetryPolicy(
            max_attempts=self.retry_max_attempts,
            base_seconds=self.retry_base_seconds,
            max_seconds=self.retry_max_seconds,
        )

    @api.depends("kind")
    def _compute_job_channel(self):
        by_kind = {
            "edi_provider": "root.dist.edi",
            "van": "root.dist.edi",
            "wms": "root.dist.wms",
            "tpl": "root.dist.wms",
        }
        for backend in self:
            if not backend.job_channel or backend.job_channel.startswith("root.dist"):
                backend.job_channel = by_kind.get(backend.kind, "root.dist")
