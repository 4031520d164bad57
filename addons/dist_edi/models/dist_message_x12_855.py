# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""855 purchase order acknowledgment out (messages of type ``x12.855.out``, one per sale order).

Queued by ``sale.order._dist_edi_queue_855`` when an EDI order is confirmed, or at intake of its
850, per the partner's ``ack_855_trigger``. Generation:

1. read the 850 the order came from again and resolve its lines (the product each partner item
   maps to, the quantity and price in our unit);
2. put each 850 line next to its sale lines (``dist_edi_line_number``) and the stock forecast of
   the order's warehouse, as plain facts; ``dist_core.canonical.acknowledgment`` decides the ACK
   codes and the BAK type, the core mapper writes the segments;
3. number the interchange, group and set from the control-number ledger (a regeneration takes new
   numbers), write it with the partner's delimiters, validate it with our own validator (an
   invalid 855 is never sent), and record GS06/ST02 so the partner's 997 finds it.
"""

from decimal import Decimal

from odoo import fields, models

from dist_core import message_states as ms
from dist_core.canonical.acknowledgment import AckFacts, acknowledge
from dist_core.x12.mappers import ack_to_855, order_from_850

# ISA12 of each GS08 version we write.
# N1 loops of the 850 echoed in the 855.
ECHOED_PARTIES = ("ST",)


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_x12_850(self):
        """After the 850 handler: queue the 855 of its order when the partner wants it at
        intake (``ack_855_trigger`` = intake; at confirmation the sale order queues it)."""
        summary = super()._dist_handle_x12_850()
        if self.res_model == "sale.order" and self.res_id and self.state != ms.DUPLICATE:
            self.env["sale.order"].browse(self.res_id)._dist_edi_queue_855("intake")
        return summary

    # ----------------------------------------------------------------------------- generation

    def _dist_generate_x12_855(self):
        """Generator of ``x12.855.out``: the acknowledgment of the linked sale order."""
        sale = self.env["sale.order"].browse(self.res_id).exists()
        if not sale or not sale.dist_edi_message_id:
            self._fail("the sale order to acknowledge no longer exists", problem_key="855:gone")
        po_message, profile = self._x12_order_profile(sale, "855")
        order, resolved = self._x12_855_read_850(po_message, profile)
        ack = self._x12_855_ack(sale, order, resolved)
        body = ack_to_855(ack, po_message._x12_850_mapper_options(profile))
        return self._x12_document(profile, "855", "PR", body, f"{ack.ack_type} PO {ack.po_number}")

    @staticmethod
    def _x12_855_read_850(po_message, profile):
        """The canonical 850 of the order and its lines resolved as at intake."""
        transaction_set = po_message._x12_850_transaction_set()
        order = order_from_850(
            transaction_set.segments,
            transaction_set.delimiters,
            po_message._x12_850_mapper_options(profile),
        )
        resolver = po_message._xref_resolver(profile)
        return order, po_message._x12_850_resolve_lines(order, resolver)

    # ----------------------------------------------------------------------------- the decision

    def _x12_855_ack(self, sale, order, resolved):
        """The canonical acknowledgment: facts per 850 line, decided in ``dist_core``."""
        facts = self._x12_855_facts(sale, resolved)
        return acknowledge(
            order.po_number,
            facts,
            po_date=order.order_date,
            ack_date=fields.Date.context_today(self),
            seller_order_number=sale.name,
            currency=order.currency,
            parties=tuple(p for p in order.parties if p.role in ECHOED_PARTIES),
            quantity_digits=self.env["decimal.precision"].precision_get("Product Unit of Measure"),
            price_digits=self.env["decimal.precision"].precision_get("Product Price"),
        )

    def _x12_855_facts(self, sale, resolved):
        """One :class:`AckFacts` per 850 line: the partner's terms, our sale lines (matched by
        PO101), the product the partner's item maps to, and the forecast left for the line."""
        no_lines = self.env["sale.order.line"]
        by_number = {}
        for line in sale.order_line.filtered(lambda x: not x.display_type and x.product_id):
            key = line.dist_edi_line_number
            by_number[key] = by_number.get(key, no_lines) | line
        forecast = {}
        facts = []
        for item in resolved:
            line = item.line
            ordered = Decimal(line.quantity)
            factor = Decimal(str(item.quantity)) / ordered if ordered else Decimal(1)
            values = {
                "line_number": line.line_number,
                "ordered_quantity": ordered,
                "unit": line.unit,
                "quantity": None,
                "factor": factor,
                "ordered_price": line.unit_price,
                "price_basis": line.price_basis,
                "item": line.item,
            }
            sale_lines = by_number.get(line.line_number)
            if sale_lines and sale.state != "cancel":
                product = sale_lines[0].product_id
                quantity = sum(
                    x.product_uom._compute_quantity(x.product_uom_qty, product.uom_id)
                    for x in sale_lines
                )
                price = sale_lines[0].product_uom._compute_price(
                    sale_lines[0].price_unit, product.uom_id
                )
                values.update(
                    quantity=Decimal(str(quantity)),
                    price=Decimal(str(price)),
                    substituted=product != item.product,
                    available=self._x12_855_available(sale, product, quantity, forecast),
                )
            facts.append(AckFacts(**values))
        return facts

    @staticmethod
    def _x12_855_available(sale, product, quantity, forecast):
        """The forecast of ``product`` in the order's warehouse left for this line (in the
        product's unit), or None for a product without stock. Lines of one product share it,
        in PO order. A confirmed order's own deliveries are already in the forecast: they are
        given back first."""
        if not product.is_storable:
            return None
        if product not in forecast:
            # One forecast computation for every product of the order, not one per line.
            products = sale.order_line.product_id
            left = (
                product.with_context(warehouse_id=sale.warehouse_id.id)
                .with_prefetch(products._prefetch_ids)
                .virtual_available
            )
            if sale.state == "sale":
                own = sale.order_line.filtered(lambda x: x.product_id == product)
                left += sum(
                    x.product_uom._compute_quantity(
                        x.product_uom_qty - x.qty_delivered, product.uom_id
                    )
                    for x in own
                )
            forecast[product] = left
        available = forecast[product]
        forecast[product] = available - quantity
        return Decimal(str(available))

    # ----------------------------------------------------------------------------- writing
