# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class DistOrderThreadLink(models.Model):
    """A business record (sale order, picking, invoice...) attached to an order thread.

    Generic (model name + id) so that flows of other addons attach their records without the base
    depending on sale, stock or account. One link per thread, record and role.
    """

    _name = "dist.order.thread.link"
    _description = "Integration Order Thread Link"
    _order = "date, id"

    _sql_constraints = [
        (
            "record_role_unique",
            "unique(thread_id, res_model, res_id, role)",
            "A record is attached to a thread once per role.",
        ),
    ]

    thread_id = fields.Many2one(
        comodel_name="dist.order.thread", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="thread_id.company_id", store=True, index=True)
    res_model = fields.Char(required=True, index=True)
    res_id = fields.Many2oneReference(model_field="res_model", required=True, index=True)
    role = fields.Char(required=True, help="e.g. sale_order, picking, invoice, backorder")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    record_name = fields.Char(compute="_compute_record_name")

    def _compute_record_name(self):
        for link in self:
            record = link._record()
            link.record_name = record.display_name if record else f"{link.res_model},{link.res_id}"

    def action_open_record(self):
        """Open the linked business record."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    @api.model
    def _link(self, thread, records, role, date=None):
        """Attach ``records`` to ``thread`` with ``role``; records already attached are kept.

        ``INSERT ... ON CONFLICT DO NOTHING`` so that two workers attaching the same record at
        the same moment store one link.
        """
        self.env.flush_all()
        date = date or fields.Datetime.now()
        for record in records:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO dist_order_thread_link (thread_id, company_id, res_model, res_id,"
                    " role, date, create_uid, create_date, write_uid, write_date) VALUES (%s, %s,"
                    " %s, %s, %s, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')"
                    " ON CONFLICT (thread_id, res_model, res_id, role) DO NOTHING",
                    thread.id,
                    thread.company_id.id,
                    record._name,
                    record.id,
                    role,
                    date,
                    self.env.uid,
                    self.env.uid,
                ),
                log_exceptions=False,
            )
        thread.invalidate_recordset(["link_ids"])

    def _record(self):
        self.ensure_one()
        if self.res_model not in self.env:
            return None
        return self.env[self.res_model].sudo().browse(self.res_id).exists() or None

    def _timeline_item(self):
        self.ensure_one()
        return {
            "date": self.date,
            "sequence": self.id,
            "kind": "record",
            "label": self.record_name,
            "detail": self.role,
            "model": self.res_model,
            "res_id": self.res_id,
        }
