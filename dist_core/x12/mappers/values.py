"""Element values in and out: decimals, implied-decimal amounts, dates, and segment building.

X12 numbers are ``R`` (explicit decimal point, ``9.25``) or ``N2`` (implied two decimals, TDS01
``21740`` = 217.40); dates are CCYYMMDD (or YYMMDD in old versions). Every parse failure becomes a
positioned :class:`~dist_core.x12.mappers.errors.MappingError`.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from dist_core.x12.segment import Segment

from .errors import MappingError

_CENT = Decimal("0.01")
# YYMMDD dates (pre-4010 partners): years below the pivot are 20YY, the rest 19YY.
_CENTURY_PIVOT = 50


def text(seg: Segment, n: int) -> str:
    """Element ``n`` without padding spaces (fixed-width habits of some partners)."""
    return seg[n].strip()


def required(seg: Segment, n: int, what: str) -> str:
    value = text(seg, n)
    if not value:
        raise MappingError.missing_element(seg, n, what)
    return value


def decimal_at(seg: Segment, n: int, *, what: str = "") -> Decimal | None:
    """``PO1*1*120*EA*9.25~`` -> ``decimal_at(seg, 4) == Decimal("9.25")``; None when empty."""
    value = text(seg, n)
    if not value:
        if what:
            raise MappingError.missing_element(seg, n, what)
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise MappingError.bad_number(seg, n) from None
    if not number.is_finite():
        raise MappingError.bad_number(seg, n)
    return number


def implied_at(seg: Segment, n: int, places: int = 2) -> Decimal | None:
    """N2 values: ``SAC*A*C310***1500~`` -> SAC05 = Decimal("15.00")."""
    number = decimal_at(seg, n)
    return None if number is None else number.scaleb(-places)


def int_at(seg: Segment, n: int) -> int | None:
    number = decimal_at(seg, n)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise MappingError.bad_number(seg, n)
    return int(number)


def date_at(seg: Segment, n: int, *, what: str = "") -> date | None:
    """``DTM*002*20101214~`` -> ``date_at(seg, 2) == date(2010, 12, 14)``."""
    value = text(seg, n)
    if not value:
        if what:
            raise MappingError.missing_element(seg, n, what)
        return None
    if len(value) == 6 and value.isdigit():
        yy = int(value[:2])
        value = f"{20 if yy < _CENTURY_PIVOT else 19}{value}"
    if len(value) != 8 or not value.isdigit():
        raise MappingError.bad_date(seg, n)
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise MappingError.bad_date(seg, n) from None


def fmt_decimal(value: Decimal | int | None) -> str:
    """``Decimal("120.00")`` -> ``"120"``, ``Decimal("9.250")`` -> ``"9.25"`` (R, no exponent)."""
    if value is None:
        return ""
    text_value = format(Decimal(value).normalize(), "f")
    return "0" if text_value == "-0" else text_value


def fmt_cents(amount: Decimal | None) -> str:
    """N2 amounts: ``Decimal("217.40")`` -> ``"21740"`` (rounded half up to the cent)."""
    if amount is None:
        return ""
    return str(int(amount.quantize(_CENT, rounding=ROUND_HALF_UP).scaleb(2)))


def fmt_date(value: date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""


def seg(tag: str, *elements: str | int | Decimal | date | None) -> Segment:
    """A segment from Python values, trailing empty elements trimmed like the writer does."""
    values: list[str] = []
    for value in elements:
        if isinstance(value, Decimal):
            values.append(fmt_decimal(value))
        elif isinstance(value, date):
            values.append(fmt_date(value))
        else:
            values.append("" if value is None else str(value))
    while values and not values[-1]:
        values.pop()
    return Segment.of(tag, *values)
