# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Transport configuration of a backend, inbox polling and the connection test.

The transports themselves are pure Python (dist_core.transports); this file builds their frozen
config from the backend and commits each polled file as a message in its own transaction before
the file leaves the partner's mailbox.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from dist_core.errors import classify
from dist_core.transports import LocalConfig, open_transport, poll
from dist_core.transports.base import ArchiveMode

_logger = logging.getLogger(__name__)
SYSTEM = "base.group_system"


class DistBackend(models.Model):
    _inherit = "dist.backend"

    transport = fields.Selection(
        selection=[
            ("none", "None"),
            ("local", "Local folder"),
            ("sftp", "SFTP"),
            ("http", "HTTPS"),
        ],
        default="none",
        required=True,
    )
    transport_root = fields.Char(string="Folder", help="Local folder transport: the root folder.")
    transport_host = fields.Char(string="Host")
    transport_port = fields.Integer(string="Port", default=22)
    transport_username = fields.Char(string="User name")
    transport_password = fields.Char(string="Password", groups=SYSTEM)
    transport_private_key = fields.Text(string="Private key", groups=SYSTEM)
    transport_passphrase = fields.Char(string="Key passphrase", groups=SYSTEM)
    transport_host_key = fields.Char(
        string="Host key fingerprint",
        help="SHA256:... as printed by ssh-keygen -lf; an unknown or changed key is refused.",
    )
    transport_inbox = fields.Char(string="Inbox folder", default="in")
    transport_archive = fields.Char(string="Archive folder", default="archive")
    transport_outbox = fields.Char(string="Outbox folder", default="out")
    transport_archive_mode = fields.Selection(
        selection=[("move", "Move to archive"), ("delete", "Delete")], default="move"
    )
    transport_min_age = fields.Integer(
        string="Minimum file age (s)",
        default=60,
        help="Files younger than this are left for the next poll: they may still be uploading.",
    )
    transport_ready_suffix = fields.Char(
        string="Ready marker suffix", help="e.g. .ok: a file is taken only once name.ok exists."
    )
    transport_max_file_kb = fields.Integer(string="Max file size (KiB)", default=51200)
    transport_url = fields.Char(string="URL")
    transport_http_auth = fields.Selection(
        selection=[
            ("none", "None"),
            ("bearer", "Bearer token"),
            ("basic", "Basic"),
            ("api_key", "API key header"),
            ("hmac", "HMAC signature"),
        ],
        default="none",
    )
    transport_token = fields.Char(string="Token / key / secret", groups=SYSTEM)
    transport_verify_tls = fields.Boolean(string="Verify TLS", default=True)
    transport_timeout = fields.Integer(string="Timeout (s)", default=30)
    poll_interval = fields.Integer(string="Poll every (min)", default=5)
    last_poll_at = fields.Datetime(readonly=True)
    inbound_type_id = fields.Many2one(
        comodel_name="dist.message.type",
        domain="[('direction', '=', 'inbound')]",
        help="Message type of the files found in the inbox.",
    )

    # ----------------------------------------------------------------------------- config

    def _transport_config(self):
        """The frozen dist_core config of this backend's transport."""
        self.ensure_one()
        folders = {
            "inbox_folder": self.transport_inbox or "in",
            "archive_folder": self.transport_archive or "archive",
            "outbox_folder": self.transport_outbox or "out",
            "archive_mode": ArchiveMode(self.transport_archive_mode or "move"),
            "max_file_size": (self.transport_max_file_kb or 51200) * 1024,
        }
        builder = getattr(self, f"_transport_config_{self.transport}", None)
        if builder is None:
            raise UserError(self.env._("Backend %s has no transport configured.", self.name))
        return builder(folders)

    def _transport_config_local(self, folders):
        return LocalConfig(root=self.transport_root or "", **folders)

    def _transport_config_sftp(self, folders):
        from dist_core.transports.sftp import SftpConfig  # paramiko loads only when used

        return SftpConfig(
            host=self.transport_host,
            port=self.transport_port or 22,
            username=self.transport_username,
            host_key_fingerprint=self.transport_host_key or "",
            password=self._secret("transport_password") or None,
            private_key=self._secret("transport_private_key") or None,
            passphrase=self._secret("transport_passphrase") or None,
            connect_timeout=self.transport_timeout or 30,
            operation_timeout=self.transport_timeout or 30,
            **folders,
        )

    def _transport_config_http(self, folders):
        from dist_core.transports.http import AuthMode, HttpConfig  # requests loads when used

        token = self._secret("transport_token") or None
        mode = AuthMode(self.transport_http_auth or "none")
        return HttpConfig(
            url=self.transport_url,
            auth_mode=mode,
            token=token,
            username=self.transport_username,
            password=token if mode == AuthMode.BASIC else None,
            api_key=token if mode == AuthMode.API_KEY else None,
            hmac_secret=token if mode == AuthMode.HMAC else None,
            verify_tls=self.transport_verify_tls,
            connect_timeout=self.transport_timeout or 30,
            read_timeout=self.transport_timeout or 30,
        )

    # ----------------------------------------------------------------------------- actions

    def action_test_connection(self):
        """Log in and list (SFTP, local) or reach the URL (HTTP); show the result."""
        self.ensure_one()
        try:
            with open_transport(self._transport_config()) as transport:
                result, kind = transport.test_connection(), "success"
        except Exception as exc:
            failure = classify(exc)
            result = self.env._(
                "%(cls)s failure: %(msg)s", cls=failure.error_class.value, msg=failure.message
            )
            kind = "danger"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": self.name, "message": result, "type": kind, "sticky": False},
        }

    def action_poll_now(self):
        for backend in self:
            backend._poll_inbox()
        return True

    # ----------------------------------------------------------------------------- polling

    @api.model
    def _cron_poll_inboxes(self):
        """Scheduled action: poll every due backend's inbox (each at its own interval)."""
        now = fields.Datetime.now()
        for backend in self.search([("transport", "in", ("local", "sftp"))]):
            due = not backend.last_poll_at or (
                backend.last_poll_at + timedelta(minutes=backend.poll_interval or 1) <= now
            )
            if due and backend.inbound_type_id:
                backend._poll_inbox()

    def _poll_inbox(self):
        """Commit each new inbox file as a message, then archive it. Returns the poll report."""
        self.ensure_one()
        if not self.inbound_type_id:
            raise UserError(self.env._("Backend %s has no inbound message type.", self.name))
        with open_transport(self._transport_config()) as transport:
            report = poll(
                transport,
                self._commit_polled_file,
                min_age_seconds=self.transport_min_age or 0,
                ready_marker_suffix=self.transport_ready_suffix or None,
            )
        self.sudo().write({"last_poll_at": fields.Datetime.now()})
        for outcome in report.failed:
            _logger.info(
                "backend %s: file %s not taken: %s",
                self.code,
                outcome.remote_file.name,
                outcome.failure.message if outcome.failure else "",
            )
        return report

    def _commit_polled_file(self, remote_file, data):
        """Store one polled file as a message in its own committed transaction.

        The poll archives the remote file only after this returns, so a crash in between leaves
        the file in the inbox; the next poll finds the message already stored for this file and
        content (checkpoint) and only archives. Same content under another name is a duplicate.
        """
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            backend = self.with_env(env).sudo()
            Message = env["dist.message"].sudo()
            message = Message._stored_for_file(backend, remote_file.name, data)
            if not message:
                message = Message._receive(
                    backend,
                    backend.inbound_type_id.code,
                    data,
                    filename=remote_file.name,
                )
            return message.id
