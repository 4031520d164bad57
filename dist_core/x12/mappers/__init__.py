"""X12 canonical mappers: transaction set segments <-> canonical documents.

Inbound mappers take the segments of one transaction set (ST..SE included or not) and the
interchange's delimiters; outbound mappers return the set body without ST/SE, which the engine's
writer wraps with ST/SE, GS/GE and ISA/IEA and numbers. Partner variations live in
:class:`MapperOptions`; every mapping problem raises :class:`MappingError` (never retryable).
"""

from __future__ import annotations

from .errors import MappingError
from .in_850 import order_from_850
from .options import DEFAULT_OPTIONS, MapperOptions
from .out_810 import invoice_to_810
from .out_855 import ack_to_855
from .out_856 import shipment_to_856

__all__ = [
    "DEFAULT_OPTIONS",
    "MapperOptions",
    "MappingError",
    "ack_to_855",
    "invoice_to_810",
    "order_from_850",
    "shipment_to_856",
]
