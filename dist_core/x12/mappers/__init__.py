"""X12 canonical mappers: transaction set segments <-> canonical documents.

Inbound mappers take the segments of one transaction set (ST..SE included or not) and the
interchange's delimiters; outbound mappers return the set body without ST/SE, which the engine's
writer wraps with ST/SE, GS/GE and ISA/IEA and numbers. Partner variations live in
:class:`MapperOptions`; every mapping problem raises :class:`MappingError` (never retryable).

:data:`INBOUND` and :data:`OUTBOUND` map a set id to its mapper, for callers that dispatch on ST01
(the CLI's ``to-canonical``/``from-canonical``, the Odoo message router).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.segment import Segment

from .errors import MappingError
from .in_850 import order_from_850
from .in_860 import order_change_from_860
from .in_warehouse import (
    inventory_adjustment_from_947,
    warehouse_receipt_from_944,
    warehouse_shipment_from_945,
)
from .options import DEFAULT_OPTIONS, MapperOptions
from .out_810 import invoice_to_810
from .out_846 import inventory_advice_to_846
from .out_855 import ack_to_855
from .out_856 import shipment_to_856
from .out_940 import shipping_order_to_940

INBOUND: dict[str, Callable[..., Any]] = {
    "850": order_from_850,
    "860": order_change_from_860,
    "944": warehouse_receipt_from_944,
    "945": warehouse_shipment_from_945,
    "947": inventory_adjustment_from_947,
}
OUTBOUND: dict[str, Callable[..., list[Segment]]] = {
    "810": invoice_to_810,
    "846": inventory_advice_to_846,
    "855": ack_to_855,
    "856": shipment_to_856,
    "940": shipping_order_to_940,
}


def to_canonical(
    set_id: str,
    segments: Iterable[Segment],
    delimiters: Delimiters | None = None,
    options: MapperOptions = DEFAULT_OPTIONS,
) -> Any:
    """The canonical document of one inbound transaction set (``set_id`` is its ST01)."""
    try:
        mapper = INBOUND[set_id]
    except KeyError:
        raise MappingError.unsupported_set(set_id, "inbound") from None
    return mapper(segments, delimiters, options)


def from_canonical(
    set_id: str, document: Any, options: MapperOptions = DEFAULT_OPTIONS
) -> list[Segment]:
    """The set body (no ST/SE) of ``document`` written as ``set_id``."""
    try:
        mapper = OUTBOUND[set_id]
    except KeyError:
        raise MappingError.unsupported_set(set_id, "outbound") from None
    return mapper(document, options)


__all__ = [
    "DEFAULT_OPTIONS",
    "INBOUND",
    "OUTBOUND",
    "MapperOptions",
    "MappingError",
    "ack_to_855",
    "from_canonical",
    "inventory_adjustment_from_947",
    "inventory_advice_to_846",
    "invoice_to_810",
    "order_change_from_860",
    "order_from_850",
    "shipment_to_856",
    "shipping_order_to_940",
    "to_canonical",
    "warehouse_receipt_from_944",
    "warehouse_shipment_from_945",
]
