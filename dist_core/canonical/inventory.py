"""Inventory advice (846): available quantities by the partner's item ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .common import DateRef, ItemRef, Party, Reference

# QTY01 qualifiers: 33 quantity available for sale, 17 on hand, 02 cumulative ordered...
QTY_AVAILABLE = "33"


@dataclass(frozen=True, slots=True)
class InventoryQuantity:
    """``QTY*33*120*EA~`` and an optional ``DTM*018*20240201~`` (available from)."""

    quantity: Decimal
    unit: str = "EA"
    qualifier: str = QTY_AVAILABLE
    available_date: date | None = None


@dataclass(frozen=True, slots=True)
class InventoryItem:
    """``LIN*1*UP*012345678905*VN*AB3542~``, ``PID*F****WIDGET~`` and its quantities."""

    item: ItemRef
    quantities: tuple[InventoryQuantity, ...] = ()
    line_number: str = ""
    unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class InventoryAdvice:
    """``BIA*00*DD*INV20240201*20240201~``: one feed, usually one per warehouse (N1*WH)."""

    report_id: str
    report_date: date
    purpose: str = "00"
    report_type: str = "DD"
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    dates: tuple[DateRef, ...] = ()
    items: tuple[InventoryItem, ...] = ()
