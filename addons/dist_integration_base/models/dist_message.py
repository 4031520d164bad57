# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from dist_core import message_states as ms
from dist_core.errors import Category, ErrorClass, Failure
from dist_core.idempotency import checksum

from ..sql_rows import insert_rows, prime_cache

_logger = logging.getLogger(__name__)

STATE_SELECTION = list(ms.STATES)
# Payloads up to this size are kept in the message row, larger ones in the filestore.
INLINE_PAYLOAD_MAX = 256 * 1024


class DistMessage(models.Model):
    """Every inbound and outbound payload: the message log, with one explicit state machine.

    State changes go through :meth:`write` only, which refuses illegal transitions and writes one
    immutable ``dist.message.event`` per change. Processing (jobs, retries, replay) lives in
    ``dist_message_processing.py``; this file holds the log itself and its receive API.
    """

    _name = "dist.message"
    _description = "Integration Message"
    _order = "id desc"

    name = fields.Char(readonly=True, index="trigram")
    direction = fields.Selection(
        selection=[(ms.INBOUND, "Inbound"), (ms.OUTBOUND, "Outbound")],
        required=True,
        readonly=True,
        index=True,
    )
    type_id = fields.Many2one(
        comodel_name="dist.message.type",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    backend_id = fields.Many2one(
        comodel_name="dist.backend", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(comodel_name="res.partner", index=True, readonly=True)
    state = fields.Selection(selection=STATE_SELECTION, required=True, readonly=True, index=True)
    idempotency_key = fields.Char(required=True, readonly=True, index=True)
    duplicate_of_id = fields.Many2one(
        comodel_name="dist.message", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    duplicate_ids = fields.One2many("dist.message", "duplicate_of_id", readonly=True)
    parent_id = fields.Many2one(
        comodel_name="dist.message", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    child_ids = fields.One2many("dist.message", "parent_id", readonly=True)
    external_ref = fields.Char(readonly=True, index="btree_not_null")
    filename = fields.Char(readonly=True)
    content_type = fields.Char(readonly=True)
    payload = fields.Binary(
        string="Payload file", attachment=True, readonly=True, help="Payloads over 256 KiB."
    )
    payload_inline = fields.Binary(
        string="Payload", attachment=False, readonly=True, help="Payloads up to 256 KiB."
    )
    payload_sha256 = fields.Char(readonly=True, index="btree_not_null")
    payload_size = fields.Integer(readonly=True)
    payload_purged = fields.Boolean(readonly=True)
    ordering_key = fields.Char(
        readonly=True,
        index="btree_not_null",
        help="Messages with the same ordering key (e.g. one order) are processed in arrival order.",
    )
    received_at = fields.Datetime(readonly=True, index=True)
    processed_at = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)
    acknowledged_at = fields.Datetime(readonly=True)
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True)
    last_error_class = fields.Selection(
        selection=[("transient", "Transient"), ("permanent", "Permanent")], readonly=True
    )
    last_error_category = fields.Char(readonly=True)
    last_error_message = fields.Text(readonly=True)
    last_error_traceback = fields.Text(
        readonly=True, groups="dist_integration_base.dist_integration_base_group_manager"
    )
    res_model = fields.Char(readonly=True, index="btree_not_null")
    res_id = fields.Many2oneReference(model_field="res_model", readonly=True)
    event_ids = fields.One2many("dist.message.event", "message_id", readonly=True)
    exception_ids = fields.One2many("dist.exception", "message_id", readonly=True)
    open_exception_count = fields.Integer(compute="_compute_open_exception_count")

    def init(self):
        # The idempotency constraint: one original per backend, type and key. Duplicates point to
        # their original and are outside the index, so a second delivery is stored, not refused.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS dist_message_idempotency_unique
                ON dist_message (backend_id, type_id, idempotency_key)
                WHERE duplicate_of_id IS NULL;
            CREATE INDEX IF NOT EXISTS dist_message_state_id_idx ON dist_message (state, id DESC);
            CREATE INDEX IF NOT EXISTS dist_message_backend_state_idx
                ON dist_message (backend_id, state, received_at);
            """
        )

    def _compute_open_exception_count(self):
        groups = self.env["dist.exception"]._read_group(
            [("message_id", "in", self.ids), ("state", "in", ("open", "in_progress"))],
            ["message_id"],
            ["__count"],
        )
        counts = {message.id: count for message, count in groups}
        for message in self:
            message.open_exception_count = counts.get(message.id, 0)

    # ----------------------------------------------------------------------------- state machine

    def write(self, vals):
        """All state changes pass here: illegal ones raise, legal ones are audited."""
        if "state" not in vals:
            return super().write(vals)
        target = vals["state"]
        events = []
        for message in self:
            try:
                ms.check_transition(message.direction, message.state, target)
            except ms.IllegalTransition as exc:
                raise UserError(
                    self.env._("Message %(name)s: %(error)s.", name=message.display_name, error=exc)
                ) from exc
            events.append(message._event_values(message.state, target))
        result = super().write(vals)
        self._create_events(events)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Messages are never deleted: cancel them, or let retention purge old payloads."
            )
        )

    def _set_state(self, target, reason=None, failure=None, **values):
        """Move to ``target`` with a reason (and the failure that caused it) for the audit."""
        context = {"dist_reason": reason, "dist_failure": failure}
        return self.with_context(**context).write(dict(values, state=target))

    def _event_values(self, from_state, to_state):
        failure = self.env.context.get("dist_failure")
        return {
            "message_id": self.id,
            "company_id": self.company_id.id,
            "from_state": from_state or False,
            "to_state": to_state,
            "user_id": self.env.uid,
            "job_uuid": self.env.context.get("job_uuid"),
            "reason": (self.env.context.get("dist_reason") or "")[:255] or False,
            "error_class": failure.error_class.value if failure else False,
            "error_category": failure.category.value if failure else False,
            "error_message": failure.message if failure else False,
        }

    def _create_events(self, values_list):
        """Append audit events: plain INSERTs (the rows are immutable, their values in hand)."""
        if values_list:
            events = self.env["dist.message.event"].sudo()
            defaults = {"date": fields.Datetime.now()}
            names = sorted({name for values in values_list for name in values} | set(defaults))
            rows = [{n: vals.get(n, defaults.get(n, False)) for n in names} for vals in values_list]
            insert_rows(events, rows)
            self.invalidate_recordset(["event_ids"])

    # ----------------------------------------------------------------------------- receive API

    @api.model
    def _receive(
        self,
        backend,
        type_code,
        payload,
        *,
        idempotency_key=None,
        enqueue=True,
        **metadata,
    ):
        """Store an inbound payload, idempotently, and (by default) enqueue its processing.

        ``type_code`` is a message type code or record; ``payload`` the raw bytes as received.
        ``idempotency_key`` defaults to the payload's SHA-256. A second delivery with the same key
        is stored as ``duplicate`` pointing to the original and never processed. ``metadata`` may
        hold filename, content_type, external_ref, partner_id, parent_id, ordering_key. Returns
        the new message (original or duplicate).

        An original costs one INSERT with all its values (and the payload in the row when it is
        small), one INSERT of its audit event and the job: this is the inbound API's hot path.
        """
        message_type = type_code
        if not isinstance(type_code, models.BaseModel):
            message_type = self.env["dist.message.type"]._by_code(type_code, ms.INBOUND)
        sha = checksum(payload)
        key = idempotency_key or f"sha256:{sha}"
        values = self._payload_values(payload, sha, message_type, metadata)
        message = (
            self.with_context(dist_reason="received")
            .sudo()
            ._insert_original(backend, message_type, key, values)
        )
        if message:
            if enqueue:
                message._delay_process(new=True)
            return message.with_env(self.env)
        original = self.sudo().search(
            [
                ("backend_id", "=", backend.id),
                ("type_id", "=", message_type.id),
                ("idempotency_key", "=", key),
                ("duplicate_of_id", "=", False),
            ],
            limit=1,
        )
        duplicate = self.sudo().create(
            dict(
                values,
                direction=ms.INBOUND,
                type_id=message_type.id,
                backend_id=backend.id,
                company_id=backend.company_id.id,
                idempotency_key=key,
                duplicate_of_id=original.id,
                state=ms.DUPLICATE,
            )
        )
        duplicate.with_context(dist_reason=f"duplicate of message {original.id}")._create_events(
            [duplicate._event_values(False, ms.DUPLICATE)]
        )
        if original.payload_sha256 and original.payload_sha256 != sha:
            # Same key, other content: the sender reused a key (or X12 control numbers) for a
            # different document. Never processed as it is; a person must look.
            failure = Failure(
                ErrorClass.PERMANENT,
                Category.DUPLICATE,
                f"idempotency key {key} reused with different content (original "
                f"{original.name or original.id}); this delivery is stored, not processed",
            )
            self.env["dist.exception"].sudo()._report(
                duplicate, failure, problem_key=f"key-reused:{key}"[:250], severity="high"
            )
        return duplicate

    def _insert_original(self, backend, message_type, key, values=None):
        """Insert the message that holds the idempotency key, with ``values``, and audit its
        first state; an empty recordset when an original already has the key.

        One ``INSERT ... ON CONFLICT DO NOTHING`` on the partial unique index: two workers
        storing the same key at once get one row, the other an empty result. Attachment values
        (a large payload) are written through the ORM after the insert.
        """
        self.env.flush_all()
        values = dict(values or {})
        later = {
            name: values.pop(name)
            for name in list(values)
            if self._fields[name].type == "binary" and self._fields[name].attachment
        }
        row = dict(
            {name: value for name, value in values.items() if value is not False},
            direction=message_type.direction,
            type_id=message_type.id,
            backend_id=backend.id,
            company_id=backend.company_id.id,
            idempotency_key=key,
            state=ms.INITIAL[message_type.direction],
            attempts=0,
            create_uid=self.env.uid,
            write_uid=self.env.uid,
        )
        ids = insert_rows(
            self,
            [row],
            suffix=SQL(
                "ON CONFLICT (backend_id, type_id, idempotency_key)"
                " WHERE duplicate_of_id IS NULL DO NOTHING"
            ),
        )
        if not ids:
            return self.browse()
        message = self.browse(ids[0])
        prime_cache(message, dict(row, duplicate_of_id=False, next_attempt_at=False))
        if any(later.values()):
            message.write(later)
        message._create_events([message._event_values(False, row["state"])])
        return message

    @api.model
    def _payload_values(self, payload, sha, message_type, metadata):
        label = metadata.get("external_ref") or metadata.get("filename") or sha[:12]
        return dict(
            metadata,
            name=f"{message_type.code} {label}",
            payload_sha256=sha,
            payload_size=len(payload),
            content_type=metadata.get("content_type") or message_type.content_type,
            received_at=fields.Datetime.now(),
            **self._payload_storage(payload),
        )

    @api.model
    def _payload_storage(self, payload):
        """Field values storing ``payload``: small ones in the message row (no filestore round
        trip on the receive path), larger ones as an attachment in the filestore."""
        encoded = base64.b64encode(payload) if payload else False
        if payload and len(payload) <= INLINE_PAYLOAD_MAX:
            return {"payload_inline": encoded, "payload": False}
        return {"payload": encoded, "payload_inline": False}

    def _payload_bytes(self):
        self.ensure_one()
        message = self.sudo()
        return base64.b64decode(message.payload_inline or message.payload or b"")

    def _link_record(self, record):
        """Point the message at the main business record it produced or concerns."""
        self.sudo().write({"res_model": record._name, "res_id": record.id})

    def action_open_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
