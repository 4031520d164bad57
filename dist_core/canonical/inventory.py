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
class InventoryLocation:
    """One warehouse's quantities of an item: ``N1*WH*EAST DC*91*E1~ QTY*33*120*EA~``.

    The N1 loop inside the LIN loop, for an advice that reports several warehouses item by item.
    Its ``dates`` (``DTM*007*20240201~``) follow its quantities; a quantity here cannot carry an
    ``available_date`` of its own (the loop has no place for one).
    """

    party: Party
    quantities: tuple[InventoryQuantity, ...] = ()
    dates: tuple[DateRef, ...] = ()


@dataclass(frozen=True, slots=True)
class InventoryItem:
    """``LIN*1*UP*012345678905*VN*AB3542~``, ``PID*F****WIDGET~``, its quantities and, per
    warehouse, its ``locations``."""

    item: ItemRef
    quantities: tuple[InventoryQuantity, ...] = ()
    line_number: str = ""
    unit_price: Decimal | None = None
    locations: tuple[InventoryLocation, ...] = ()


@dataclass(frozen=True, slots=True)
class InventoryAdvice:
    """``BIA*00*DD*INV20240201*20240201*0800~``: one feed; one warehouse in the header (N1*WH),
    or several, each item's quantities given per warehouse in its ``locations``."""

    report_id: str
    report_date: date
    report_time: str = ""
    purpose: str = "00"
    report_type: str = "DD"
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    dates: tuple[DateRef, ...] = ()
    items: tuple[InventoryItem, ...] = ()
