# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockQuantPackage(models.Model):
    """The SSCC-18 label of a package, assigned once from the company's ledger."""

    _inherit = "stock.quant.package"

    _sql_constraints = [
        ("dist_sscc_unique", "unique(dist_sscc)", "An SSCC labels one package only."),
    ]

    dist_sscc = fields.Char(
        string="SSCC",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The SSCC-18 of this package (MAN*GM of the 856), taken from the company's SSCC "
        "ledger the first time the package is shipped on an EDI order; never reused.",
    )

    def _dist_edi_sscc(self, company):
        """The SSCC of each package, assigned from ``company``'s ledger when it has none:
        ``{package: sscc}``."""
        ledger = self.env["dist.edi.sscc"].sudo()
        for package in self.filtered(lambda x: not x.dist_sscc).sorted("id"):
            package.sudo().dist_sscc = ledger._next_sscc(package.company_id or company)
        return {package: package.dist_sscc for package in self}
