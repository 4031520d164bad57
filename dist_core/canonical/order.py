"""Orders: the 850 purchase order, the 860 change and the 855 acknowledgment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .common import (
    AllowanceCharge,
    DateRef,
    ItemRef,
    Note,
    PackSize,
    Party,
    Reference,
    Routing,
    Terms,
    date_by_qualifier,
    party_by_role,
)

# DTM qualifiers the order flow reads (documented here so the Odoo side names them once).
DELIVERY_REQUESTED = "002"
SHIP_REQUESTED = "010"
SHIP_NOT_BEFORE = "037"
SHIP_NO_LATER = "038"
CANCEL_AFTER = "001"


class _HasParties:
    """Lookup helpers for documents with ``parties`` and ``dates`` fields."""

    __slots__ = ()

    def party(self, role: str) -> Party | None:
        return party_by_role(self.parties, role)  # type: ignore[attr-defined]

    def date_for(self, qualifier: str) -> date | None:
        return date_by_qualifier(self.dates, qualifier)  # type: ignore[attr-defined]

    @property
    def ship_to(self) -> Party | None:
        return self.party("ST")

    @property
    def bill_to(self) -> Party | None:
        return self.party("BT")

    @property
    def buyer(self) -> Party | None:
        return self.party("BY")


@dataclass(frozen=True, slots=True)
class OrderLine:
    """``PO1*1*120*EA*9.25*TE*UP*012345678905*VN*AB3542~`` and its PID, PO4, DTM, SAC, MSG."""

    line_number: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None = None
    price_basis: str = ""
    item: ItemRef = ItemRef()
    pack: PackSize | None = None
    dates: tuple[DateRef, ...] = ()
    notes: tuple[Note, ...] = ()
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    references: tuple[Reference, ...] = ()
    parties: tuple[Party, ...] = ()


@dataclass(frozen=True, slots=True)
class Order(_HasParties):
    """A purchase order (850): ``BEG*00*SA*PO123**20240105~`` and everything under it."""

    po_number: str
    order_date: date | None = None
    purpose: str = "00"
    order_type: str = "SA"
    release_number: str = ""
    contract_number: str = ""
    currency: str = ""
    parties: tuple[Party, ...] = ()
    dates: tuple[DateRef, ...] = ()
    routings: tuple[Routing, ...] = ()
    terms: tuple[Terms, ...] = ()
    notes: tuple[Note, ...] = ()
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    references: tuple[Reference, ...] = ()
    lines: tuple[OrderLine, ...] = ()
    line_count: int | None = None
    total_amount: Decimal | None = None


# POC02 change codes that add or remove a line; every other code changes a line in place.
ADD_CODES = frozenset({"AI"})
DELETE_CODES = frozenset({"DI"})
CANCEL_PURPOSES = frozenset({"01"})


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """``POC*2*QI*100*20*EA*13.79*TE*UP*012345678905~``: POC03 is the new ordered quantity."""

    line_number: str
    change_code: str
    quantity: Decimal | None = None
    quantity_left: Decimal | None = None
    unit: str = ""
    unit_price: Decimal | None = None
    price_basis: str = ""
    item: ItemRef = ItemRef()
    pack: PackSize | None = None
    dates: tuple[DateRef, ...] = ()
    notes: tuple[Note, ...] = ()

    @property
    def is_added(self) -> bool:
        return self.change_code in ADD_CODES

    @property
    def is_removed(self) -> bool:
        return self.change_code in DELETE_CODES


@dataclass(frozen=True, slots=True)
class OrderChange(_HasParties):
    """A purchase order change (860): ``BCH*04*SA*PO123**1*20240105~``; BCH01 01 cancels it all."""

    po_number: str
    purpose: str
    order_type: str = "SA"
    release_number: str = ""
    change_sequence: str = ""
    order_date: date | None = None
    parties: tuple[Party, ...] = ()
    dates: tuple[DateRef, ...] = ()
    routings: tuple[Routing, ...] = ()
    notes: tuple[Note, ...] = ()
    references: tuple[Reference, ...] = ()
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    lines: tuple[ChangeLine, ...] = ()

    @property
    def is_cancellation(self) -> bool:
        return self.purpose in CANCEL_PURPOSES

    @property
    def added_lines(self) -> tuple[ChangeLine, ...]:
        return tuple(line for line in self.lines if line.is_added)

    @property
    def removed_lines(self) -> tuple[ChangeLine, ...]:
        return tuple(line for line in self.lines if line.is_removed)

    @property
    def changed_lines(self) -> tuple[ChangeLine, ...]:
        return tuple(line for line in self.lines if not (line.is_added or line.is_removed))


# ACK01 line statuses: accepted, backordered, rejected, quantity/price changed, substitution...
LINE_STATUSES = frozenset({"IA", "IB", "IR", "IQ", "IP", "IS", "IC", "ID", "IH", "IW", "R2"})


@dataclass(frozen=True, slots=True)
class LineStatus:
    """``ACK*IB*20*EA*068*20240120~``: status, quantity and unit it applies to, a dated schedule."""

    status: str
    quantity: Decimal | None = None
    unit: str = ""
    date_qualifier: str = ""
    scheduled_date: date | None = None


@dataclass(frozen=True, slots=True)
class AckLine:
    """The echoed ``PO1`` of an 855 line plus one ACK per status (part IA, part IB...)."""

    line_number: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None = None
    price_basis: str = ""
    item: ItemRef = ItemRef()
    statuses: tuple[LineStatus, ...] = ()


@dataclass(frozen=True, slots=True)
class OrderAck(_HasParties):
    """A purchase order acknowledgment (855): ``BAK*00*AC*PO123*20240105*****20240106~``.

    ``ack_type`` is BAK02: AC (with detail and change), AD (with detail, no change), AE (with
    exception detail only), AK (no detail or change), RD (rejected with detail), RJ (rejected).
    """

    po_number: str
    ack_type: str
    po_date: date | None = None
    purpose: str = "00"
    ack_date: date | None = None
    release_number: str = ""
    seller_order_number: str = ""
    currency: str = ""
    parties: tuple[Party, ...] = ()
    dates: tuple[DateRef, ...] = ()
    references: tuple[Reference, ...] = ()
    notes: tuple[Note, ...] = ()
    lines: tuple[AckLine, ...] = ()
