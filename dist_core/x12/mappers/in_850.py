"""850 purchase order -> :class:`~dist_core.canonical.Order`.

One small reader per node (``_get_*_vals`` style) composed by :func:`order_from_850`; a partner
variant overrides a reader, not the whole mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dist_core.canonical import Order, OrderLine
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
    read_terms,
)
from .values import date_at, decimal_at, int_at, required, text

LINE_OPENERS = frozenset({"PO1"})
SUMMARY_TAGS = frozenset({"CTT", "AMT"})


def beg_vals(beg: Segment) -> dict:
    """``BEG*00*SA*PO123**20240105*CONTRACT7~``: purpose, type, PO, release, date, contract."""
    return {
        "purpose": text(beg, 1),
        "order_type": text(beg, 2),
        "po_number": required(beg, 3, "purchase order number"),
        "release_number": text(beg, 4),
        "order_date": date_at(beg, 5),
        "contract_number": text(beg, 6),
    }


def header_vals(header: Sequence[Segment]) -> dict:
    """Everything above the first PO1: CUR, REF/N9, ITD, DTM, TD5, MSG/NTE, SAC and N1 loops."""
    beg = first(header, "BEG")
    if beg is None:
        raise MappingError.missing_segment("BEG", "beginning segment for purchase order")
    outside, parties = read_parties(header)
    cur = first(outside, "CUR")
    return {
        **beg_vals(beg),
        "currency": text(cur, 2) if cur else "",
        "parties": parties,
        "dates": read_dates(outside),
        "routings": tuple(read_routing(s) for s in all_of(outside, "TD5")),
        "terms": tuple(read_terms(s) for s in all_of(outside, "ITD")),
        "notes": read_notes(outside),
        "allowances_charges": read_allowances(outside),
        "references": read_references(outside),
    }


def line_vals(loop: Sequence[Segment], index: int, options: MapperOptions) -> dict:
    """``PO1*1*120*EA*9.25*TE*UP*012345678905*VN*AB3542~`` with PID, PO4, DTM, SAC, MSG, N1.

    An empty PO101 (some partners never number lines) becomes the line's rank, so every line
    still has a stable key for the 855 and the 856.
    """
    po1 = loop[0]
    rest, parties = read_parties(loop[1:])
    po4 = first(rest, "PO4")
    return {
        "line_number": text(po1, 1) or str(index),
        "quantity": decimal_at(po1, 2, what="quantity ordered"),
        "unit": options.unit_in(text(po1, 3)),
        "unit_price": decimal_at(po1, 4),
        "price_basis": text(po1, 5),
        "item": item_ref(po1, 6, rest),
        "pack": read_pack(po4) if po4 else None,
        "dates": read_dates(rest),
        "notes": read_notes(rest),
        "allowances_charges": read_allowances(rest),
        "references": read_references(rest, "REF"),
        "parties": parties,
    }


def summary_vals(summary: Iterable[Segment]) -> dict:
    """``CTT*6~`` (line count) and ``AMT*TT*13045.94~`` (total amount)."""
    ctt = first(summary, "CTT")
    amt = first(summary, "AMT")
    return {
        "line_count": int_at(ctt, 1) if ctt else None,
        "total_amount": decimal_at(amt, 2) if amt else None,
    }


def order_from_850(
    segments: Iterable[Segment],
    delimiters: Delimiters | None = None,
    options: MapperOptions = DEFAULT_OPTIONS,
) -> Order:
    """The canonical order of one 850 transaction set (ST..SE included or not)."""
    header, loops, summary = split_detail(body(segments), LINE_OPENERS, SUMMARY_TAGS)
    lines = tuple(
        OrderLine(**line_vals(loop, index, options)) for index, loop in enumerate(loops, 1)
    )
    return Order(**header_vals(header), lines=lines, **summary_vals(summary))
