# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The partner's lines of an EDI order as they stand: the 850's lines, plus the lines the 860s
applied to the order added (``POC02`` AI), each with what intake resolved for it (product,
quantity in our unit, price). The documents that echo the partner's item ids and units back (856,
810) read them here, so a line an 860 added ships and bills under the ids the partner sent for
it, and turn our quantities into the partner's with :meth:`_x12_partner_quantity`."""

from decimal import Decimal

from odoo import models

from dist_core import message_states as ms
from dist_core.x12.mappers import order_from_850


class PartnerLine:
    """One PO line: the canonical line, and its intake resolution computed on first use (an 856
    needs it only for a line the partner has since cancelled)."""

    __slots__ = ("line", "_resolve", "_resolved")

    def __init__(self, line, resolve):
        self.line = line
        self._resolve = resolve
        self._resolved = None

    def _intake(self):
        if self._resolved is None:
            self._resolved = self._resolve(self.line)
        return self._resolved

    @property
    def product(self):
        return self._intake().product

    @property
    def quantity(self):
        """The line's quantity in our product's unit, as intake resolved it."""
        return self._intake().quantity

    @property
    def price(self):
        return self._intake().price


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _x12_order_lines(self, po_message, profile, sale):
        """``(canonical 850, {PO101: PartnerLine})`` of ``sale``, 860-added lines included;
        each line resolves its intake terms itself if and when asked (only a line the partner
        has since cancelled needs them)."""
        transaction_set = po_message._x12_850_transaction_set()
        order = order_from_850(
            transaction_set.segments,
            transaction_set.delimiters,
            po_message._x12_850_mapper_options(profile),
        )
        sources = [(po_message, order, list(order.lines))]
        known = {line.line_number for line in order.lines}
        changes = self.sudo().search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", sale.id),
                ("type_id.code", "=", "x12.860"),
                ("state", "=", ms.PROCESSED),
            ],
            order="id",
        )
        for change_message in changes:
            change = change_message._x12_860_read()[1]
            added = [x for x in change.added_lines if x.line_number not in known]
            known.update(x.line_number for x in added)
            if added:
                sources.append((change_message, change, added))
        resolvers = []

        def resolver():
            if not resolvers:
                resolvers.append(po_message._xref_resolver(profile))
            return resolvers[0]

        lines = {}
        for source, document, items in sources:
            for line in items:

                def one(line, source=source, document=document):
                    return source._x12_850_resolve_lines(document, resolver(), lines=[line])[0]

                lines[line.line_number] = PartnerLine(line, one)
        return order, lines

    @staticmethod
    def _x12_partner_quantity(ours, item, sale_line):
        """``(quantity, unit, ordered quantity)`` in the partner's terms of ``ours`` (Decimal, in
        the product's unit) of PO line ``item``: by the sale line's ratio between the partner's
        quantity and ours (the 850's, or the last 860's), in the partner's current unit; a line
        the partner has since cancelled keeps the intake's ratio."""
        line = item.line
        theirs_ordered = Decimal(str(sale_line.dist_edi_quantity or 0))
        our_ordered = Decimal(
            str(
                sale_line.product_uom._compute_quantity(
                    sale_line.product_uom_qty, sale_line.product_id.uom_id
                )
            )
        )
        if theirs_ordered and our_ordered:
            unit = sale_line.dist_edi_unit or line.unit
            return ours * theirs_ordered / our_ordered, unit, theirs_ordered
        intake = Decimal(str(item.quantity or 0))
        theirs = ours * line.quantity / intake if intake else ours
        return theirs, line.unit, line.quantity
