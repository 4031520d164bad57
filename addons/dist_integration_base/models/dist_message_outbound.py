# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Outbound messages: pending -> generated (payload built) -> sent (transport) -> accepted."""

import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from dist_core import message_states as ms
from dist_core.idempotency import checksum
from dist_core.transports import open_transport

RESENDABLE = (ms.SENT, ms.ACCEPTED, ms.REJECTED, ms.DEAD, ms.ERROR_PERMANENT)


class DistMessage(models.Model):
    _inherit = "dist.message"

    @api.model
    def _create_outbound(
        self, backend, type_code, record, *, idempotency_key, enqueue=True, partner=None
    ):
        """Create the outbound message of ``record`` once per key; return it (new or existing).

        The key is the business key of the document (e.g. ``856:<picking>``): asking twice, even
        from two workers at once, yields one message and so one document. ``partner`` is whom the
        document is addressed to (a trading partner, whose acknowledgment answers it; an
        existing message is readdressed to it); default: the record's partner.
        """
        message_type = self.env["dist.message.type"]._by_code(type_code, ms.OUTBOUND)
        addressee = partner
        partner = partner or getattr(record, "partner_id", self.env["res.partner"])
        message = (
            self.with_context(dist_reason="created")
            .sudo()
            ._insert_original(
                backend,
                message_type,
                idempotency_key,
                {
                    "name": f"{message_type.code} {record.display_name}",
                    "res_model": record._name,
                    "res_id": record.id,
                    "partner_id": partner.id,
                },
            )
        )
        if not message:
            existing = self.search(
                [
                    ("backend_id", "=", backend.id),
                    ("type_id", "=", message_type.id),
                    ("idempotency_key", "=", idempotency_key),
                    ("duplicate_of_id", "=", False),
                ],
                limit=1,
            )
            if addressee and existing and existing.partner_id != addressee:
                existing.write({"partner_id": addressee.id})
            return existing
        message = message.with_env(self.env)
        if enqueue:
            message._delay_process(new=True)
        return message

    def _process_outbound(self):
        """Generate the payload if there is none yet, then send it."""
        if self.state not in (ms.PENDING, ms.GENERATED, ms.ERROR_TRANSIENT):
            return f"{self.name}: nothing to do in state {self.state}"
        self.sudo().write({"attempts": self.attempts + 1})
        # Generation and sending are separate steps: a document generated once keeps its payload
        # (and its control numbers) when the send fails, and the retry sends the same bytes.
        try:
            if self.state == ms.PENDING or not self.payload_sha256:
                with self.env.cr.savepoint():
                    self._generate()
            with self.env.cr.savepoint():
                receipt = self._send()
        except Exception as exc:  # every failure is classified and recorded, never lost
            self.env.invalidate_all()
            return self._record_failure(exc)
        self.exception_ids._auto_resolve(self)
        return f"{self.name}: sent to {receipt.location}"

    def _generate(self):
        payload, filename = self._handler("_dist_generate_")()
        sha = checksum(payload)
        self.sudo()._set_state(
            ms.GENERATED,
            reason=f"generated {len(payload)} bytes",
            payload_sha256=sha,
            payload_size=len(payload),
            filename=filename or f"{self.type_id.code}-{self.id}",
            content_type=self.type_id.content_type,
            **self._payload_storage(payload),
        )

    def _send(self):
        with open_transport(self.backend_id._transport_config()) as transport:
            receipt = transport.upload(self.filename, self._payload_bytes())
        self.sudo()._set_state(
            ms.SENT,
            reason=f"sent to {receipt.location}",
            sent_at=fields.Datetime.now(),
            next_attempt_at=False,
        )
        return receipt

    def action_resend(self):
        """Resend as-is: the same payload (and so the same control numbers) goes out again."""
        for message in self:
            if message.direction != ms.OUTBOUND or message.state not in RESENDABLE:
                raise UserError(self.env._("%s cannot be resent as-is.", message.name))
            if not message.payload_sha256 or message.payload_purged:
                raise UserError(self.env._("%s has no payload to resend.", message.name))
            message.sudo()._set_state(
                ms.GENERATED, reason=self.env._("resend requested by %s", self.env.user.name)
            )
        self.sudo()._delay_process()
        return True

    def action_regenerate(self):
        """Regenerate with the current data and configuration, then send."""
        for message in self:
            if message.direction != ms.OUTBOUND or message.state not in RESENDABLE:
                raise UserError(self.env._("%s cannot be regenerated.", message.name))
            message.sudo()._set_state(
                ms.PENDING,
                reason=self.env._("regeneration requested by %s", self.env.user.name),
                payload_sha256=False,
            )
        self.sudo()._delay_process()
        return True

    # ----------------------------------------------------------------------------- generic type

    def _dist_generate_contact_export(self):
        """``generic.contact.export``: the linked contact as JSON (reference outbound type)."""
        partner = self.env["res.partner"].browse(self.res_id).exists()
        if not partner:
            self._fail("the contact to export no longer exists", problem_key="contact:gone")
        data = {"ref": partner.ref, "name": partner.name, "email": partner.email or None}
        payload = json.dumps(data, sort_keys=True).encode()
        return payload, f"contact-{partner.ref or partner.id}-{self.id}.json"
