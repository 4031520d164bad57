"""Ship notices (856): the shipment, its orders, tares (pallets), packs (cartons) and items.

The model holds the physical truth (which items sit in which carton on which pallet); the 856 mapper
turns it into whichever HL structure the partner wants (S/O/P/I, S/O/T/P/I or S/O/I), so one picking
can feed partners with different guides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .common import DateRef, ItemRef, PackSize, Party, Reference, Routing, party_by_role


@dataclass(frozen=True, slots=True)
class ShipmentItem:
    """``LIN**UP*012345678905*VN*AB3542~`` + ``SN1**24*EA**120*EA~``: what shipped of one line."""

    item: ItemRef
    quantity: Decimal
    unit: str
    line_number: str = ""
    ordered_quantity: Decimal | None = None
    ordered_unit: str = ""
    lot_number: str = ""
    pack: PackSize | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    """A carton: ``HL*3*2*P~`` + ``MAN*GM*000123456789012345~`` and the items inside it."""

    sscc: str = ""
    items: tuple[ShipmentItem, ...] = ()
    weight: Decimal | None = None
    weight_unit: str = ""
    tracking_number: str = ""


@dataclass(frozen=True, slots=True)
class Tare:
    """A pallet: ``HL*3*2*T~`` + ``MAN*GM*<SSCC-18>~`` and the packs on it."""

    sscc: str = ""
    packs: tuple[Pack, ...] = ()


@dataclass(frozen=True, slots=True)
class ShipmentOrder:
    """``HL*2*1*O~`` + ``PRF*PO123***20240105~``: the part of the shipment for one purchase order.

    Items may sit on pallets (``tares``), in cartons (``packs``) or loose (``items``).
    """

    po_number: str
    po_date: date | None = None
    release_number: str = ""
    department: str = ""
    vendor_order_number: str = ""
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    tares: tuple[Tare, ...] = ()
    packs: tuple[Pack, ...] = ()
    items: tuple[ShipmentItem, ...] = ()

    def all_packs(self) -> tuple[Pack, ...]:
        """Every pack of the order, those on pallets first."""
        return tuple(pack for tare in self.tares for pack in tare.packs) + self.packs

    def all_items(self) -> tuple[ShipmentItem, ...]:
        """Every item of the order, packed or loose."""
        return tuple(item for pack in self.all_packs() for item in pack.items) + self.items


@dataclass(frozen=True, slots=True)
class Shipment:
    """An advance ship notice (856): ``BSN*00*SHIP001*20240110*1530*0001~`` and below.

    ``ship_date``/``estimated_delivery`` are written as DTM 011/017 (qualifiers are options);
    ``routing.carrier_code`` is the SCAC of TD503, ``bill_of_lading`` REF*BM, ``tracking_number``
    REF*CN, ``gross_weight`` TD106/TD107, ``lading_quantity`` TD102.
    """

    shipment_id: str
    ship_date: date
    ship_time: str = ""
    purpose: str = "00"
    estimated_delivery: date | None = None
    routing: Routing | None = None
    bill_of_lading: str = ""
    tracking_number: str = ""
    gross_weight: Decimal | None = None
    weight_unit: str = "LB"
    lading_quantity: int | None = None
    packaging_code: str = "CTN25"
    equipment_code: str = ""
    equipment_number: str = ""
    seal_number: str = ""
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    dates: tuple[DateRef, ...] = ()
    orders: tuple[ShipmentOrder, ...] = ()

    @property
    def ship_from(self) -> Party | None:
        return party_by_role(self.parties, "SF")

    @property
    def ship_to(self) -> Party | None:
        return party_by_role(self.parties, "ST")
