"""860 purchase order change -> :class:`~dist_core.canonical.OrderChange`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dist_core.canonical import ChangeLine, OrderChange
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.segment import Segment

from .errors import MappingError
from .loops import all_of, body, first, split_detail
from .options import DEFAULT_OPTIONS, MapperOptions
from .read_common import (
    item_ref,
    read_allowances,
    read_dates,
    read_notes,
    read_pack,
    read_parties,
    read_references,
    read_routing,
)
from .values import date_at, decimal_at, required, text

LINE_OPENERS = frozenset({"POC"})
SUMMARY_TAGS = frozenset({"CTT", "AMT"})


def bch_vals(bch: Segment) -> dict:
    """``BCH*04*SA*PO123**2*20240105~``: purpose (01 cancel, 04 change), type, PO, release,
    change sequence, original PO date."""
    return {
        "purpose": required(bch, 1, "transaction set purpose"),
        "order_type": text(bch, 2),
        "po_number": required(bch, 3, "purchase order number"),
        "release_number": text(bch, 4),
        "change_sequence": text(bch, 5),
        "order_date": date_at(bch, 6),
    }


def header_vals(header: Sequence[Segment]) -> dict:
    """BCH plus the same header segments as the 850: REF, DTM, TD5, MSG/NTE, SAC, N1 loops."""
    bch = first(header, "BCH")
    if bch is None:
        raise MappingError.missing_segment("BCH", "beginning segment for purchase order change")
    outside, parties = read_parties(header)
    return {
        **bch_vals(bch),
        "parties": parties,
        "dates": read_dates(outside),
        "routings": tuple(read_routing(s) for s in all_of(outside, "TD5")),
        "notes": read_notes(outside),
        "references": read_references(outside),
        "allowances_charges": read_allowances(outside),
    }


def unit_of(poc: Segment, delimiters: Delimiters) -> str:
    """POC05 is composite C001 in 004010: ``EA`` or ``EA>...``; the unit is its first part."""
    parts = poc.components(5, delimiters)
    return parts[0].strip() if parts else ""


def line_vals(
    loop: Sequence[Segment], index: int, delimiters: Delimiters, options: MapperOptions
) -> dict:
    """``POC*1*QD*100*20*EA*9.25*TE*UP*012345678905~``: line, change code, new ordered quantity,
    quantity left to receive, unit, price, basis, item ids; then PID, PO4, DTM, MSG/NTE."""
    poc = loop[0]
    rest = loop[1:]
    po4 = first(rest, "PO4")
    return {
        "line_number": text(poc, 1) or str(index),
        "change_code": required(poc, 2, "change or response type"),
        "quantity": decimal_at(poc, 3),
        "quantity_left": decimal_at(poc, 4),
        "unit": options.unit_in(unit_of(poc, delimiters)),
        "unit_price": decimal_at(poc, 6),
        "price_basis": text(poc, 7),
        "item": item_ref(poc, 8, rest),
        "pack": read_pack(po4) if po4 else None,
        "dates": read_dates(rest),
        "notes": read_notes(rest),
    }


def order_change_from_860(
    segments: Iterable[Segment],
    delimiters: Delimiters | None = None,
    options: MapperOptions = DEFAULT_OPTIONS,
) -> OrderChange:
    """The canonical change of one 860 transaction set (ST..SE included or not)."""
    delimiters = delimiters or Delimiters()
    header, loops, _summary = split_detail(body(segments), LINE_OPENERS, SUMMARY_TAGS)
    lines = tuple(
        ChangeLine(**line_vals(loop, index, delimiters, options))
        for index, loop in enumerate(loops, 1)
    )
    return OrderChange(**header_vals(header), lines=lines)
