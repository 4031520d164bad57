# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Compliance clocks: one record per outbound document a trading partner expects by a deadline.

* 855 (acknowledgment): starts when the 850 arrives (``received_at`` of the 850), due
  ``ack_855_hours`` later; subject: the sale order.
* 856 (ship notice): starts when a delivery of the order is done (``date_done``), due
  ``ship_notice_856_hours`` later and, when the partner's expected delivery (the order's
  ``commitment_date``, from the 850's requested delivery date) is still ahead at shipment,
  no later than that; subject: the delivery picking.
* 810 (invoice): starts at the same shipment, due ``invoice_810_days`` later; subject: the sale
  order (the invoice does not exist yet when the clock starts); the 810 of any customer invoice of
  the order stops every running 810 clock of the order (it invoices what shipped before it).

The deadlines are fixed when the clock starts. The outbound message of the document stops the
clock when it is sent (``dist_message_clock.py``): the measured hours are kept, the state says
met or late. A scheduled action warns (a to-do for the responsible user) and then reports a
breach (``dist.exception``, severity high, category SLA breach) while the clock runs; the
alerts live in ``dist_edi_clock_alerts.py``.
"""

from datetime import timedelta

from odoo import api, fields, models

RUNNING_STATES = ("running", "warned", "breached")
# Outbound message type -> the document whose clock it stops.
STOPPING_TYPES = {"x12.855.out": "855", "x12.856.out": "856", "x12.810.out": "810"}


class DistEdiClock(models.Model):
    _name = "dist.edi.clock"
    _description = "EDI Compliance Clock"
    _order = "due_at desc, id desc"

    _sql_constraints = [
        ("key_unique", "unique(key)", "One compliance clock per document."),
    ]

    key = fields.Char(
        required=True,
        readonly=True,
        help="The document the clock measures: 855:<sale order>, 856:<picking>, 810:<picking>.",
    )
    kind = fields.Selection(
        selection=[
            ("855", "855 acknowledgment"),
            ("856", "856 ship notice"),
            ("810", "810 invoice"),
        ],
        string="Document",
        required=True,
        readonly=True,
        index=True,
    )
    profile_id = fields.Many2one(
        comodel_name="dist.partner.profile",
        string="Trading partner",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="profile_id.partner_id", store=True)
    company_id = fields.Many2one(comodel_name="res.company", required=True, readonly=True)
    sale_id = fields.Many2one(
        comodel_name="sale.order", string="Sale order", readonly=True, index=True
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Shipment",
        readonly=True,
        index="btree_not_null",
        help="The done delivery the 856 and 810 clocks count from.",
    )
    res_model = fields.Char(string="Subject model", readonly=True)
    res_id = fields.Many2oneReference(string="Subject", model_field="res_model", readonly=True)
    start_at = fields.Datetime(string="Started", required=True, readonly=True)
    due_at = fields.Datetime(string="Due", required=True, readonly=True, index=True)
    warn_at = fields.Datetime(string="Warn from", required=True, readonly=True)
    delivery_due_at = fields.Datetime(
        string="Expected delivery",
        readonly=True,
        help="856 only: the partner's expected delivery, when it was still ahead at shipment; "
        "the ship notice is due before it.",
    )
    message_id = fields.Many2one(
        comodel_name="dist.message",
        string="Sent document",
        readonly=True,
        ondelete="set null",
        help="The outbound message whose sending stopped the clock.",
    )
    stopped_at = fields.Datetime(string="Stopped", readonly=True)
    measured_hours = fields.Float(
        digits=(16, 2), readonly=True, help="From start to the document being sent."
    )
    state = fields.Selection(
        selection=[
            ("running", "Running"),
            ("warned", "Warned"),
            ("breached", "Breached"),
            ("met", "On time"),
            ("late", "Late"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="running",
        readonly=True,
        index=True,
        help="Running, warned (deadline near: a to-do was scheduled), breached (past due, an "
        "exception is open); once the document is sent, on time or late. Cancelled: a person "
        "decided the document is not due.",
    )
    activity_id = fields.Many2one(comodel_name="mail.activity", readonly=True, ondelete="set null")
    exception_id = fields.Many2one(
        comodel_name="dist.exception", readonly=True, ondelete="set null"
    )

    @api.depends("kind", "res_model", "res_id")
    def _compute_display_name(self):
        for clock in self:
            subject = clock._subject()
            clock.display_name = f"{clock.kind} {subject.display_name or ''}".strip()

    # ----------------------------------------------------------------------------- actions

    def action_open_subject(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    def action_cancel(self):
        """A person decides the document is not due (e.g. the order was cancelled before it
        was acknowledged): the clock stops without a measure, its alerts are closed."""
        running = self.filtered(lambda c: c.state in RUNNING_STATES)
        note = self.env._("Clock cancelled by %s.", self.env.user.name)
        running.sudo()._close_alerts(note)
        running.sudo().write({"state": "cancelled", "stopped_at": fields.Datetime.now()})
        return True

    # ----------------------------------------------------------------------------- start

    @api.model
    def _start(self, kind, profile, subject, start_at, due_at, **links):
        """The clock of ``kind`` for ``subject`` (a sale order or a picking), created once:
        asking again returns the existing clock. Deadlines are fixed here. ``links``: ``sale``,
        ``picking`` and, for an 856, ``delivery_due`` (the expected delivery it must beat)."""
        sale, picking = links.get("sale"), links.get("picking")
        key = f"{kind}:{(picking or subject).id}" if kind != "855" else f"855:{subject.id}"
        existing = self.sudo().search([("key", "=", key)], limit=1)
        if existing:
            return existing
        warn_at = due_at - (due_at - start_at) * (profile.clock_warn_percent / 100.0)
        return self.sudo().create(
            {
                "key": key,
                "kind": kind,
                "profile_id": profile.id,
                "company_id": (sale or subject).company_id.id,
                "sale_id": sale.id if sale else False,
                "picking_id": picking.id if picking else False,
                "res_model": subject._name,
                "res_id": subject.id,
                "start_at": start_at,
                "due_at": due_at,
                "warn_at": max(start_at, min(warn_at, due_at)),
                "delivery_due_at": links.get("delivery_due") or False,
            }
        )

    @api.model
    def _start_855(self, profile, sale, po_message):
        """At intake of the 850: due ``ack_855_hours`` after the 850 arrived."""
        start = po_message.received_at or fields.Datetime.now()
        due = start + timedelta(hours=profile.ack_855_hours)
        return self._start("855", profile, sale, start, due, sale=sale)

    @api.model
    def _start_856(self, profile, picking):
        """At shipment: due ``ship_notice_856_hours`` later, and before the expected delivery
        when it is still ahead (goods shipped after it are late anyway: then the hours rule
        alone applies to the ship notice)."""
        start = picking.date_done or fields.Datetime.now()
        due = start + timedelta(hours=profile.ship_notice_856_hours)
        expected = picking.sale_id.commitment_date
        delivery_due = expected if expected and expected > start else False
        if delivery_due:
            due = min(due, delivery_due)
        return self._start(
            "856",
            profile,
            picking,
            start,
            due,
            sale=picking.sale_id,
            picking=picking,
            delivery_due=delivery_due,
        )

    @api.model
    def _start_810(self, profile, picking):
        """At shipment: due ``invoice_810_days`` after the goods left; subject the sale order."""
        start = picking.date_done or fields.Datetime.now()
        due = start + timedelta(days=profile.invoice_810_days)
        sale = picking.sale_id
        clock = self._start("810", profile, sale, start, due, sale=sale, picking=picking)
        if clock.state == "running":
            # Invoiced before shipping (invoicing on ordered quantities): already answered.
            sent = self._sent_810s(sale)
            if sent:
                clock._stop(sent[:1])
        return clock

    @api.model
    def _sent_810s(self, sale):
        invoices = sale.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        if not invoices:
            return self.env["dist.message"]
        return (
            self.env["dist.message"]
            .sudo()
            .search(
                [
                    ("type_id.code", "=", "x12.810.out"),
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", invoices.ids),
                    ("state", "in", ("sent", "accepted", "rejected")),
                ],
                order="sent_at, id",
            )
        )

    # ----------------------------------------------------------------------------- stop

    @api.model
    def _stop_for_messages(self, messages):
        """The outbound ``messages`` were sent: stop the running clocks of their documents."""
        for message in messages:
            kind = STOPPING_TYPES.get(message.type_id.code)
            if not kind or not message.res_id:
                continue
            clocks = self.sudo().search(
                [("state", "in", RUNNING_STATES), *self._domain_for_document(kind, message)]
            )
            clocks._stop(message)

    @api.model
    def _domain_for_document(self, kind, message):
        """The clocks a sent document of ``kind`` answers."""
        if kind == "810":
            return [("kind", "=", "810"), ("sale_id", "in", self._invoiced_orders(message).ids)]
        expected = {"855": "sale.order", "856": "stock.picking"}[kind]
        if message.res_model != expected:
            return [("id", "=", 0)]
        return [("key", "=", f"{kind}:{message.res_id}")]

    @api.model
    def _invoiced_orders(self, message):
        """The sale orders of the customer invoice an 810 carries (a credit note stops none)."""
        if message.res_model == "sale.order":
            return self.env["sale.order"].browse(message.res_id)
        if message.res_model != "account.move":
            return self.env["sale.order"]
        move = self.env["account.move"].sudo().browse(message.res_id).exists()
        if move.move_type != "out_invoice":
            return self.env["sale.order"]
        return move.line_ids.sale_line_ids.order_id

    def _stop(self, message):
        """Record when ``message`` went out and whether that was in time; close the alerts."""
        stopped = message.sent_at or fields.Datetime.now()
        for clock in self:
            hours = max(0.0, (stopped - clock.start_at).total_seconds() / 3600.0)
            late = stopped > clock.due_at
            clock.write(
                {
                    "state": "late" if late else "met",
                    "message_id": message.id,
                    "stopped_at": stopped,
                    "measured_hours": hours,
                }
            )
            clock._close_alerts(clock._stop_note(message, hours, late))

    def _stop_note(self, message, hours, late):
        due = fields.Datetime.to_string(self.due_at)
        if late:
            return self.env._(
                "%(doc)s sent after %(hours).1f h, late (due %(due)s UTC).",
                doc=message.name,
                hours=hours,
                due=due,
            )
        return self.env._(
            "%(doc)s sent after %(hours).1f h, in time (due %(due)s UTC).",
            doc=message.name,
            hours=hours,
            due=due,
        )

    # ----------------------------------------------------------------------------- helpers

    def _subject(self):
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            return self.env["sale.order"]
        return self.env[self.res_model].browse(self.res_id).exists()
