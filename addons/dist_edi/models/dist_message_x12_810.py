# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""810 invoice out (messages of type ``x12.810.out``, one per posted invoice and revision).

Queued by ``account.move._dist_edi_queue_810`` when a customer invoice or credit note of an EDI
sale order is posted. Generation:

1. read the 850 the order came from again: the PO number and date, the parties as the partner
   sent them, and per PO line (those 860s added included, ``_x12_order_lines``) the partner's own
   item ids; quantities go into the partner's current unit by the sale line's ratio
   (``_x12_partner_quantity``, the 850's or the last 860's);
2. each invoice line of a PO line (through its sale line's ``dist_edi_line_number``) is an IT1
   in the partner's unit, priced per that unit (net of discount, without tax); invoice lines of
   no PO line are allowances (a negative amount) or charges (services: freight, handling...); an
   unordered product is an exception;
3. TXI per tax of the invoice's tax lines, ITD from its payment term and due date, TDS the
   invoice total; ``dist_core.x12.mappers.invoice_to_810`` writes the segments, then the
   interchange is numbered from the control-number ledger, written with the partner's
   delimiters and validated by our own validator, with the partner's rules, before anything is
   sent.
"""

import dataclasses
from datetime import timedelta
from decimal import Decimal

from odoo import fields, models

from dist_core import message_states as ms
from dist_core.canonical import (
    Address,
    AllowanceCharge,
    DateRef,
    Invoice,
    InvoiceLine,
    Party,
    Reference,
    Tax,
    Terms,
)
from dist_core.errors import Category
from dist_core.x12.mappers import invoice_to_810

# 850 parties echoed in the 810, after our remit-to and the bill-to.
ECHOED_PARTIES = ("ST", "BY")
# SAC02 codes of invoice lines that are on no PO line.
ALLOWANCE_CODE = "C310"  # discount
FREIGHT_CODE = "D240"  # freight
OTHER_CHARGE_CODE = "ZZZZ"  # mutually defined, with the line's text in SAC15
# TXI01 of a tax without an X12 tax type: sales tax.
TAX_TYPE = "ST"
# BIG08 of an 810 sent again after a change of the invoice.
REPLACE = "05"
SENT_STATES = (ms.SENT, ms.ACCEPTED, ms.REJECTED)
CUSTOMER_MOVES = ("out_invoice", "out_refund")


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_generate_x12_810(self):
        """Generator of ``x12.810.out``: the invoice or credit note of the linked move."""
        move = self.env["account.move"].browse(self.res_id).exists()
        if not move or move.state != "posted" or move.move_type not in CUSTOMER_MOVES:
            self._fail("the invoice to send is gone or no longer posted", problem_key="810:gone")
        sale = move._dist_edi_orders()
        if not sale:
            self._fail(f"{move.name} bills no EDI sale order", problem_key="810:gone")
        if len(sale) > 1:
            self._fail(
                f"{move.name} bills {len(sale)} EDI purchase orders "
                f"({', '.join(sale.mapped('client_order_ref'))}): an 810 carries one PO, "
                "invoice each order on its own",
                category=Category.BUSINESS_RULE,
                problem_key="810:orders",
            )
        po_message, profile = self._x12_order_profile(sale, "810")
        order, lines = self._x12_order_lines(po_message, profile, sale)
        options = po_message._x12_850_mapper_options(profile)
        if move.move_type == "out_refund":
            options = dataclasses.replace(options, credit_mode=profile.credit_note_810)
        invoice = self._x12_810_invoice(move, sale, order, lines)
        body = invoice_to_810(invoice, options)
        kind = "credit note" if invoice.is_credit_note else "invoice"
        return self._x12_document(
            profile, "810", "IN", body, f"{kind} {move.name} PO {order.po_number}"
        )

    # ----------------------------------------------------------------------------- the invoice

    def _x12_810_invoice(self, move, sale, order, po_lines):
        """The canonical :class:`Invoice` of ``move`` (positive amounts, credit note or not).
        ``po_lines``: ``{PO101: PartnerLine}``, the 850's lines and those 860s added."""
        refund = move.move_type == "out_refund"
        lines, charges = self._x12_810_lines(move, order, po_lines)
        references = [Reference("VN", sale.name)]
        department = next((r for r in order.references if r.qualifier == "DP"), None)
        if department:
            references.insert(0, department)
        shipped = self._x12_810_ship_date(sale)
        return Invoice(
            invoice_number=move.name,
            invoice_date=move.invoice_date,
            po_number=order.po_number,
            po_date=order.order_date,
            is_credit_note=refund,
            purpose_code=self._x12_810_purpose(move),
            original_invoice_number=(move.reversed_entry_id.name or "") if refund else "",
            release_number=order.release_number,
            currency=move.currency_id.name if order.currency else "",
            parties=self._x12_810_parties(move, order),
            dates=(DateRef("011", shipped),) if shipped and not refund else (),
            references=tuple(references),
            terms=self._x12_810_terms(move),
            lines=lines,
            allowances_charges=charges,
            taxes=self._x12_810_taxes(move),
            total_amount=self._x12_810_amount(move, move.amount_total),
        )

    def _x12_810_purpose(self, move):
        """BIG08: ``05`` (replace) when an earlier revision of this invoice was sent."""
        earlier = move._dist_edi_810_messages().filtered(
            lambda x: x.id < self.id and x.state in SENT_STATES
        )
        return REPLACE if earlier else ""

    @staticmethod
    def _x12_810_amount(move, amount):
        return Decimal(str(move.currency_id.round(amount)))

    def _x12_810_ship_date(self, sale):
        """DTM*011: when the order's last delivery was validated (user's time zone)."""
        done = sale.picking_ids.filtered(
            lambda x: x.state == "done" and x.picking_type_code == "outgoing" and x.date_done
        )
        if not done:
            return None
        return fields.Datetime.context_timestamp(self, max(done.mapped("date_done"))).date()

    # ----------------------------------------------------------------------------- parties

    def _x12_810_parties(self, move, order):
        """N1*RI our company (remit to), N1*BT as the 850 sent it (else the invoiced customer),
        then the 850's ship-to and buyer as it sent them."""
        parties = [self._x12_810_party("RI", move.company_id.partner_id)]
        parties.append(order.bill_to or self._x12_810_party("BT", move.partner_id))
        parties += [p for role in ECHOED_PARTIES for p in order.parties if p.role == role]
        return tuple(parties)

    @staticmethod
    def _x12_810_party(role, partner):
        address = Address(
            lines=tuple(x for x in (partner.street, partner.street2) if x),
            city=partner.city or "",
            state=partner.state_id.code or "",
            postal_code=partner.zip or "",
            country=partner.country_id.code or "",
        )
        name = partner.commercial_partner_id.name if role == "BT" else partner.name
        return Party(role, name=(name or "")[:60], address=address)

    # ----------------------------------------------------------------------------- lines

    def _x12_810_lines(self, move, order, po_lines):
        """``(IT1 lines in PO order, SAC allowances and charges)`` of the invoice lines."""
        items, charges = [], []
        for line in move.invoice_line_ids.filtered(lambda x: x.display_type == "product"):
            numbers = line.sale_line_ids.filtered("dist_edi_line_number")
            item = po_lines.get(numbers[:1].dist_edi_line_number)
            if item is not None:
                if line.quantity:
                    items.append(self._x12_810_item(move, line, item, numbers[:1]))
            else:
                charges.append(self._x12_810_charge(move, line, order))
        position = {number: i for i, number in enumerate(po_lines)}
        items.sort(key=lambda x: position[x.line_number])
        return tuple(items), tuple(charges)

    def _x12_810_item(self, move, line, item, sale_line):
        """IT1: the invoiced quantity in the partner's unit (``_x12_partner_quantity``, as the
        856: by the sale line's ratio between the partner's quantity and ours) and the price per
        that unit, net of discount, without tax."""
        precision = self.env["decimal.precision"].precision_get
        quantity_step = Decimal(1).scaleb(-precision("Product Unit of Measure"))
        price_step = Decimal(1).scaleb(-max(precision("Product Price"), 2))
        product = line.product_id
        ours = line.product_uom_id._compute_quantity(line.quantity, product.uom_id)
        theirs, unit, _ordered = self._x12_partner_quantity(Decimal(str(ours)), item, sale_line)
        theirs = theirs.quantize(quantity_step)
        amount = self._x12_810_amount(move, line.price_subtotal)
        po_line = item.line
        return InvoiceLine(
            line_number=po_line.line_number,
            quantity=theirs.normalize(),
            unit=unit,
            unit_price=(amount / theirs if theirs else amount).quantize(price_step).normalize(),
            price_basis=po_line.price_basis,
            item=po_line.item,
        )

    def _x12_810_charge(self, move, line, order):
        """SAC for an invoice line of no PO line: a negative amount is an allowance (C310), a
        service a charge (D240 freight for a delivery line, else ZZZZ with its text). A product
        the partner did not order cannot be invoiced by EDI."""
        amount = self._x12_810_amount(move, line.price_subtotal)
        if amount >= 0 and line.product_id.type != "service":
            self._fail(
                f"{move.name} invoices {line.product_id.display_name}, which is on no line of "
                f"PO {order.po_number}: the 810 can only bill the partner's items (a service "
                "is a charge, a negative line an allowance)",
                category=Category.BUSINESS_RULE,
                problem_key=f"810:unordered:{line.product_id.id}",
            )
        description = (line.name or line.product_id.display_name or "").splitlines()
        text = (description[0] if description else "")[:80]
        if amount < 0:
            return AllowanceCharge("A", ALLOWANCE_CODE, -amount, description=text)
        delivery = "is_delivery" in line.sale_line_ids._fields and any(
            line.sale_line_ids.mapped("is_delivery")
        )
        code = FREIGHT_CODE if delivery else OTHER_CHARGE_CODE
        return AllowanceCharge("C", code, amount, description=text)

    # ----------------------------------------------------------------------------- taxes, terms

    def _x12_810_taxes(self, move):
        """TXI per tax of the invoice's tax lines: the tax's X12 type, the amount in the
        invoice's currency and the rate of a percentage tax."""
        totals = {}
        for line in move.line_ids.filtered(lambda x: x.display_type == "tax"):
            tax = line.tax_line_id
            totals[tax] = totals.get(tax, 0.0) + line.amount_currency * move.direction_sign
        taxes = []
        for tax, amount in sorted(totals.items(), key=lambda x: (x[0].sequence, x[0].id)):
            percent = Decimal(str(tax.amount)).normalize() if tax.amount_type == "percent" else None
            tax_type = tax.dist_x12_tax_type or TAX_TYPE
            taxes.append(Tax(tax_type, self._x12_810_amount(move, amount), percent))
        return tuple(taxes)

    @staticmethod
    def _x12_810_terms(move):
        """ITD from the payment term: ``ITD*08*3*2**10**30~`` (2 % within 10 days, net 30) with
        the due dates, or basic terms (01) without an early discount."""
        term = move.invoice_payment_term_id
        due, invoiced = move.invoice_date_due, move.invoice_date
        if not term and not due:
            return ()
        discount = bool(term.early_discount and term.discount_percentage)
        return (
            Terms(
                terms_type="08" if discount else "01",
                basis="3",  # from the invoice date
                discount_percent=Decimal(str(term.discount_percentage)).normalize()
                if discount
                else None,
                discount_due_date=invoiced + timedelta(days=term.discount_days)
                if discount and invoiced
                else None,
                discount_days=term.discount_days if discount else None,
                net_due_date=due or None,
                net_days=(due - invoiced).days if due and invoiced else None,
                description=(term.name or "")[:80],
            ),
        )
