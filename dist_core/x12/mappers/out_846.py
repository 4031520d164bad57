""":class:`~dist_core.canonical.InventoryAdvice` -> 846 inventory inquiry/advice segments."""

from __future__ import annotations

from dist_core.canonical import InventoryAdvice, InventoryItem, InventoryQuantity
from dist_core.x12.segment import Segment

from .errors import MappingError
from .options import DEFAULT_OPTIONS, MapperOptions
from .values import seg
from .write_common import description_segment, item_pairs, parties_segments, reference_segment


def bia_segment(advice: InventoryAdvice) -> Segment:
    """``BIA*00*DD*INV20240201*20240201~``: purpose, report type, reference, date."""
    if not advice.report_id:
        raise MappingError.missing_data("BIA", "report_id")
    return seg("BIA", advice.purpose, advice.report_type, advice.report_id, advice.report_date)


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


def item_segments(item: InventoryItem, index: int, options: MapperOptions) -> list[Segment]:
    """``LIN*1*UP*012345678905*VN*AB3542~ PID*F****WIDGET~ CTP***9.25~ QTY*33*120*EA~``."""
    out = [seg("LIN", item.line_number or str(index), *item_pairs(item.item, options, "LIN"))]
    out += description_segment(item.item)
    if item.unit_price is not None:
        out.append(seg("CTP", "", "", item.unit_price))
    for quantity in item.quantities:
        out += quantity_segments(quantity, options)
    return out


def inventory_advice_to_846(
    advice: InventoryAdvice, options: MapperOptions = DEFAULT_OPTIONS
) -> list[Segment]:
    """The 846 body (no ST/SE) for ``advice``, closed by ``CTT*<number of LIN>~``."""
    out = [bia_segment(advice), *header_segments(advice, options)]
    for index, item in enumerate(advice.items, 1):
        out += item_segments(item, index, options)
    return out + [seg("CTT", len(advice.items))]
