# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class DistXrefMixin(models.AbstractModel):
    """What every cross-reference table shares: an optional partner profile (empty: the row
    applies to every partner, a profile's own row wins), a company, and a unique business key.

    ``_xref_key_fields`` names the business key; a unique index on (company, profile, key) guards
    it against concurrent imports, and a constraint explains a duplicate in words. Fields listed in
    ``_xref_upper_fields`` are stored upper-cased, key fields stripped, as partners send them.
    """

    _name = "dist.xref.mixin"
    _description = "Cross-reference Table"
    _xref_key_fields = ()
    _xref_upper_fields = ()
    _xref_strip_fields = ()

    profile_id = fields.Many2one(
        comodel_name="dist.partner.profile",
        index=True,
        ondelete="cascade",
        help="Empty: the row applies to every partner; a row of the partner's profile wins.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="The profile's company; for a row without profile, empty means every company.",
    )
    active = fields.Boolean(default=True)

    def init(self):
        # An exclusion constraint rather than a unique index: it can be deferred to the commit,
        # so the constraint below explains a duplicate in words first, while concurrent imports
        # are still refused by the database.
        if self._abstract or not self._xref_key_fields:
            return
        name = f"{self._table}_business_key_unique"
        self.env.cr.execute(SQL("SELECT 1 FROM pg_constraint WHERE conname = %s", name))
        if self.env.cr.rowcount:
            return
        parts = [SQL("COALESCE(company_id, 0) WITH ="), SQL("COALESCE(profile_id, 0) WITH =")]
        for field_name in self._xref_key_fields:
            empty = SQL("0") if self._fields[field_name].type == "many2one" else SQL("''")
            parts.append(SQL("COALESCE(%s, %s) WITH =", SQL.identifier(field_name), empty))
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s ADD CONSTRAINT %s EXCLUDE USING btree (%s)"
                " DEFERRABLE INITIALLY DEFERRED",
                SQL.identifier(self._table),
                SQL.identifier(name),
                SQL(", ").join(parts),
            )
        )

    @api.depends("profile_id")
    def _compute_company_id(self):
        for record in self.filtered("profile_id"):
            record.company_id = record.profile_id.company_id

    @api.constrains(lambda self: ("profile_id", "company_id", *self._xref_key_fields))
    def _check_business_key_unique(self):
        for record in self:
            domain = [
                ("id", "!=", record.id),
                ("profile_id", "=", record.profile_id.id),
                ("company_id", "=", record.company_id.id),
            ]
            domain += [(name, "=", record[name] or False) for name in self._xref_key_fields]
            if self.with_context(active_test=False).search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "%(table)s: %(key)s is already mapped for %(scope)s (archived rows count).",
                        table=self._description,
                        key=" / ".join(str(record[name] or "") for name in self._xref_key_fields),
                        scope=record.profile_id.display_name or self.env._("every partner"),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalize_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalize_vals(vals))

    def _normalize_vals(self, vals):
        vals = dict(vals)
        for name in self._xref_key_fields + self._xref_upper_fields + self._xref_strip_fields:
            if self._fields[name].type == "char" and name in vals:
                value = (vals[name] or "").strip()
                vals[name] = (value.upper() if name in self._xref_upper_fields else value) or False
        return vals
