# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The partner's lines of an EDI order as they stand: the 850's lines resolved as at intake, plus
the lines the 860s applied to the order added (``POC02`` AI). The documents that echo the
partner's item ids and units back (856, 810) read them here, so a line an 860 added ships and
bills under the ids the partner sent for it."""

from odoo import models

from dist_core import message_states as ms


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _x12_order_lines(self, po_message, profile, sale):
        """``(canonical 850, {PO101: ResolvedLine})`` of ``sale``, 860-added lines included."""
        order, resolved = self._x12_855_read_850(po_message, profile)
        lines = {item.line.line_number: item for item in resolved}
        changes = self.sudo().search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", sale.id),
                ("type_id.code", "=", "x12.860"),
                ("state", "=", ms.PROCESSED),
            ],
            order="id",
        )
        resolver = None
        for change_message in changes:
            change = change_message._x12_860_read()[1]
            added = [x for x in change.added_lines if x.line_number not in lines]
            if not added:
                continue
            resolver = resolver or po_message._xref_resolver(profile)
            for item in change_message._x12_850_resolve_lines(change, resolver, lines=added):
                lines[item.line.line_number] = item
        return order, lines
