""":class:`~dist_core.canonical.Invoice` -> 810 invoice segments (credit notes included).

A credit note travels as the partner's guide says (``MapperOptions.credit_mode``): BIG07 ``CR``
with positive amounts, negative quantities and TDS, or both. TDS01 is the total in implied cents.
"""

from __future__ import annotations

from decimal import Decimal

from dist_core.canonical import Invoice, InvoiceLine
from dist_core.x12.segment import Segment

from .errors import MappingError
from .options import DEFAULT_OPTIONS, MapperOptions
from .values import fmt_cents, seg
from .write_common import (
    allowance_segment,
    description_segment,
    item_pairs,
    note_segment,
    parties_segments,
    reference_segment,
    tax_segment,
    terms_segment,
)


def _sign(invoice: Invoice, options: MapperOptions) -> int:
    negative = invoice.is_credit_note and options.credit_mode in ("negative", "both")
    return -1 if negative else 1


def big_segment(invoice: Invoice, options: MapperOptions) -> Segment:
    """``BIG*20240112*INV001*20240105*PO123***CR*05~``: dates, numbers, transaction type
    (BIG07) and purpose (BIG08)."""
    if not invoice.invoice_number:
        raise MappingError.missing_data("BIG", "invoice_number")
    transaction_type = options.invoice_transaction_type
    if invoice.is_credit_note and options.credit_mode in ("transaction_type", "both"):
        transaction_type = options.credit_transaction_type
    return seg(
        "BIG", invoice.invoice_date, invoice.invoice_number, invoice.po_date, invoice.po_number,
        invoice.release_number, "", transaction_type, invoice.purpose_code,
    )  # fmt: skip


def header_segments(invoice: Invoice, options: MapperOptions) -> list[Segment]:
    """NTE, CUR, REF (with REF*OI for a credit note), N1 loops, ITD, DTM."""
    out = [note_segment(note) for note in invoice.notes]
    if invoice.currency:
        out.append(seg("CUR", options.currency_entity, invoice.currency))
    out += [reference_segment(ref) for ref in invoice.references]
    if invoice.original_invoice_number:
        out.append(seg("REF", "OI", invoice.original_invoice_number))
    out += parties_segments(invoice.parties, options.invoice_party_roles)
    out += [terms_segment(terms) for terms in invoice.terms]
    return out + [seg("DTM", d.qualifier, d.value, d.time) for d in invoice.dates]


def line_segments(line: InvoiceLine, sign: int, options: MapperOptions) -> list[Segment]:
    """``IT1*1*24*EA*9.25*TE*UP*012345678905*VN*AB3542~`` then PID, SAC and TXI of the line."""
    out = [
        seg(
            "IT1",
            line.line_number,
            line.quantity * sign,
            options.unit_out(line.unit),
            line.unit_price,
            line.price_basis,
            *item_pairs(line.item, options, "IT1"),
        )  # fmt: skip
    ]
    out += [tax_segment(tax, sign) for tax in line.taxes]
    out += description_segment(line.item)
    return out + [allowance_segment(sac, options, sign) for sac in line.allowances_charges]


def summary_segments(invoice: Invoice, sign: int, options: MapperOptions) -> list[Segment]:
    """``TDS*21740~``, summary TXI, CAD (carrier), summary SAC, ``CTT*2*34~``."""
    total = invoice.total_amount if invoice.total_amount is not None else invoice.computed_total()
    out = [seg("TDS", fmt_cents(total * sign))]
    out += [tax_segment(tax, sign) for tax in invoice.taxes]
    routing = invoice.routing
    if routing is not None:
        out.append(
            seg("CAD", routing.transport_method, "", "", routing.carrier_code, routing.routing)
        )
    out += [allowance_segment(sac, options, sign) for sac in invoice.allowances_charges]
    quantities = sum((line.quantity for line in invoice.lines), Decimal(0)) * sign
    hash_total = quantities if options.ctt_hash_total else None
    return out + [seg("CTT", len(invoice.lines), hash_total)]


def invoice_to_810(invoice: Invoice, options: MapperOptions = DEFAULT_OPTIONS) -> list[Segment]:
    """The 810 body (no ST/SE) for ``invoice``."""
    if not invoice.lines:
        raise MappingError.missing_data("IT1", "invoice lines")
    sign = _sign(invoice, options)
    out = [big_segment(invoice, options), *header_segments(invoice, options)]
    for line in invoice.lines:
        out += line_segments(line, sign, options)
    return out + summary_segments(invoice, sign, options)
