""":class:`~dist_core.canonical.InventoryAdvice` -> 846 inventory inquiry/advice segments."""

from __future__ import annotations

from dist_core.canonical import (
    InventoryAdvice,
    InventoryItem,
    InventoryLocation,
    InventoryQuantity,
    Party,
)
from dist_core.x12.errors import Code, issue
from dist_core.x12.segment import Segment

from .errors import MappingError
from .options import DEFAULT_OPTIONS, MapperOptions
from .values import seg
from .write_common import description_segment, item_pairs, parties_segments, reference_segment


def bia_segment(advice: InventoryAdvice) -> Segment:
    """``BIA*00*DD*INV20240201*20240201*0800~``: purpose, report type, reference, date, time."""
    if not advice.report_id:
        raise MappingError.missing_data("BIA", "report_id")
    return seg(
        "BIA",
        advice.purpose,
        advice.report_type,
        advice.report_id,
        advice.report_date,
        advice.report_time,
    )


def header_segments(advice: InventoryAdvice, options: MapperOptions) -> list[Segment]:
    """REF, DTM and N1 loops (N1*WH for the warehouse whose stock this is)."""
    out = [reference_segment(ref) for ref in advice.references]
    out += [seg("DTM", d.qualifier, d.value, d.time) for d in advice.dates]
    return out + parties_segments(advice.parties, options.inventory_party_roles)


def quantity_segments(quantity: InventoryQuantity, options: MapperOptions) -> list[Segment]:
    """``QTY*33*120*EA~`` and, for future availability, ``DTM*018*20240215~``."""
    out = [seg("QTY", quantity.qualifier, quantity.quantity, options.unit_out(quantity.unit))]
    if quantity.available_date:
        out.append(seg("DTM", options.inventory_date_qualifier, quantity.available_date))
    return out


def _not_writable(tag: str, why: str) -> MappingError:
    return MappingError(issue(Code.WRITE_INVALID_VALUE, f"cannot write {tag}: {why}", tag=tag))


def location_party_segments(party: Party) -> list[Segment]:
    """``N1*WH*EAST DC*91*E1~`` (and N3/N4 with an address) opening a location in a LIN loop;
    that N1 loop has no REF, so a party with references is an error, not silently cut."""
    if party.references:
        raise _not_writable("N1", f"location {party.id or party.name} has references (no REF here)")
    out = [seg("N1", party.role, party.name, party.id_qualifier if party.id else "", party.id)]
    address = party.address
    if address is not None:
        lines = list(address.lines)[:2]
        if lines:
            out.append(seg("N3", *lines))
        if address.city or address.state or address.postal_code:
            out.append(seg("N4", address.city, address.state, address.postal_code, address.country))
    return out


def location_segments(location: InventoryLocation, options: MapperOptions) -> list[Segment]:
    """``N1*WH*EAST DC*91*E1~ QTY*33*120*EA~ QTY*17*130*EA~ DTM*007*20240201~``."""
    if not location.party.name and not location.party.id:
        raise MappingError.missing_data("N1", "location name or id")
    out = location_party_segments(location.party)
    for quantity in location.quantities:
        if quantity.available_date:
            raise _not_writable("QTY", "a location quantity cannot carry an available date")
        unit = options.unit_out(quantity.unit)
        out.append(seg("QTY", quantity.qualifier, quantity.quantity, unit))
    out += [seg("DTM", d.qualifier, d.value, d.time) for d in location.dates]
    return out


def item_segments(item: InventoryItem, index: int, options: MapperOptions) -> list[Segment]:
    """``LIN*1*UP*012345678905*VN*AB3542~ PID*F****WIDGET~ CTP***9.25~ QTY*33*120*EA~``, then
    one ``N1*WH*...~ QTY*33*...~`` loop per location."""
    out = [seg("LIN", item.line_number or str(index), *item_pairs(item.item, options, "LIN"))]
    out += description_segment(item.item)
    if item.unit_price is not None:
        out.append(seg("CTP", "", "", item.unit_price))
    for quantity in item.quantities:
        out += quantity_segments(quantity, options)
    for location in item.locations:
        out += location_segments(location, options)
    return out


def inventory_advice_to_846(
    advice: InventoryAdvice, options: MapperOptions = DEFAULT_OPTIONS
) -> list[Segment]:
    """The 846 body (no ST/SE) for ``advice``, closed by ``CTT*<number of LIN>~``."""
    out = [bia_segment(advice), *header_segments(advice, options)]
    for index, item in enumerate(advice.items, 1):
        out += item_segments(item, index, options)
    return out + [seg("CTT", len(advice.items))]
