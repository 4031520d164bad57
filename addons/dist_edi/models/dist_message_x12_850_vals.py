# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Values of the sale order an 850 becomes: small ``_get_x12_850_*_vals`` builders.

Everything is resolved here before the one ``create`` of the handler, so an unknown item, ship-to,
unit or carrier, or a price on hold, raises before a single record exists.

Prices: the partner's PO price always goes on the line (retailers pay what their PO says, and the
810 must echo it); the pricelist only decides whether the order is held. Allowances and charges
(SAC) become note lines, not discount lines: whether they are off-invoice or billed back is partner
policy the invoice flow settles, and a note line never changes an amount by surprise.
"""

from dataclasses import dataclass
from datetime import datetime, time

from markupsafe import Markup

from odoo import Command, fields, models

from dist_core.canonical.order import (
    CANCEL_AFTER,
    DELIVERY_REQUESTED,
    SHIP_NO_LATER,
    SHIP_NOT_BEFORE,
    SHIP_REQUESTED,
)
from dist_core.errors import Category

DATE_LABELS = {
    DELIVERY_REQUESTED: "Requested delivery",
    SHIP_REQUESTED: "Requested ship",
    SHIP_NOT_BEFORE: "Ship not before",
    SHIP_NO_LATER: "Ship no later than",
    CANCEL_AFTER: "Cancel after",
}
# The date the customer expects the goods, best first: commitment_date on the order.
COMMITMENT_QUALIFIERS = (DELIVERY_REQUESTED, SHIP_NO_LATER, SHIP_REQUESTED)
# Noon UTC: the date stays the same date in every timezone users work in.
COMMITMENT_TIME = time(12, 0)


@dataclass(frozen=True)
class ResolvedLine:
    """An 850 line with its product, quantity in the product's unit and price per that unit."""

    line: object
    product: object
    quantity: float
    price: float | None


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _get_x12_850_order_vals(self, order, policy, customer, resolver, fingerprint):
        """All the values of the sale order, lines included; raises on any unresolved problem."""
        ship_to = self._x12_850_ship_to(order, customer, resolver)
        carrier = self._x12_850_carrier(order, resolver)
        resolved = self._x12_850_resolve_lines(order, resolver)
        pricelist = customer.with_company(self.company_id).property_product_pricelist
        price_notes = self._x12_850_check_prices(order, resolved, policy, pricelist)
        return {
            "company_id": self.company_id.id,
            "partner_id": customer.id,
            "partner_shipping_id": ship_to.id,
            "client_order_ref": order.po_number,
            "origin": f"EDI 850 {order.po_number}",
            "commitment_date": self._get_x12_850_commitment_date(order),
            "note": self._get_x12_850_note(order, carrier, price_notes),
            "dist_edi_message_id": self.id,
            "dist_edi_content_hash": fingerprint,
            "dist_edi_carrier_partner_id": carrier.carrier_partner_id.id if carrier else False,
            "order_line": [
                Command.create(vals) for vals in self._get_x12_850_lines_vals(order, resolved)
            ],
        }

    # ----------------------------------------------------------------------------- resolution

    def _x12_850_carrier(self, order, resolver):
        """``TD5*O*2*UPSN*M~``: the carrier cross-reference of the first routing with a SCAC."""
        routing = next((r for r in order.routings if r.carrier_code), None)
        if not routing:
            return None
        return resolver.carrier(routing.carrier_code, routing.service_level)

    def _x12_850_resolve_lines(self, order, resolver, lines=None):
        """Products of all lines (or of ``lines``: the items an 860 adds) in one batched call,
        then quantities in the products' units."""
        lines = order.lines if lines is None else lines
        refs = [[(i.qualifier, i.value) for i in line.item.ids] for line in lines]
        matches = resolver.product_many(refs)
        resolved = []
        for line, match in zip(lines, matches, strict=True):
            # A configured pack size (cross-reference) wins over the one this PO states (PO4).
            pack = 0.0 if match.xref and match.xref.pack_size else self._x12_850_pack_size(line)
            quantity = resolver.convert_quantity(
                match.product, float(line.quantity), line.unit, pack_size=pack, xref=match.xref
            )
            price = None
            if line.unit_price is not None:
                price = float(line.unit_price)
                if quantity:
                    price = price * float(line.quantity) / quantity
            resolved.append(ResolvedLine(line, match.product, quantity, price))
        return resolved

    @staticmethod
    def _x12_850_pack_size(line):
        """``PO4*12*1*EA~``: 12 inner packs of 1 per outer pack, 12 units per case."""
        pack = line.pack
        if not pack or not pack.pack:
            return 0.0
        return float(pack.pack) * float(pack.size or 1)

    def _x12_850_check_prices(self, order, resolved, policy, pricelist):
        """Compare each PO price with the pricelist within the profile's tolerance.

        Outside it: hold (a permanent ``price_mismatch`` naming every line) or accept (the PO
        price stays, a note says so). Returns the notes. ``policy``: see ``_x12_850_policy``.
        """
        currency = pricelist.currency_id or self.company_id.currency_id
        tolerance = policy["price_tolerance_percent"] or 0.0
        deviations = []
        expected_prices = self._x12_850_pricelist_prices(resolved, pricelist, currency)
        for item in resolved:
            if item.price is None:
                continue
            expected = expected_prices[item.product.id, item.quantity or 1.0]
            allowed = abs(expected) * tolerance / 100.0
            if currency.compare_amounts(abs(item.price - expected), allowed) > 0:
                deviations.append((item, expected))
        texts = [self._x12_850_price_text(item, expected) for item, expected in deviations]
        if deviations and policy["price_policy"] != "accept":
            first = deviations[0][0].line.line_number
            self._fail(
                f"PO {order.po_number}: price outside the {tolerance:g}% tolerance: "
                + "; ".join(texts),
                category=Category.PRICE_MISMATCH,
                problem_key=f"price:{first}",
            )
        return [self.env._("%s (accepted per partner policy)", text) for text in texts]

    @staticmethod
    def _x12_850_pricelist_prices(resolved, pricelist, currency):
        """``{(product id, quantity): pricelist price per product unit}`` for the priced lines.

        The pricelist's own steps (``_get_applicable_rules``, then per line the first rule
        ``_is_applicable_for`` the product and quantity and its ``_compute_price``, the product's
        price without one), with the rules searched once per order instead of once per line."""
        priced = [item for item in resolved if item.price is not None]
        if not priced:
            return {}
        products = priced[0].product.browse(list(dict.fromkeys(item.product.id for item in priced)))
        date = fields.Datetime.now()
        rules = pricelist._get_applicable_rules(products, date)
        no_rule = pricelist.env["product.pricelist.item"]
        prices = {}
        for item in priced:
            product, quantity = item.product, item.quantity or 1.0
            rule = next((r for r in rules if r._is_applicable_for(product, quantity)), no_rule)
            # In the product's own unit, which resolution converted the PO quantity and price to.
            prices[product.id, quantity] = rule._compute_price(
                product, quantity, product.uom_id, date=date, currency=currency
            )
        return prices

    @staticmethod
    def _x12_850_price_text(item, expected):
        change = (item.price - expected) / expected * 100.0 if expected else 100.0
        return (
            f"line {item.line.line_number} ({item.product.display_name}): PO price "
            f"{item.price:.2f} against pricelist {expected:.2f} ({change:+.1f}%)"
        )

    # ----------------------------------------------------------------------------- lines

    def _get_x12_850_lines_vals(self, order, resolved):
        """Product lines in PO order, each followed by its own notes; header SAC notes last."""
        vals_list = []
        for item in resolved:
            vals_list.append(self._get_x12_850_line_vals(item))
            vals_list += [
                self._get_x12_850_note_line_vals(t) for t in self._x12_850_texts(item.line)
            ]
        vals_list += [
            self._get_x12_850_note_line_vals(self._x12_850_sac_text(sac))
            for sac in order.allowances_charges
        ]
        for sequence, vals in enumerate(vals_list, start=1):
            vals["sequence"] = sequence * 10
        return vals_list

    @staticmethod
    def _get_x12_850_line_vals(item):
        """``PO1*1*2*CA*42.00**UP*012345678912~``: the product line, with the PO's own terms."""
        line = item.line
        vals = {
            "product_id": item.product.id,
            "product_uom_qty": item.quantity,
            "product_uom": item.product.uom_id.id,
            "dist_edi_line_number": line.line_number,
            "dist_edi_quantity": float(line.quantity),
            "dist_edi_unit": line.unit,
        }
        if item.price is not None:
            vals["price_unit"] = item.price
            vals["dist_edi_unit_price"] = float(line.unit_price)
        return vals

    @staticmethod
    def _get_x12_850_note_line_vals(text):
        return {"display_type": "line_note", "name": text}

    def _x12_850_texts(self, line):
        """A line's MSG/NTE notes and SAC allowances or charges, as note texts."""
        texts = [note.text for note in line.notes if note.text]
        return texts + [self._x12_850_sac_text(sac) for sac in line.allowances_charges]

    def _x12_850_sac_text(self, sac):
        """``SAC*A*C310***1500~``: "Allowance C310: 15.00"."""
        kind = self.env._("Allowance") if sac.is_allowance else self.env._("Charge")
        parts = [f"{kind} {sac.code}".strip()]
        if sac.description:
            parts.append(sac.description)
        amounts = []
        if sac.amount is not None:
            amounts.append(f"{sac.amount:.2f}")
        if sac.percent is not None:
            amounts.append(f"{sac.percent:g}%")
        return " ".join(parts) + (": " + ", ".join(amounts) if amounts else "")

    # ----------------------------------------------------------------------------- header

    @staticmethod
    def _get_x12_850_commitment_date(order):
        """``DTM*002*20240115~`` (else 038, else 010) at noon UTC."""
        for qualifier in COMMITMENT_QUALIFIERS:
            value = order.date_for(qualifier)
            if value:
                return datetime.combine(value, COMMITMENT_TIME)
        return False

    def _get_x12_850_note(self, order, carrier, price_notes):
        """The order's note: PO dates, references, routing, MSG/NTE notes, price decisions."""
        texts = [
            f"{DATE_LABELS.get(d.qualifier, 'Date ' + d.qualifier)}: {d.value.isoformat()}"
            for d in order.dates
        ]
        texts += [f"REF {r.qualifier}: {r.value}" for r in order.references if r.value]
        texts += [self._x12_850_routing_text(r, carrier) for r in order.routings]
        texts += [note.text for note in order.notes if note.text]
        texts += price_notes
        if not texts:
            return False
        # Markup % escapes each text: partner data never becomes HTML.
        return Markup("").join(Markup("<p>%s</p>") % text for text in texts)

    def _x12_850_routing_text(self, routing, carrier):
        """``TD5*O*2*UPSN*M~``: "Carrier UPSN (M) -> UPS"."""
        details = " ".join(
            part for part in (routing.transport_method, routing.service_level) if part
        )
        text = self.env._("Carrier %s", routing.carrier_code or routing.routing or "?")
        if details:
            text += f" ({details})"
        if routing.routing and routing.carrier_code:
            text += f": {routing.routing}"
        if carrier and routing.carrier_code:
            text += f" -> {carrier.carrier_partner_id.display_name}"
        return text
