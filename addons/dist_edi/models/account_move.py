# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib

from odoo import fields, models

from dist_core import message_states as ms

# 810s of an invoice that have not left yet: a reset to draft cancels them.
UNSENT = (ms.PENDING, ms.GENERATED, ms.ERROR_TRANSIENT, ms.ERROR_PERMANENT, ms.DEAD)
CUSTOMER_MOVES = ("out_invoice", "out_refund")


class AccountMove(models.Model):
    """A posted customer invoice (or credit note) of an EDI sale order queues its 810.

    Posting twice, or resetting to draft and posting again, never sends the same invoice twice
    silently: the 810 is keyed on the invoice and a revision (``810:<move id>`` then
    ``810:<move id>:<revision>``). A repost whose content is unchanged keeps the 810 already
    queued or sent; a changed one takes the next revision (sent as a replacement, BIG08 05,
    when an earlier revision went out). A reset to draft cancels the 810s not sent yet.
    """

    _inherit = "account.move"

    dist_edi_810_revision = fields.Integer(
        string="810 revision",
        readonly=True,
        copy=False,
        help="Bumped when the invoice is posted again with another content than its last 810 "
        "(or after that 810 was cancelled unsent): each revision is its own 810.",
    )
    dist_edi_810_fingerprint = fields.Char(
        string="810 content fingerprint",
        readonly=True,
        copy=False,
        help="SHA-256 of what the last 810 of this invoice was queued for.",
    )

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._dist_edi_queue_810()
        return posted

    def button_draft(self):
        self._dist_edi_cancel_unsent_810()
        return super().button_draft()

    def _dist_edi_orders(self):
        """The EDI sale orders (ones created by an 850) this invoice bills."""
        self.ensure_one()
        orders = self.invoice_line_ids.sale_line_ids.order_id
        return orders.filtered("dist_edi_message_id").sorted("id")

    def _dist_edi_810_messages(self):
        """Every 810 of this invoice, newest first."""
        self.ensure_one()
        return (
            self.env["dist.message"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("type_id.code", "=", "x12.810.out"),
                ],
                order="id desc",
            )
        )

    def _dist_edi_810_content(self):
        """SHA-256 of what the 810 says: numbers, dates, terms, lines and totals."""
        self.ensure_one()
        lines = [
            (
                line.product_id.id,
                line.name,
                line.quantity,
                line.product_uom_id.id,
                line.price_unit,
                line.discount,
                line.price_subtotal,
                tuple(line.tax_ids.ids),
                tuple(line.sale_line_ids.ids),
            )
            for line in self.invoice_line_ids.filtered(lambda x: x.display_type == "product")
        ]
        content = (
            self.move_type,
            self.name,
            str(self.invoice_date),
            str(self.invoice_date_due),
            self.invoice_payment_term_id.id,
            self.currency_id.name,
            self.partner_id.id,
            self.amount_total,
            self.amount_tax,
            self.reversed_entry_id.name or "",
            lines,
        )
        return hashlib.sha256(repr(content).encode()).hexdigest()

    def _dist_edi_queue_810(self):
        """Queue the 810 of each posted customer invoice or credit note of an EDI order whose
        partner wants it (``invoice_810``, ``credit_note_810``); the message and the invoice
        (role ``invoice``) go on the PO's order thread. Returns the 810 messages (new or
        existing)."""
        # As superuser: the accountant who posts needs no rights on integration messages.
        messages = self.env["dist.message"].sudo()
        for move in self.sudo():
            if move.state != "posted" or move.move_type not in CUSTOMER_MOVES:
                continue
            orders = move._dist_edi_orders()
            po_message = orders[:1].dist_edi_message_id
            profile = po_message._partner_profile() if po_message else None
            if not profile or not profile._x12_810_wanted(move):
                continue
            message = move._dist_edi_810_message(po_message, profile)
            if po_message.thread_id:
                po_message.thread_id._add(messages=message, records=move, role="invoice")
            messages |= message
        return messages

    def _dist_edi_810_message(self, po_message, profile):
        """The 810 of this content: the last one when the content is unchanged and it was not
        cancelled, else a new revision."""
        content = self._dist_edi_810_content()
        last = self._dist_edi_810_messages()[:1]
        if last and last.state != ms.CANCELLED and self.dist_edi_810_fingerprint == content:
            return last
        values = {"dist_edi_810_fingerprint": content}
        if last:
            values["dist_edi_810_revision"] = self.dist_edi_810_revision + 1
        self.write(values)
        revision = self.dist_edi_810_revision
        key = f"810:{self.id}:{revision}" if revision else f"810:{self.id}"
        message = (
            self.env["dist.message"]
            .sudo()
            ._create_outbound(
                po_message.backend_id,
                "x12.810.out",
                self,
                idempotency_key=key,
                # The 997 that answers it comes from the profile's partner.
                partner=profile.partner_id,
            )
        )
        return message

    def _dist_edi_cancel_unsent_810(self):
        """Cancel the 810s of these invoices that have not been sent: the invoice they describe
        is being changed. Sent ones stay (they are history, and a repost with another content
        sends a replacement)."""
        for move in self.sudo().filtered(lambda x: x.move_type in CUSTOMER_MOVES):
            for message in move._dist_edi_810_messages().filtered(lambda x: x.state in UNSENT):
                message._set_state(ms.CANCELLED, reason=f"{move.name} reset to draft")
                message.exception_ids.filtered(lambda x: x.state in ("open", "in_progress")).write(
                    {
                        "state": "resolved",
                        "resolved_at": fields.Datetime.now(),
                        "resolution_note": self.env._(
                            "Cancelled: %s was reset to draft.", move.name
                        ),
                    }
                )
