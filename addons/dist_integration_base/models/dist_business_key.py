# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


class DistBusinessKey(models.Model):
    """A claimed business key (e.g. customer + PO number): at most one per scope and key.

    Claims are inserted with ``INSERT ... ON CONFLICT DO NOTHING``: a concurrent claimer of the same
    key waits for the first transaction and then finds the claim taken, so two workers handling two
    copies of the same order produce one business effect, whatever queue_job does.
    """

    _name = "dist.business.key"
    _description = "Integration Business Key"
    _order = "id desc"

    _sql_constraints = [
        ("scope_key_unique", "unique(scope, key)", "A business key can be claimed only once."),
    ]

    scope = fields.Char(required=True, readonly=True, help="e.g. sale.order.po")
    key = fields.Char(required=True, readonly=True, index=True)
    message_id = fields.Many2one(
        comodel_name="dist.message", readonly=True, index=True, ondelete="set null"
    )
    res_model = fields.Char(readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", readonly=True)

    def _claim(self, scope, key, message):
        """Claim ``(scope, key)`` for ``message``: return ``(claimed, claim_record)``."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "INSERT INTO dist_business_key (scope, key, message_id, create_uid, create_date,"
                " write_uid, write_date) VALUES (%s, %s, %s, %s, now() at time zone 'UTC',"
                " %s, now() at time zone 'UTC') ON CONFLICT (scope, key) DO NOTHING RETURNING id",
                scope,
                key,
                message.id or None,
                self.env.uid,
                self.env.uid,
            ),
            # A concurrent claimer gets a serialization failure: classified transient and retried,
            # and the retry finds the claim. Not a "bad query" worth an ERROR line.
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        if row:
            return True, self.browse(row[0])
        return False, self.sudo().search([("scope", "=", scope), ("key", "=", key)], limit=1)

    def _link_record(self, record):
        self.sudo().write({"res_model": record._name, "res_id": record.id})

    def _record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return None
        return self.env[self.res_model].browse(self.res_id).exists() or None
