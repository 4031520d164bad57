# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from dist_core.gs1 import GS1Error, build_sscc


class DistEdiSscc(models.Model):
    """The SSCC-18 serial ledger of a company: GS1 company prefix, extension digit, serial range
    and the last serial issued, never reused.

    ``_next_sscc`` takes the next serial with one ``UPDATE ... RETURNING`` under the row lock (as
    the control-number ledger does), so two workers labelling packages at once get distinct
    serials; the check digit is computed per GS1 (``dist_core.gs1.build_sscc``). A serial is only
    consumed when the transaction that took it commits: a rolled-back 856 gives it back together
    with the package's label.
    """

    _name = "dist.edi.sscc"
    _description = "SSCC Serial Ledger"
    _order = "company_id"
    _rec_name = "gs1_company_prefix"

    _sql_constraints = [
        ("company_unique", "unique(company_id)", "One SSCC ledger per company."),
        (
            "serial_range",
            "CHECK(serial_first >= 0 AND (serial_last = 0 OR serial_last >= serial_first))",
            "The last serial of the range must follow the first (0: up to the prefix's capacity).",
        ),
    ]

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    gs1_company_prefix = fields.Char(
        string="GS1 company prefix",
        required=True,
        help="The 7 to 10 digits GS1 assigned to the company.",
    )
    extension_digit = fields.Integer(
        default=0, help="SSCC digit 1 (0-9), free for the company's own use."
    )
    serial_first = fields.Integer(string="First serial", default=1)
    serial_last = fields.Integer(
        string="Last serial",
        default=0,
        help="The end of the range this company may use; 0: as many as the prefix leaves digits "
        "for (16 minus the prefix length).",
    )
    last_serial = fields.Integer(string="Last serial issued", readonly=True, default=0, copy=False)

    @api.constrains("gs1_company_prefix", "extension_digit")
    def _check_prefix(self):
        for ledger in self:
            try:
                build_sscc(ledger.extension_digit, ledger.gs1_company_prefix or "", 0)
            except GS1Error as exc:
                raise UserError(str(exc)) from None

    @api.model
    def _next_sscc(self, company):
        """The next SSCC-18 of ``company`` (18 digits, check digit included). Raises
        ``UserError`` without a ledger or when its range is exhausted."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "UPDATE dist_edi_sscc SET last_serial = GREATEST(last_serial + 1, serial_first)"
                " WHERE company_id = %s"
                " RETURNING last_serial, serial_last, gs1_company_prefix, extension_digit",
                company.id,
            )
        )
        row = cr.fetchone()
        if not row:
            raise UserError(
                self.env._(
                    "No SSCC ledger (GS1 company prefix) for company %s: configure one under "
                    "EDI > SSCC Serials.",
                    company.name,
                )
            )
        serial, last, prefix, extension = row
        self.invalidate_model(["last_serial"])
        capacity = 10 ** (16 - len(prefix)) - 1
        if serial > (last or capacity) or serial > capacity:
            raise UserError(
                self.env._(
                    "The SSCC serials of company %(company)s (prefix %(prefix)s) are exhausted.",
                    company=company.name,
                    prefix=prefix,
                )
            )
        return build_sscc(extension, prefix, serial)
