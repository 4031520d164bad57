"""Date and time checks of the engine, the same verdicts as ``datetime.strptime`` without it.

The first ``strptime`` call of a process imports ``_strptime`` (with ``calendar`` and ``locale``)
and builds its locale tables: about 3 ms, paid by every ``dist-x12 validate`` for the ISA date. The
checks here give the verdict ``strptime`` gives for the formats the engine uses, by the same rules
(``tests/x12/test_dates.py`` compares them on every value of the ranges that matter):

* ``%Y%m%d`` and ``%y%m%d`` on ASCII digits (DT elements): month 01-12, a real day of that month
  (29 February in leap years only), no year 0000; ``%y`` years 00-68 are 2000-2068, 69-99 are
  1969-1999;
* ``%y%m%d`` and ``%H%M`` on any text (ISA09, ISA10): ``strptime``'s own expressions for those
  directives (it also takes one-digit months, days, hours and minutes, and Unicode digits), then
  the same calendar check.
"""

from __future__ import annotations

import re

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: ``_strptime.TimeRE``'s expressions for ``%y%m%d`` and ``%H%M`` (matched from the start; the
#: whole text must be used), compiled on first use.
_ISA_DATE = r"(\d\d)(1[0-2]|0[1-9]|[1-9])(3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])"
_ISA_TIME = r"(2[0-3]|[0-1]\d|\d)([0-5]\d|\d)"
_compiled: dict[str, re.Pattern[str]] = {}


def real_day(year: int, month: int, day: int) -> bool:
    """True when the day exists in the proleptic Gregorian calendar of ``datetime`` (1-9999)."""
    if not (1 <= year <= 9999 and 1 <= month <= 12 and day >= 1):
        return False
    leap = month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= _MONTH_DAYS[month - 1] + leap


def _century(year: int) -> int:
    """``%y``: 00-68 are 2000-2068, 69-99 are 1969-1999."""
    return year + (2000 if year <= 68 else 1900)


def digits_date_ok(value: str) -> bool:
    """``strptime(value, "%Y%m%d" or "%y%m%d")`` succeeds, for 8 or 6 ASCII digits."""
    if len(value) == 8:
        return real_day(int(value[:4]), int(value[4:6]), int(value[6:]))
    return real_day(_century(int(value[:2])), int(value[2:4]), int(value[4:6]))


def _fullmatch(name: str, source: str, value: str) -> re.Match[str] | None:
    pattern = _compiled.get(name)
    if pattern is None:
        pattern = _compiled[name] = re.compile(source, re.IGNORECASE)
    found = pattern.match(value)
    return found if found is not None and found.end() == len(value) else None


def isa_date_ok(value: str) -> bool:
    """``strptime(value, "%y%m%d")`` succeeds (ISA09)."""
    found = _fullmatch("date", _ISA_DATE, value)
    if found is None:
        return False
    year, month, day = found.groups()
    return real_day(_century(int(year)), int(month), int(day))


def isa_time_ok(value: str) -> bool:
    """``strptime(value, "%H%M")`` succeeds (ISA10)."""
    return _fullmatch("time", _ISA_TIME, value) is not None
