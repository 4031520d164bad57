# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

# Events shown on a thread's timeline: enough for a long order, bounded for a runaway one.
TIMELINE_LIMIT = 500


class DistOrderThread(models.Model):
    """Everything about one order, in one place: its messages and its business records.

    One record per business key (e.g. ``<partner id>:<PO number>``) and company. Flows attach
    their messages (850, 997, 855, 856, 810, acknowledgments, WMS events) and records (sale order,
    pickings, invoices) with :meth:`_attach`, which is idempotent and race-safe, so the base needs
    no dependency on sale or stock. The timeline merges the state changes of the messages with
    the attached records, by date.
    """

    _name = "dist.order.thread"
    _description = "Integration Order Thread"
    _order = "last_activity_at desc, id desc"

    _sql_constraints = [
        (
            "key_company_unique",
            "unique(key, company_id)",
            "An order thread exists once per business key and company.",
        ),
    ]

    name = fields.Char(required=True, index="trigram")
    key = fields.Char(required=True, readonly=True, index=True)
    partner_id = fields.Many2one(comodel_name="res.partner", index=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda s: s.env.company
    )
    message_ids = fields.One2many("dist.message", "thread_id", readonly=True)
    link_ids = fields.One2many("dist.order.thread.link", "thread_id", readonly=True)
    message_count = fields.Integer(compute="_compute_counts")
    link_count = fields.Integer(compute="_compute_counts")
    open_exception_count = fields.Integer(compute="_compute_counts")
    last_activity_at = fields.Datetime(readonly=True, index=True, default=fields.Datetime.now)
    timeline_html = fields.Html(compute="_compute_timeline_html", sanitize=False)

    @api.depends("message_ids", "link_ids")
    def _compute_counts(self):
        for thread in self:
            thread.message_count = len(thread.message_ids)
            thread.link_count = len(thread.link_ids)
            thread.open_exception_count = sum(thread.message_ids.mapped("open_exception_count"))

    def _compute_timeline_html(self):
        for thread in self:
            thread.timeline_html = thread._render_timeline(thread._timeline())

    # ----------------------------------------------------------------------------- actions

    def action_open_messages(self):
        """List the messages of this thread."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_integration_base.dist_message_action"
        )
        action["domain"] = [("thread_id", "=", self.id)]
        action["context"] = {}
        return action

    # ----------------------------------------------------------------------------- attach API

    @api.model
    def _attach(self, key, partner=None, messages=None, records=None, role=None, **options):
        """Find or create the thread of ``key`` and attach messages and records to it.

        ``key`` identifies the order within a company, e.g. ``f"{partner.id}:{po_number}"``.
        ``messages`` (dist.message) get their ``thread_id`` set; ``records`` (any model) are
        linked with ``role`` (e.g. ``sale_order``, ``picking``, ``invoice``). Options: ``name``
        (label of a new thread, default the key), ``company`` (default the messages' company,
        then the current one), ``date`` (of the links, default now). Idempotent (attaching twice
        changes nothing) and race-safe (two workers attaching the same key get one thread).
        Returns the thread.
        """
        messages = messages or self.env["dist.message"]
        company = options.get("company") or messages[:1].company_id or self.env.company
        thread = self._find_or_create(key, company, partner, options.get("name"))
        thread._add(messages, records, role, options.get("date"))
        if partner and not thread.partner_id:
            thread.sudo().write({"partner_id": partner.id})
        return thread

    def _add(self, messages=None, records=None, role=None, date=None):
        """Attach ``messages`` and ``records`` (with ``role``, links dated ``date``) to this
        thread, which the caller already holds (e.g. the thread of the PO's 850): no lookup by
        key. Idempotent like :meth:`_attach`. Returns the thread."""
        self.ensure_one()
        if messages:
            messages.sudo().filtered(lambda m: m.thread_id != self).write({"thread_id": self.id})
        if records:
            self.env["dist.order.thread.link"].sudo()._link(
                self, records, role or records._name, date
            )
        self.sudo().write({"last_activity_at": fields.Datetime.now()})
        return self

    @api.model
    def _find_or_create(self, key, company, partner=None, name=None):
        """Return the thread of ``(key, company)``, inserting it if needed.

        ``INSERT ... ON CONFLICT DO NOTHING``: a concurrent creator of the same key waits for the
        first transaction, then finds the thread (or gets a serialization failure that queue_job
        and the HTTP layer retry, and the retry finds it).
        """
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "INSERT INTO dist_order_thread (key, name, company_id, partner_id,"
                " last_activity_at, create_uid, create_date, write_uid, write_date)"
                " VALUES (%s, %s, %s, %s,"
                " now() at time zone 'UTC', %s, now() at time zone 'UTC', %s,"
                " now() at time zone 'UTC') ON CONFLICT (key, company_id) DO NOTHING RETURNING id",
                key,
                name or key,
                company.id,
                partner.id if partner else None,
                self.env.uid,
                self.env.uid,
            ),
            # A concurrent creator's serialization failure is retried, not a bad query.
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        if row:
            return self.sudo().browse(row[0])
        return self.sudo().search([("key", "=", key), ("company_id", "=", company.id)], limit=1)

    # ----------------------------------------------------------------------------- timeline

    def _timeline(self):
        """The thread's events, oldest first: message state changes and attached records.

        Each item is a dict with ``date``, ``kind`` (``message`` or ``record``), ``label``,
        ``detail`` and ``model``/``res_id`` to open it.
        """
        self.ensure_one()
        items = []
        events = (
            self.env["dist.message.event"]
            .sudo()
            .search(
                [("message_id", "in", self.message_ids.ids)],
                order="date desc, id desc",
                limit=TIMELINE_LIMIT,
            )
        )
        for event in events:
            change = f"{event.from_state or '-'} -> {event.to_state}"
            items.append(
                {
                    "date": event.date,
                    "sequence": event.id,
                    "kind": "message",
                    "label": event.message_id.name or "",
                    "detail": f"{change}: {event.reason}" if event.reason else change,
                    "model": "dist.message",
                    "res_id": event.message_id.id,
                }
            )
        items.extend(link._timeline_item() for link in self.link_ids)
        # Links and events created in the same instant: records after the event that made them.
        return sorted(
            items, key=lambda item: (item["date"], item["kind"] == "record", item["sequence"])
        )

    def _render_timeline(self, items):
        rows = Markup("").join(
            Markup(
                "<tr><td class='text-nowrap'>%s</td><td>%s</td>"
                "<td><a href='/odoo/%s/%s'>%s</a></td><td>%s</td></tr>"
            )
            % (
                fields.Datetime.to_string(item["date"]),
                escape(item["kind"]),
                escape(item["model"]),
                item["res_id"],
                escape(item["label"]),
                escape(item["detail"]),
            )
            for item in items
        )
        head = Markup(
            "<table class='table table-sm o_dist_timeline'><thead><tr><th>Date</th><th>Kind</th>"
            "<th>Document</th><th>What happened</th></tr></thead><tbody>"
        )
        return head + rows + Markup("</tbody></table>")
