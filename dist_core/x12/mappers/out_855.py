""":class:`~dist_core.canonical.OrderAck` -> 855 purchase order acknowledgment segments."""

from __future__ import annotations

from decimal import Decimal

from dist_core.canonical import AckLine, LineStatus, OrderAck
from dist_core.x12.segment import Segment

from .errors import MappingError
from .options import DEFAULT_OPTIONS, MapperOptions
from .values import seg
from .write_common import (
    description_segment,
    item_pairs,
    note_segment,
    parties_segments,
    reference_segment,
)


def bak_segment(ack: OrderAck) -> Segment:
    """``BAK*00*AC*PO123*20240105*****20240106~``: purpose, ack type, PO, PO date, ack date."""
    if not ack.po_number:
        raise MappingError.missing_data("BAK", "po_number")
    if ack.po_date is None:
        raise MappingError.missing_data("BAK", "po_date")
    return seg(
        "BAK", ack.purpose, ack.ack_type, ack.po_number, ack.po_date, ack.release_number,
        "", "", ack.seller_order_number, ack.ack_date,
    )  # fmt: skip


def header_segments(ack: OrderAck, options: MapperOptions) -> list[Segment]:
    """CUR, REF, DTM, MSG/NTE and the N1 loops above the first PO1."""
    out = [seg("CUR", options.currency_entity, ack.currency)] if ack.currency else []
    out += [reference_segment(ref) for ref in ack.references]
    out += [seg("DTM", d.qualifier, d.value, d.time) for d in ack.dates]
    out += [note_segment(note) for note in ack.notes]
    return out + parties_segments(ack.parties, options.ack_party_roles)


def po1_segment(line: AckLine, options: MapperOptions) -> Segment:
    """``PO1*1*120*EA*9.25*TE*UP*012345678905*VN*AB3542~`` echoing the ordered line."""
    return seg(
        "PO1",
        line.line_number,
        line.quantity,
        options.unit_out(line.unit),
        line.unit_price,
        line.price_basis if line.unit_price is not None else "",
        *item_pairs(line.item, options, "PO1"),
    )


def ack_segment(status: LineStatus, options: MapperOptions) -> Segment:
    """``ACK*IB*20*EA*068*20240120~``: status, quantity, unit, and a dated schedule."""
    qualifier = status.date_qualifier or (
        options.ack_date_qualifier if status.scheduled_date else ""
    )
    return seg(
        "ACK",
        status.status,
        status.quantity,
        options.unit_out(status.unit) if status.unit else "",
        qualifier,
        status.scheduled_date,
    )


def line_segments(line: AckLine, options: MapperOptions) -> list[Segment]:
    if not line.statuses:
        raise MappingError.missing_data("ACK", f"statuses of line {line.line_number}")
    out = [po1_segment(line, options), *description_segment(line.item)]
    return out + [ack_segment(status, options) for status in line.statuses]


def ctt_segment(count: int, quantities: list[Decimal], options: MapperOptions) -> Segment:
    """``CTT*2*340~``: number of line items and, when the partner wants it, the quantity hash."""
    return seg("CTT", count, sum(quantities, Decimal(0)) if options.ctt_hash_total else None)


def ack_to_855(ack: OrderAck, options: MapperOptions = DEFAULT_OPTIONS) -> list[Segment]:
    """The 855 body (no ST/SE) for ``ack``."""
    out = [bak_segment(ack), *header_segments(ack, options)]
    for line in ack.lines:
        out += line_segments(line, options)
    if ack.lines:
        out.append(ctt_segment(len(ack.lines), [line.quantity for line in ack.lines], options))
    return out
