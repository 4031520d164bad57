""":class:`~dist_core.canonical.WarehouseShippingOrder` -> 940 warehouse shipping order segments."""

from __future__ import annotations

from decimal import Decimal

from dist_core.canonical import ItemRef, Note, Routing, WarehouseLine, WarehouseShippingOrder
from dist_core.x12.segment import Segment

from .errors import MappingError
from .options import DEFAULT_OPTIONS, MapperOptions
from .values import seg
from .write_common import item_pairs, parties_segments, reference_segment


def w05_segment(order: WarehouseShippingOrder) -> Segment:
    """``W05*N*SO0042*PO123~``: purpose (N original, F cancel...), depositor order, PO."""
    if not order.depositor_order_number:
        raise MappingError.missing_data("W05", "depositor_order_number")
    return seg("W05", order.purpose, order.depositor_order_number, order.po_number)


def header_segments(order: WarehouseShippingOrder, options: MapperOptions) -> list[Segment]:
    """N1 loops, N9 references, G62 requested dates, NTE, then W66 carrier routing."""
    out = parties_segments(order.parties, options.wso_party_roles)
    out += [reference_segment(ref, "N9") for ref in order.references]
    if order.requested_ship_date:
        out.append(seg("G62", options.wso_ship_date_qualifier, order.requested_ship_date))
    if order.requested_delivery_date:
        out.append(seg("G62", options.wso_delivery_date_qualifier, order.requested_delivery_date))
    out += [seg("G62", d.qualifier, d.value) for d in order.dates]
    out += [nte_segment(note) for note in order.notes]
    if order.routing is not None:
        out.append(w66_segment(order.payment_method, order.routing))
    return out


def nte_segment(note: Note) -> Segment:
    """``NTE*WHI*SHIP ON CHEP PALLETS~``: the 940 has no MSG, so every note is an NTE."""
    return seg("NTE", note.code if note.code and note.code != "MSG" else "WHI", note.text)


def w66_segment(payment_method: str, routing: Routing) -> Segment:
    """``W66*PP*M***UPS GROUND*****UPSN~``: payment method, transport, routing, SCAC (W6610)."""
    return seg(
        "W66", payment_method, routing.transport_method, "", "", routing.routing,
        "", "", "", "", routing.carrier_code,
    )  # fmt: skip


def w01_segment(line: WarehouseLine, options: MapperOptions) -> Segment:
    """``W01*12*CA*000100000010*VN*000100*UP*012345678905~``: quantity, unit, case code, ids.

    The U.P.C. case code element (W0103) takes the item's ``case_code_qualifier`` id; the other
    ids follow as qualifier/value pairs (at most two in W01).
    """
    case_code = line.item.get(options.case_code_qualifier)
    others = ItemRef(tuple(i for i in line.item.ids if i.qualifier != options.case_code_qualifier))
    pairs = item_pairs(others, options, "W01") if others.ids or not case_code else []
    return seg("W01", line.quantity, options.unit_out(line.unit), case_code, *pairs[:4])


def line_segments(line: WarehouseLine, options: MapperOptions) -> list[Segment]:
    """``LX*1~ W01*...~ G69*WIDGET~ N9*LT*LOT42~ NTE*WHI*...~``."""
    out = [seg("LX", line.line_number), w01_segment(line, options)]
    if line.item.description:
        out.append(seg("G69", line.item.description))
    if line.lot_number:
        out.append(seg("N9", "LT", line.lot_number))
    out += [reference_segment(ref, "N9") for ref in line.references]
    return out + [nte_segment(note) for note in line.notes]


def shipping_order_to_940(
    order: WarehouseShippingOrder, options: MapperOptions = DEFAULT_OPTIONS
) -> list[Segment]:
    """The 940 body (no ST/SE) for ``order``, closed by ``W76*<total quantity>*<weight>*LB~``."""
    if not order.lines:
        raise MappingError.missing_data("W01", "lines of the shipping order")
    out = [w05_segment(order), *header_segments(order, options)]
    for line in order.lines:
        out += line_segments(line, options)
    total = sum((line.quantity for line in order.lines), Decimal(0))
    weight_unit = order.weight_unit if order.total_weight is not None else ""
    return out + [seg("W76", total, order.total_weight, weight_unit)]
