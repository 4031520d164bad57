# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from dist_core.gs1 import SSCC_APPLICATION_IDENTIFIER

# Code 128 function character 1 (as reportlab reads it): the start of a GS1-128 symbol.
FNC1 = "\xf1"


class StockQuantPackage(models.Model):
    """The SSCC-18 label of a package, assigned once from the company's ledger, and the pallet
    a carton travels on (the tare level of an 856 on pallets)."""

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
    dist_pallet_id = fields.Many2one(
        "stock.quant.package",
        string="On pallet",
        index="btree_not_null",
        ondelete="set null",
        help="The pallet this carton is loaded on: on an 856 on pallets (S/O/T/P/I) the pallet "
        "is a tare level with its own SSCC, above its cartons.",
    )
    dist_pallet_package_ids = fields.One2many(
        "stock.quant.package", "dist_pallet_id", string="Cartons on this pallet"
    )

    @api.constrains("dist_pallet_id")
    def _check_dist_pallet(self):
        for package in self.filtered("dist_pallet_id"):
            if package.dist_pallet_id == package or package.dist_pallet_id.dist_pallet_id:
                raise ValidationError(
                    self.env._(
                        "%(carton)s cannot go on %(pallet)s: a pallet carries cartons and "
                        "stands on no other pallet.",
                        carton=package.display_name,
                        pallet=package.dist_pallet_id.display_name,
                    )
                )
            if package.dist_pallet_package_ids:
                raise ValidationError(
                    self.env._(
                        "%(pallet)s carries cartons: it cannot itself go on a pallet.",
                        pallet=package.display_name,
                    )
                )

    def _dist_edi_sscc(self, company):
        """The SSCC of each package, assigned from ``company``'s ledger when it has none:
        ``{package: sscc}``."""
        ledger = self.env["dist.edi.sscc"].sudo()
        for package in self.filtered(lambda x: not x.dist_sscc).sorted("id"):
            package.sudo().dist_sscc = ledger._next_sscc(package.company_id or company)
        return {package: package.dist_sscc for package in self}

    # ----------------------------------------------------------------------------- label

    def _dist_sscc_barcode_value(self):
        """What the GS1-128 symbol encodes: FNC1, application identifier 00, the SSCC-18."""
        self.ensure_one()
        return f"{FNC1}{SSCC_APPLICATION_IDENTIFIER}{self.dist_sscc}"

    def _dist_sscc_human_readable(self):
        """``(00) 3 0614141 000000001 9``: the text under the bars, grouped as GS1 prints it
        (extension digit, company prefix and serial, check digit)."""
        self.ensure_one()
        sscc = self.dist_sscc or ""
        prefix = self._dist_sscc_prefix_length()
        parts = (sscc[:1], sscc[1 : 1 + prefix], sscc[1 + prefix : 17], sscc[17:])
        return f"({SSCC_APPLICATION_IDENTIFIER}) " + " ".join(p for p in parts if p)

    def _dist_sscc_prefix_length(self):
        ledgers = self.env["dist.edi.sscc"].sudo().search([("gs1_company_prefix", "!=", False)])
        prefixes = ledgers.mapped("gs1_company_prefix")
        known = [p for p in prefixes if (self.dist_sscc or "")[1:].startswith(p)]
        return len(max(known, key=len)) if known else 7

    def _dist_sscc_barcode_png(self):
        """The GS1-128 barcode of the SSCC as a base64 PNG (for the label report)."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "Code128", self._dist_sscc_barcode_value(), width=1200, height=300, humanreadable=0
        )
        return base64.b64encode(png).decode()
