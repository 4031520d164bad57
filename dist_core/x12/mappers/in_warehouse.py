"""3PL advices in: 945 shipping advice, 944 stock receipt and 947 inventory adjustment.

The three sets share a shape: an identification segment (W06/W17/W15), N1 loops, N9 references,
G62 dates, then ``LX`` loops holding item segments (W12/W07/W19) and a total (W03/W14). Each item
segment names the item by a U.P.C. case code element followed by qualifier/value pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from dist_core.canonical import (
    AdjustmentLine,
    InventoryAdjustment,
    ItemId,
    ItemRef,
    ReceiptLine,
    Routing,
    WarehouseReceipt,
    WarehouseShipment,
    WarehouseShipmentLine,
)
from dist_core.canonical.common import date_by_qualifier, reference_value
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.segment import Segment

from .errors import MappingError
from .loops import body, first
from .options import DEFAULT_OPTIONS, MapperOptions
from .read_common import read_dates, read_description, read_item_ids, read_parties
from .read_common import read_references as _references
from .values import date_at, decimal_at, required, text

SHIPPED_ON = "11"


def _split(segments: Sequence[Segment], item_tag: str, summary_tag: str):
    """Header, ``(line number, sscc, item loop)`` per item segment, and the summary segment.

    ``LX*3~`` numbers the item segments that follow it; ``MAN*GM`` right after an LX applies to
    its items, after an item segment to that item only.
    """
    header: list[Segment] = []
    loops: list[tuple[str, str, list[Segment]]] = []
    summary = None
    line_number, lx_sscc, in_detail, items_since_lx = "", "", False, 0
    for s in segments:
        if s.tag == summary_tag:
            summary = s
        elif s.tag == "LX":
            line_number, lx_sscc, in_detail, items_since_lx = text(s, 1), "", True, 0
        elif s.tag == item_tag:
            in_detail, items_since_lx = True, items_since_lx + 1
            loops.append((line_number or str(len(loops) + 1), lx_sscc, [s]))
        elif s.tag == "MAN" and in_detail and not items_since_lx:
            lx_sscc = text(s, 2)
        elif loops:
            loops[-1][2].append(s)
        elif not in_detail:
            header.append(s)
    return header, loops, summary


def _item(seg: Segment, case_code: int, pairs: Iterable[int], loop, options) -> ItemRef:
    """The case code element as an id under ``options.case_code_qualifier``, then the pairs."""
    ids = (
        [ItemId(options.case_code_qualifier, text(seg, case_code))] if text(seg, case_code) else []
    )
    for start in pairs:
        ids += read_item_ids(seg, start, start + 1)
    return ItemRef(tuple(ids), read_description(loop))


def _lot(seg: Segment, element: int, loop: Sequence[Segment]) -> str:
    """The warehouse lot element, else ``N9*LT*LOT42~`` in the item loop."""
    return text(seg, element) or reference_value(_references(loop, "N9"), "LT")


def _sscc(loop: Sequence[Segment], default: str) -> str:
    man = next((s for s in loop if s.tag == "MAN" and text(s, 1) in ("GM", "W")), None)
    return text(man, 2) if man else default


def w12_lines(loops, options: MapperOptions) -> Iterator[WarehouseShipmentLine]:
    """``W12*CC*12*10*2*CA*000100000010*VN*000100*LOT42~``: status, ordered, shipped,
    difference, unit, case code, id pair, lot."""
    for line_number, lx_sscc, loop in loops:
        w12 = loop[0]
        yield WarehouseShipmentLine(
            line_number=line_number,
            item=_item(w12, 6, (7,), loop, options),
            quantity=decimal_at(w12, 3, what="number of units shipped"),  # type: ignore[arg-type]
            unit=options.unit_in(required(w12, 5, "unit of measure")),
            ordered_quantity=decimal_at(w12, 2),
            status=text(w12, 1),
            lot_number=_lot(w12, 9, loop),
            sscc=_sscc(loop[1:], lx_sscc),
        )


def _routing(w27: Segment | None) -> Routing | None:
    """``W27*M*UPSN*UPS GROUND*PP~``: transport method, SCAC, routing."""
    if w27 is None:
        return None
    return Routing(text(w27, 2), "2", text(w27, 1), text(w27, 3))


def warehouse_shipment_from_945(
    segments: Iterable[Segment],
    delimiters: Delimiters | None = None,
    options: MapperOptions = DEFAULT_OPTIONS,
) -> WarehouseShipment:
    """``W06*F*SO0042*20240110*SHIP01**PO123~`` and its lines -> WarehouseShipment."""
    header, loops, w03 = _split(body(segments), "W12", "W03")
    w06 = _required_segment(header, "W06", "warehouse shipment identification")
    outside, parties = read_parties(header)
    references = _references(outside, "N9")
    dates = read_dates(outside, "G62")
    return WarehouseShipment(
        depositor_order_number=required(w06, 2, "depositor order number"),
        ship_date=date_at(w06, 3) or date_by_qualifier(dates, SHIPPED_ON),
        shipment_id=text(w06, 4),
        po_number=text(w06, 6),
        reporting_code=text(w06, 1),
        routing=_routing(first(outside, "W27")),
        bill_of_lading=reference_value(references, "BM"),
        tracking_number=reference_value(references, "CN"),
        parties=parties,
        references=references,
        dates=dates,
        lines=tuple(w12_lines(loops, options)),
        total_quantity=decimal_at(w03, 1) if w03 else None,
        total_weight=decimal_at(w03, 2) if w03 else None,
        weight_unit=text(w03, 3) if w03 else "",
    )


def warehouse_receipt_from_944(
    segments: Iterable[Segment],
    delimiters: Delimiters | None = None,
    options: MapperOptions = DEFAULT_OPTIONS,
) -> WarehouseReceipt:
    """``W17*F*20240110*RCPT01*PO123*SHIP01~`` and ``W07*100*CA*...*LOT42~`` lines."""
    header, loops, w14 = _split(body(segments), "W07", "W14")
    w17 = _required_segment(header, "W17", "warehouse receipt identification")
    outside, parties = read_parties(header)
    lines = tuple(
        ReceiptLine(
            line_number=line_number,
            item=_item(loop[0], 3, (4, 6), loop, options),
            quantity=decimal_at(loop[0], 1, what="quantity received"),  # type: ignore[arg-type]
            unit=options.unit_in(required(loop[0], 2, "unit of measure")),
            lot_number=_lot(loop[0], 8, loop),
        )
        for line_number, _sscc_unused, loop in loops
    )
    return WarehouseReceipt(
        receipt_number=required(w17, 3, "warehouse receipt number"),
        receipt_date=date_at(w17, 2, what="receipt date"),  # type: ignore[arg-type]
        depositor_order_number=text(w17, 4),
        shipment_id=text(w17, 5),
        reporting_code=text(w17, 1),
        parties=parties,
        references=_references(outside, "N9"),
        lines=lines,
        total_quantity=decimal_at(w14, 1) if w14 else None,
    )


def inventory_adjustment_from_947(
    segments: Iterable[Segment],
    delimiters: Delimiters | None = None,
    options: MapperOptions = DEFAULT_OPTIONS,
) -> InventoryAdjustment:
    """``W15*20240110*ADJ01*DEP01~`` and ``W19*AU*-5*EA**VN*000100***LOT42~`` lines."""
    header, loops, _summary = _split(body(segments), "W19", "")
    w15 = _required_segment(header, "W15", "warehouse adjustment identification")
    outside, parties = read_parties(header)
    lines = tuple(
        AdjustmentLine(
            line_number=line_number,
            reason=required(loop[0], 1, "adjustment reason"),
            item=_item(loop[0], 4, (5, 7), loop, options),
            quantity=decimal_at(loop[0], 2, what="credit/debit quantity"),  # type: ignore[arg-type]
            unit=options.unit_in(required(loop[0], 3, "unit of measure")),
            lot_number=_lot(loop[0], 9, loop),
        )
        for line_number, _sscc_unused, loop in loops
    )
    return InventoryAdjustment(
        adjustment_date=date_at(w15, 1, what="adjustment date"),  # type: ignore[arg-type]
        adjustment_number=text(w15, 2),
        depositor_adjustment_number=text(w15, 3),
        parties=parties,
        references=_references(outside, "N9"),
        lines=lines,
    )


def _required_segment(header: Sequence[Segment], tag: str, what: str) -> Segment:
    found = first(header, tag)
    if found is None:
        raise MappingError.missing_segment(tag, what)
    return found
