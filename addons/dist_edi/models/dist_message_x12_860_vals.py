# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The plan of an 860 change: every line change resolved before anything is written.

POC02 decides what a line change may touch (:data:`LINE_CODES`). POC03 is the new ordered
quantity, not a difference, and POC06 the new price, both per the partner's unit (POC05, else the
850's): they become the line's quantity and price in the same proportion as the 850's, or, in
another unit, through the cross-references as the 850 converted. Items added (AI) are resolved,
converted and priced exactly like 850 lines, so an unknown item holds the whole 860; new prices
(added items, price changes) are checked against the pricelist within the partner's tolerance.
Sale order lines carry no date of their own: line dates (DTM under POC) go to the order's note.
A deleted line (DI) of a confirmed order keeps its row with quantity 0 (Odoo forbids deleting a
confirmed line); on a quotation it is deleted.
"""

from dataclasses import dataclass

from odoo import Command, models
from odoo.tools import float_compare, float_is_zero, float_round

from dist_core.errors import Category

from .dist_message_x12_850_vals import DATE_LABELS, ResolvedLine

QUANTITY = "quantity"
PRICE = "price"
DATES = "dates"
# POC02 codes of a line change (other than AI add and DI delete) and what each may change.
LINE_CODES = {
    "CA": frozenset({QUANTITY, PRICE, DATES}),  # changes to line items
    "RZ": frozenset({QUANTITY, PRICE, DATES}),  # replace all values
    "QI": frozenset({QUANTITY}),  # quantity increase
    "QD": frozenset({QUANTITY}),  # quantity decrease
    "PC": frozenset({PRICE}),  # price change
    "PQ": frozenset({QUANTITY, PRICE}),  # unit price and quantity change
    "RQ": frozenset({QUANTITY, DATES}),  # reschedule and quantity change
    "PR": frozenset({PRICE, DATES}),  # unit price and reschedule change
    "RS": frozenset({DATES}),  # reschedule
    "CT": frozenset({DATES}),  # change of dates
    "NC": frozenset(),  # concurrent item, no change
}
# Codes whose element must be there: a quantity change without POC03 says nothing.
REQUIRED = {"QI": QUANTITY, "QD": QUANTITY, "PQ": QUANTITY, "PC": PRICE}


@dataclass(frozen=True)
class PlannedLine:
    """One POC: the sale order line it changes (empty for an added item), the values to write
    (empty: nothing changes) and the texts of the order's note."""

    poc: object
    sale_line: object
    vals: dict
    texts: tuple
    delete: bool = False


@dataclass(frozen=True)
class ChangePlan:
    lines: tuple
    header_vals: dict
    texts: tuple


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _x12_860_plan(self, change, sale, policy, resolver):
        """Everything a purpose-04 860 changes; raises on any problem before a write."""
        if sale.state == "cancel":
            self._fail(
                f"860 change for PO {change.po_number}: sale order {sale.name} is cancelled",
                category=Category.BUSINESS_RULE,
                problem_key=f"860:cancelled:{change.po_number}",
            )
        for poc in change.lines:
            if not (poc.is_added or poc.is_removed or poc.change_code in LINE_CODES):
                self._fail(
                    f"860 line {poc.line_number} of PO {change.po_number}: change code "
                    f"{poc.change_code} (POC02) is not supported; supported: AI, DI, "
                    + ", ".join(LINE_CODES),
                    problem_key=f"860:code:{poc.change_code}",
                )
        products = sale.order_line.filtered(lambda line: not line.display_type)
        planned, priced = [], []
        for poc in change.lines:
            if poc.is_added:
                continue
            sale_line = self._x12_860_sale_line(change, poc, sale, products, resolver)
            item, resolved = self._x12_860_line_plan(change, poc, sale_line, resolver)
            planned.append(item)
            if resolved:
                priced.append(resolved)
        added, resolved_added = self._x12_860_added(change, sale, products, resolver)
        planned += added
        priced += resolved_added
        pricelist = sale.pricelist_id or sale.partner_id.property_product_pricelist
        price_notes = self._x12_850_check_prices(change, priced, policy, pricelist)
        header_vals, header_texts = self._x12_860_header(change, sale)
        affected = sale.order_line.browse(
            [item.sale_line.id for item in planned if item.vals and item.sale_line]
        )
        if header_vals:
            # A new date concerns every line of the order.
            affected = products
        shipped = sale._dist_edi_shipped_lines(affected)
        if shipped:
            labels = ", ".join(self._x12_860_line_label(line) for line in shipped)
            self._x12_860_fail_shipped(change, sale, f"already shipped: {labels}")
        if header_vals or any(item.vals for item in planned):
            self._x12_860_check_locked(change, sale)
        return ChangePlan(tuple(planned), header_vals, tuple(header_texts + price_notes))

    def _x12_860_apply(self, sale, plan):
        """Write the plan; returns the texts of the order's note."""
        creates = []
        for item in plan.lines:
            if not item.vals:
                continue
            if not item.sale_line:
                creates.append(Command.create(item.vals))
            elif item.delete and sale.state in ("draft", "sent"):
                item.sale_line.unlink()
            else:
                item.sale_line.write(item.vals)
        vals = dict(plan.header_vals)
        if creates:
            vals["order_line"] = creates
        if vals:
            sale.write(vals)
        return [text for item in plan.lines for text in item.texts] + list(plan.texts)

    # ----------------------------------------------------------------------------- lines

    def _x12_860_sale_line(self, change, poc, sale, products, resolver):
        """The order line of POC01 (the 850's PO101), else the only line of POC's item."""
        found = products.filtered(lambda line: line.dist_edi_line_number == poc.line_number)
        match = None
        if poc.item.ids:
            refs = [(i.qualifier, i.value) for i in poc.item.ids]
            match = resolver.product_many([refs], raise_missing=False)[0]
        if len(found) != 1 and match:
            found = products.filtered(lambda line: line.product_id == match.product)
        if len(found) != 1:
            self._fail(
                f"860 line {poc.line_number} ({poc.change_code}) of PO {change.po_number} "
                f"matches no line of sale order {sale.name}",
                problem_key=f"860:line:{change.po_number}:{poc.line_number}",
            )
        if match and match.product != found.product_id:
            self._fail(
                f"860 line {poc.line_number} of PO {change.po_number} names "
                f"{match.product.display_name}, but that line of sale order {sale.name} is "
                f"{found.product_id.display_name}; a replaced item is a DI and an AI",
                problem_key=f"860:line:{change.po_number}:{poc.line_number}",
            )
        return found

    def _x12_860_line_plan(self, change, poc, sale_line, resolver):
        """What one POC changes on ``sale_line``: ``(PlannedLine, ResolvedLine or None)``, the
        second for the price check when the price changes."""
        label = self._x12_860_line_label(sale_line)
        rounding = sale_line.product_uom.rounding
        old_quantity = sale_line.product_uom_qty
        if poc.is_removed:
            if float_is_zero(old_quantity, precision_rounding=rounding):
                return PlannedLine(poc, sale_line, {}, (f"{label}: already deleted",)), None
            vals = {"product_uom_qty": 0.0, "dist_edi_quantity": 0.0}
            text = f"{label}: deleted (quantity {old_quantity:g} -> 0)"
            return PlannedLine(poc, sale_line, vals, (text,), delete=True), None
        allowed = LINE_CODES[poc.change_code]
        required = REQUIRED.get(poc.change_code)
        missing = (required == QUANTITY and poc.quantity is None) or (
            required == PRICE and poc.unit_price is None
        )
        if missing:
            element = "POC03" if required == QUANTITY else "POC06"
            self._fail(
                f"860 line {poc.line_number} ({poc.change_code}) of PO {change.po_number} "
                f"carries no {required} ({element})",
                problem_key=f"860:{required}:{change.po_number}:{poc.line_number}",
            )
        vals, texts = {}, []
        quantity = old_quantity
        unit = sale_line.product_uom.name
        if QUANTITY in allowed and poc.quantity is not None:
            quantity = self._x12_860_quantity(poc, sale_line, resolver, float(poc.quantity))
            self._x12_860_check_direction(change, poc, old_quantity, quantity, rounding)
            if float_compare(quantity, old_quantity, precision_rounding=rounding):
                vals.update(product_uom_qty=quantity, dist_edi_quantity=float(poc.quantity))
                if poc.unit:
                    vals["dist_edi_unit"] = poc.unit
                texts.append(f"{label}: quantity {old_quantity:g} -> {quantity:g} {unit}")
        resolved = None
        if PRICE in allowed and poc.unit_price is not None:
            price = self._x12_860_price(poc, sale_line, resolver)
            digits = self.env["decimal.precision"].precision_get("Product Price")
            if float_compare(price, sale_line.price_unit, precision_digits=digits):
                vals.update(price_unit=price, dist_edi_unit_price=float(poc.unit_price))
                texts.append(f"{label}: price {sale_line.price_unit:.2f} -> {price:.2f}")
                resolved = ResolvedLine(poc, sale_line.product_id, quantity, price)
        if DATES in allowed:
            texts += [f"{label}: {self._x12_860_date_text(date)}" for date in poc.dates]
        texts += [f"{label}: {note.text}" for note in poc.notes if note.text]
        return PlannedLine(poc, sale_line, vals, tuple(texts)), resolved

    def _x12_860_quantity(self, poc, sale_line, resolver, partner_quantity):
        """``partner_quantity`` in POC05's unit (else the 850's) in the line's unit: in the 850's
        proportion for the 850's unit, else converted through the cross-references."""
        unit = (poc.unit or sale_line.dist_edi_unit or "").strip().upper()
        if (
            unit == (sale_line.dist_edi_unit or "").strip().upper()
            and sale_line.dist_edi_quantity
            and sale_line.product_uom_qty
        ):
            factor = sale_line.product_uom_qty / sale_line.dist_edi_quantity
            return float_round(
                partner_quantity * factor, precision_rounding=sale_line.product_uom.rounding
            )
        xref = None
        if poc.item.ids:
            refs = [(i.qualifier, i.value) for i in poc.item.ids]
            match = resolver.product_many([refs], raise_missing=False)[0]
            if match and match.product == sale_line.product_id:
                xref = match.xref
        pack = 0.0 if xref and xref.pack_size else self._x12_850_pack_size(poc)
        return resolver.convert_quantity(
            sale_line.product_id, partner_quantity, unit, pack_size=pack, xref=xref
        )

    def _x12_860_price(self, poc, sale_line, resolver):
        """POC06, a price per the partner's unit, as a price per unit of the line."""
        reference = float(poc.quantity) if poc.quantity else sale_line.dist_edi_quantity or 1.0
        quantity = self._x12_860_quantity(poc, sale_line, resolver, reference)
        price = float(poc.unit_price)
        return price * reference / quantity if quantity else price

    def _x12_860_check_direction(self, change, poc, old_quantity, quantity, rounding):
        """A QI that lowers the quantity (or a QD that raises it) is a partner sending a
        difference instead of the new quantity: a person must look."""
        sign = float_compare(quantity, old_quantity, precision_rounding=rounding)
        if (poc.change_code == "QI" and sign < 0) or (poc.change_code == "QD" and sign > 0):
            self._fail(
                f"860 line {poc.line_number} of PO {change.po_number}: {poc.change_code} gives "
                f"a quantity of {quantity:g} against {old_quantity:g} ordered (POC03 is the new "
                "ordered quantity)",
                problem_key=f"860:quantity:{change.po_number}:{poc.line_number}",
            )

    def _x12_860_added(self, change, sale, products, resolver):
        """AI lines resolved like 850 lines: ``([PlannedLine], [ResolvedLine])``."""
        added = change.added_lines
        if not added:
            return [], []
        numbers = set(products.mapped("dist_edi_line_number"))
        for poc in added:
            if poc.quantity is None or poc.quantity <= 0:
                self._fail(
                    f"860 line {poc.line_number} (AI) of PO {change.po_number} carries no "
                    "quantity (POC03)",
                    problem_key=f"860:quantity:{change.po_number}:{poc.line_number}",
                )
            if poc.line_number in numbers:
                self._fail(
                    f"860 adds line {poc.line_number} to PO {change.po_number}, which sale order "
                    f"{sale.name} already has",
                    problem_key=f"860:line:{change.po_number}:{poc.line_number}",
                )
        resolved = self._x12_850_resolve_lines(change, resolver, lines=added)
        sequence = max(sale.order_line.mapped("sequence") or [0])
        planned = []
        for offset, item in enumerate(resolved, start=1):
            vals = dict(self._get_x12_850_line_vals(item), sequence=sequence + offset * 10)
            text = (
                f"line {item.line.line_number} added: {item.product.display_name}, "
                f"{item.quantity:g} {item.product.uom_id.name}"
            )
            if item.price is not None:
                text += f" at {item.price:.2f}"
            texts = [text] + [self._x12_860_date_text(date) for date in item.line.dates]
            texts += [note.text for note in item.line.notes if note.text]
            planned.append(PlannedLine(item.line, sale.order_line.browse(), vals, tuple(texts)))
        return planned, resolved

    # ----------------------------------------------------------------------------- header

    def _x12_860_header(self, change, sale):
        """The commitment date the 850 would take from these DTMs, when it differs."""
        vals, texts = {}, []
        commitment = self._get_x12_850_commitment_date(change)
        if commitment and commitment != sale.commitment_date:
            vals["commitment_date"] = commitment
            old = sale.commitment_date.date().isoformat() if sale.commitment_date else "none"
            texts.append(f"commitment date {old} -> {commitment.date().isoformat()}")
        texts += [self._x12_860_date_text(date) for date in change.dates]
        return vals, texts

    @staticmethod
    def _x12_860_date_text(date):
        label = DATE_LABELS.get(date.qualifier, f"Date {date.qualifier}")
        return f"{label}: {date.value.isoformat()}"
