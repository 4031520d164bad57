"""Decide a purchase order acknowledgment (855) from plain facts, without Odoo.

The Odoo side gathers, per line of the 850, what the partner asked for (in the partner's unit)
and what we will do (in our unit: the sale line's quantity, price, product and the stock
forecast); this module decides one ACK status per line and the BAK02 type:

=====  ==============================================================================
IR     rejected: the line is gone or its quantity is 0 (ACK02: the ordered quantity)
IS     substitution: another product than the one the partner's item id maps to
IQ     quantity changed (ACK02: the new quantity)
IP     price changed (ACK02: the quantity; PO104 carries our price)
IB     backordered: the forecast does not cover the line; a partial cover is split into
       IA for what the forecast covers (whole partner units) and IB for the rest
IA     accepted as ordered
=====  ==============================================================================

The first that applies wins (a quantity change is reported even when stock is short too).
BAK02: ``AD`` (every line accepted as ordered), ``AC`` (any change, backorder or rejection),
``RJ`` (every line rejected, or no line), or with ``exceptions_only`` ``AE`` (only the lines that
are not plainly accepted are detailed) and ``AK`` (nothing to detail).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .common import ItemRef, Party
from .order import AckLine, LineStatus, OrderAck

ACCEPTED = "IA"
BACKORDERED = "IB"
REJECTED = "IR"
QUANTITY_CHANGED = "IQ"
PRICE_CHANGED = "IP"
SUBSTITUTED = "IS"

ACCEPTED_NO_CHANGE = "AD"
ACCEPTED_WITH_CHANGE = "AC"
EXCEPTIONS_ONLY = "AE"
NO_DETAIL = "AK"
REJECTED_ORDER = "RJ"


@dataclass(frozen=True, slots=True)
class AckFacts:
    """One 850 line next to what we will do with it.

    The partner's terms, in the partner's unit: ``line_number`` (PO101), ``ordered_quantity``
    (PO102), ``unit`` (PO103), ``ordered_price`` (PO104), ``price_basis``, ``item``.
    Ours, in our unit: ``quantity`` (None when no line is left for it), ``price`` per our unit,
    ``available`` (the forecast left for this line; None when the product is not stock-managed),
    ``substituted`` (another product than the partner's item maps to). ``factor``: our units per
    partner unit (12 when the partner orders cases of 12 and we sell units).
    """

    line_number: str
    ordered_quantity: Decimal
    unit: str
    quantity: Decimal | None
    factor: Decimal = Decimal(1)
    ordered_price: Decimal | None = None
    price: Decimal | None = None
    available: Decimal | None = None
    substituted: bool = False
    price_basis: str = ""
    item: ItemRef = ItemRef()
    scheduled_date: date | None = None


def _places(digits: int) -> Decimal:
    return Decimal(1).scaleb(-digits)


def _round(value: Decimal, digits: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    return Decimal(value).quantize(_places(digits), rounding=rounding)


def price_changed(facts: AckFacts, price_digits: int = 2) -> bool:
    """True when our price per our unit differs from the PO price per our unit, both rounded
    to ``price_digits`` (the precision the intake stored the PO price with)."""
    if facts.ordered_price is None or facts.price is None or not facts.factor:
        return False
    theirs = _round(Decimal(facts.ordered_price) / Decimal(facts.factor), price_digits)
    return _round(Decimal(facts.price), price_digits) != theirs


def line_statuses(
    facts: AckFacts, quantity_digits: int = 3, price_digits: int = 2
) -> tuple[LineStatus, ...]:
    """The ACK statuses of one line (one, or IA + IB for a partial backorder)."""
    unit = facts.unit
    ordered = _round(Decimal(facts.ordered_quantity), quantity_digits)
    factor = Decimal(facts.factor) or Decimal(1)
    if facts.quantity is None or Decimal(facts.quantity) <= 0:
        return (LineStatus(REJECTED, ordered, unit),)
    quantity = _round(Decimal(facts.quantity) / factor, quantity_digits)
    when = facts.scheduled_date
    if facts.substituted:
        return (LineStatus(SUBSTITUTED, quantity, unit, scheduled_date=when),)
    if quantity != ordered:
        return (LineStatus(QUANTITY_CHANGED, quantity, unit, scheduled_date=when),)
    if price_changed(facts, price_digits):
        return (LineStatus(PRICE_CHANGED, quantity, unit, scheduled_date=when),)
    if facts.available is not None and Decimal(facts.available) < Decimal(facts.quantity):
        covered = max(Decimal(facts.available), Decimal(0)) / factor
        # Whole partner units only: half a case is not shipped.
        covered = covered.quantize(Decimal(1), rounding=ROUND_DOWN)
        short = quantity - covered
        if covered <= 0:
            return (LineStatus(BACKORDERED, quantity, unit),)
        return (
            LineStatus(ACCEPTED, covered, unit, scheduled_date=when),
            LineStatus(BACKORDERED, short, unit),
        )
    return (LineStatus(ACCEPTED, quantity, unit, scheduled_date=when),)


def ack_line(facts: AckFacts, quantity_digits: int = 3, price_digits: int = 2) -> AckLine:
    """The 855 line: the PO1 echo (our price per the partner's unit when it changed) and its
    ACK statuses."""
    statuses = line_statuses(facts, quantity_digits, price_digits)
    price = facts.ordered_price
    if statuses[0].status == PRICE_CHANGED and facts.price is not None:
        price = _round(Decimal(facts.price) * Decimal(facts.factor), price_digits)
    return AckLine(
        line_number=facts.line_number,
        quantity=Decimal(facts.ordered_quantity),
        unit=facts.unit,
        unit_price=None if price is None else Decimal(price),
        price_basis=facts.price_basis,
        item=facts.item,
        statuses=statuses,
    )


def _plain(line: AckLine) -> bool:
    return all(status.status == ACCEPTED for status in line.statuses)


def ack_type(lines: Sequence[AckLine], exceptions_only: bool = False) -> str:
    """BAK02 for these lines (all of the order's lines, before ``exceptions_only`` drops any)."""
    statuses = [status.status for line in lines for status in line.statuses]
    if not statuses or all(status == REJECTED for status in statuses):
        return REJECTED_ORDER
    if exceptions_only:
        return NO_DETAIL if all(_plain(line) for line in lines) else EXCEPTIONS_ONLY
    if all(_plain(line) for line in lines):
        return ACCEPTED_NO_CHANGE
    return ACCEPTED_WITH_CHANGE


def acknowledge(
    po_number: str,
    facts: Sequence[AckFacts],
    *,
    po_date: date | None,
    ack_date: date | None = None,
    seller_order_number: str = "",
    currency: str = "",
    parties: tuple[Party, ...] = (),
    exceptions_only: bool = False,
    quantity_digits: int = 3,
    price_digits: int = 2,
) -> OrderAck:
    """The :class:`OrderAck` of an order: one :class:`AckLine` per 850 line and the BAK02 type.

    With ``exceptions_only`` the lines accepted as ordered are left out (BAK02 ``AE``/``AK``),
    except for a rejected order, which keeps every line.
    """
    lines = tuple(ack_line(fact, quantity_digits, price_digits) for fact in facts)
    kind = ack_type(lines, exceptions_only)
    if kind in (EXCEPTIONS_ONLY, NO_DETAIL):
        lines = tuple(line for line in lines if not _plain(line))
    return OrderAck(
        po_number=po_number,
        ack_type=kind,
        po_date=po_date,
        ack_date=ack_date,
        seller_order_number=seller_order_number,
        currency=currency,
        parties=parties,
        lines=lines,
    )


__all__ = [
    "ACCEPTED",
    "BACKORDERED",
    "PRICE_CHANGED",
    "QUANTITY_CHANGED",
    "REJECTED",
    "SUBSTITUTED",
    "AckFacts",
    "ack_line",
    "ack_type",
    "acknowledge",
    "line_statuses",
    "price_changed",
]
