""":class:`~dist_core.canonical.Shipment` -> 856 advance ship notice segments.

The HL tree follows ``MapperOptions.asn_structure``:

* ``SOPI`` pick and pack: shipment, order, pack (``MAN*GM`` SSCC-18), item; pallets are flattened;
* ``SOTPI``: the same with a tare level (pallet SSCC) between order and pack;
* ``SOI`` standard carton: shipment, order, item, with each order's items summed per line.

HL01 numbers are assigned in document order and HL02 points at the parent; HL04 says whether
children follow.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from dist_core.canonical import Pack, Shipment, ShipmentItem, ShipmentOrder, Tare
from dist_core.gs1 import GS1Error, validate_sscc
from dist_core.x12.segment import Segment

from .errors import MappingError
from .options import DEFAULT_OPTIONS, MapperOptions
from .values import seg
from .write_common import (
    description_segment,
    item_pairs,
    parties_segments,
    reference_segment,
    routing_segment,
)


class _Tree:
    """Collects segments while numbering HL levels."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.count = 0
        self.lin_count = 0
        self.shipped: list[Decimal] = []

    def level(self, parent: int | None, code: str, has_children: bool) -> int:
        """``HL*3*2*P*1~``: returns the new level's HL01."""
        self.count += 1
        parent_id = "" if parent is None else str(parent)
        self.segments.append(seg("HL", self.count, parent_id, code, "1" if has_children else "0"))
        return self.count


def bsn_segment(shipment: Shipment, options: MapperOptions) -> Segment:
    """``BSN*00*SHIP001*20240110*1530*0001~``: purpose, shipment id, date, time, structure."""
    if not shipment.shipment_id:
        raise MappingError.missing_data("BSN", "shipment_id")
    time = shipment.ship_time or "0000"
    return seg(
        "BSN", shipment.purpose, shipment.shipment_id, shipment.ship_date, time, options.bsn05
    )


def date_segments(shipment: Shipment, options: MapperOptions) -> list[Segment]:
    """``DTM*011*20240110~`` (shipped) and ``DTM*017*20240112~`` (estimated delivery)."""
    out = [seg("DTM", options.asn_ship_date_qualifier, shipment.ship_date)]
    if shipment.estimated_delivery:
        out.append(seg("DTM", options.asn_delivery_date_qualifier, shipment.estimated_delivery))
    return out + [seg("DTM", d.qualifier, d.value, d.time) for d in shipment.dates]


def td1_segment(shipment: Shipment) -> list[Segment]:
    """``TD1*CTN25*3****G*45.5*LB~``: packaging, lading quantity, gross weight."""
    lading = shipment.lading_quantity
    if lading is None:
        lading = sum(len(order.all_packs()) for order in shipment.orders) or None
    if lading is None and shipment.gross_weight is None:
        return []
    weighed = shipment.gross_weight is not None
    return [
        seg(
            "TD1",
            shipment.packaging_code,
            lading,
            "",
            "",
            "",
            "G" if weighed else "",
            shipment.gross_weight,
            shipment.weight_unit if weighed else "",
        )  # fmt: skip
    ]


def shipment_level_segments(shipment: Shipment, options: MapperOptions) -> list[Segment]:
    """Under ``HL*1**S~``: TD1, TD5, TD3, REF*BM, REF*CN, other REFs, then N1 ship-from/ship-to."""
    out = td1_segment(shipment)
    if shipment.routing is None:
        raise MappingError.missing_data("TD5", "routing (carrier SCAC)")
    out.append(routing_segment(shipment.routing))
    if shipment.equipment_number or shipment.seal_number:
        out.append(
            seg("TD3", shipment.equipment_code or "TL", "", shipment.equipment_number,
                "", "", "", "", "", shipment.seal_number)
        )  # fmt: skip
    if shipment.bill_of_lading:
        out.append(seg("REF", "BM", shipment.bill_of_lading))
    if shipment.tracking_number:
        out.append(seg("REF", "CN", shipment.tracking_number))
    out += [reference_segment(ref) for ref in shipment.references]
    return out + parties_segments(shipment.parties, options.asn_shipment_party_roles)


def order_level_segments(order: ShipmentOrder, options: MapperOptions) -> list[Segment]:
    """Under ``HL*2*1*O~``: ``PRF*PO123***20240105~``, REF*DP, REF*VN, and order-level N1s."""
    if not order.po_number:
        raise MappingError.missing_data("PRF", "po_number")
    out = [seg("PRF", order.po_number, order.release_number, "", order.po_date)]
    if order.department:
        out.append(seg("REF", "DP", order.department))
    if order.vendor_order_number:
        out.append(seg("REF", "VN", order.vendor_order_number))
    out += [reference_segment(ref) for ref in order.references]
    return out + parties_segments(order.parties, options.asn_order_party_roles)


def man_segment(sscc: str, level: str, options: MapperOptions) -> Segment:
    """``MAN*GM*006141411234567890~``: the SSCC-18, check digit verified before it leaves."""
    if not sscc:
        raise MappingError.missing_data("MAN", f"SSCC of a {level} level")
    try:
        return seg("MAN", options.asn_sscc_qualifier, validate_sscc(sscc))
    except GS1Error as exc:
        raise MappingError.missing_data("MAN", f"valid SSCC ({exc})") from None


def item_level_segments(item: ShipmentItem, tree: _Tree, options: MapperOptions) -> list[Segment]:
    """``LIN*1*UP*012345678905~ SN1*1*24*EA**120*EA~ PO4.. PID*F****WIDGET~ REF*LT*LOT42~``."""
    tree.lin_count += 1
    tree.shipped.append(item.quantity)
    ordered = item.ordered_quantity if options.asn_send_ordered_quantity else None
    ordered_unit = options.unit_out(item.ordered_unit or item.unit) if ordered is not None else ""
    out = [
        seg("LIN", item.line_number, *item_pairs(item.item, options, "LIN")),
        seg("SN1", item.line_number, item.quantity, options.unit_out(item.unit), "",
            ordered, ordered_unit),
    ]  # fmt: skip
    if item.pack is not None:
        pack = item.pack
        out.append(seg("PO4", pack.pack, pack.size, pack.unit, pack.packaging_code))
    out += description_segment(item.item)
    if item.lot_number:
        out.append(seg("REF", "LT", item.lot_number))
    return out


def _items(tree: _Tree, parent: int, items: tuple[ShipmentItem, ...], options: MapperOptions):
    for item in items:
        tree.level(parent, "I", False)
        tree.segments += item_level_segments(item, tree, options)


def _pack(tree: _Tree, parent: int, pack: Pack, options: MapperOptions) -> None:
    level = tree.level(parent, "P", bool(pack.items))
    tree.segments.append(man_segment(pack.sscc, "pack", options))
    if pack.tracking_number:
        tree.segments.append(seg("REF", "CN", pack.tracking_number))
    _items(tree, level, pack.items, options)


def _tare(tree: _Tree, parent: int, tare: Tare, options: MapperOptions) -> None:
    level = tree.level(parent, "T", bool(tare.packs))
    tree.segments.append(man_segment(tare.sscc, "tare", options))
    for pack in tare.packs:
        _pack(tree, level, pack, options)


def summed_items(order: ShipmentOrder) -> tuple[ShipmentItem, ...]:
    """The order's items summed per line, item, unit and lot (for S/O/I)."""
    totals: dict[tuple, ShipmentItem] = {}
    for item in order.all_items():
        key = (item.line_number, item.item, item.unit, item.lot_number)
        known = totals.get(key)
        totals[key] = (
            item
            if known is None
            else dataclasses.replace(known, quantity=known.quantity + item.quantity)
        )
    return tuple(totals.values())


def _order(tree: _Tree, order: ShipmentOrder, options: MapperOptions) -> None:
    level = tree.level(1, "O", True)
    tree.segments += order_level_segments(order, options)
    if options.asn_structure == "SOI":
        _items(tree, level, summed_items(order), options)
        return
    if options.asn_structure == "SOTPI":
        for tare in order.tares:
            _tare(tree, level, tare, options)
        packs = order.packs
    else:
        packs = order.all_packs()
    for pack in packs:
        _pack(tree, level, pack, options)
    _items(tree, level, order.items, options)


def shipment_to_856(shipment: Shipment, options: MapperOptions = DEFAULT_OPTIONS) -> list[Segment]:
    """The 856 body (no ST/SE) for ``shipment``."""
    if not shipment.orders:
        raise MappingError.missing_data("HL", "orders of the shipment")
    tree = _Tree()
    tree.segments += [bsn_segment(shipment, options), *date_segments(shipment, options)]
    tree.level(None, "S", True)
    tree.segments += shipment_level_segments(shipment, options)
    for order in shipment.orders:
        _order(tree, order, options)
    count = tree.count if options.asn_ctt_count == "hl" else tree.lin_count
    hash_total = sum(tree.shipped, Decimal(0)) if options.ctt_hash_total else None
    return [*tree.segments, seg("CTT", count, hash_total)]
