# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The GS1 logistic label of a package (4 x 6 in): ship from, ship to, carrier, PO, carton n of
m, and the SSCC-18 as a GS1-128 barcode. Printing a label takes the package's SSCC from the
company's ledger when it has none yet, so the label stuck on the carton at packing time and the
856 sent at shipping carry the same number."""

from odoo import api, models


class SsccLabelReport(models.AbstractModel):
    _name = "report.dist_edi.report_sscc_label"
    _description = "SSCC label (GS1-128) of packages"

    @api.model
    def _get_report_values(self, docids, data=None):
        packages = self.env["stock.quant.package"].browse(docids)
        return {"doc_ids": docids, "doc_model": packages._name, "labels": self._labels(packages)}

    @api.model
    def _labels(self, packages, picking=None):
        """One dict per package to print, in order, with its SSCC assigned. Cartons are
        numbered among the cartons of their delivery, pallets among its pallets."""
        labels = []
        for package in packages:
            lines = self._package_move_lines(package)
            if picking:
                lines = lines.filtered(lambda x, p=picking: x.picking_id == p) or lines
            delivery = lines[:1].picking_id or picking or self.env["stock.picking"]
            cartons = delivery.move_line_ids.result_package_id.sorted("id")
            if package.dist_pallet_package_ids:
                same = cartons.dist_pallet_id.sorted("id")
            else:
                same = cartons
            index = list(same).index(package) + 1 if package in same else 1
            company = package.company_id or delivery.company_id or self.env.company
            package._dist_edi_sscc(company)
            labels.append(self._label(package, delivery, index, max(len(same), index)))
        return labels

    @api.model
    def _package_move_lines(self, package):
        """The move lines that put ``package`` (or, for a pallet, its cartons) in a delivery,
        latest first."""
        packages = package | package.dist_pallet_package_ids
        return (
            self.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("result_package_id", "in", packages.ids),
                    ("picking_id.picking_type_code", "=", "outgoing"),
                ],
                order="id desc",
            )
        )

    @api.model
    def _label(self, package, picking, index, count):
        sale = picking.sale_id if picking else self.env["sale.order"]
        warehouse = picking.picking_type_id.warehouse_id if picking else None
        ship_from = (warehouse and warehouse.partner_id) or (
            picking.company_id.partner_id if picking else self.env.company.partner_id
        )
        carrier = sale.dist_edi_carrier_partner_id if sale else None
        return {
            "package": package,
            "picking": picking,
            "ship_from": ship_from,
            "ship_to": picking.partner_id if picking else None,
            "carrier": carrier.name if carrier else "",
            "po": sale.client_order_ref if sale else "",
            "bill_of_lading": picking.dist_bill_of_lading if picking else "",
            "index": index,
            "count": count,
            "pallet": bool(package.dist_pallet_package_ids),
            "sscc_text": package._dist_sscc_human_readable(),
            "barcode": package._dist_sscc_barcode_png(),
        }


class SsccLabelPickingReport(models.AbstractModel):
    _name = "report.dist_edi.report_sscc_label_picking"
    _description = "SSCC labels (GS1-128) of a delivery's packages"

    @api.model
    def _get_report_values(self, docids, data=None):
        labels = []
        for picking in self.env["stock.picking"].browse(docids):
            cartons = picking.move_line_ids.result_package_id.sorted("id")
            pallets = cartons.dist_pallet_id.sorted("id")
            labels += self.env["report.dist_edi.report_sscc_label"]._labels(
                cartons | pallets, picking=picking
            )
        return {"doc_ids": docids, "doc_model": "stock.picking", "labels": labels}
