"""Value patterns: regular-expression sources accepting exactly the values ``value_error`` accepts.

The fast validation path (:mod:`dist_core.x12.set_patterns`) checks whole segment strings with one
compiled regular expression instead of splitting them into elements in Python. Each element position
becomes one of the sources below, written inside a segment where the value ends at a *stop*
character (the element separator, the terminator, and inside a composite or a repetition also the
component or repetition separator)::

    AN 1/35       [^*~\\x00-\\x1f\\x7f]{1,35}   no control character, 1..35 characters
    ID 353        (?:0(?:0|1|4|5|6|7)|...)      the good codes, as a trie of alternatives
    N0 1/9        -?[0-9]{1,9}                  sign and ASCII digits, the length counts digits
    R 1/15        -?(?:(?=<2..16 of [\\d.]>)(?:\\d+\\.\\d*|\\.\\d+)|\\d{1,15})
    DT 8/8        CCYYMMDD of a real calendar day (leap years included), as ``strptime`` says
    TM 4/8        HHMM[SS[d..]] with the hour, minute and second ranges of ``_time_error``

Every source matches a *non-empty* value. A source may stop in the middle of a value: the caller
must follow it with something that starts with a stop character or ends the string (the next
separator, the terminator), which rejects that reading. Leaving the look-ahead out makes the
patterns a third smaller and compile faster. Anything this module cannot express returns ``None``
and the caller keeps the detailed checker for that segment. Exactness is tested value by value
against :func:`dist_core.x12.elements.value_error`.
"""

from __future__ import annotations

import re
import sys

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.elements import value_error
from dist_core.x12.schema import ElementDef

#: Never matches (a position whose every non-empty value is an error).
NEVER = "(?!)"
#: Characters ``elements._CONTROL`` rejects in AN and ID values, as class items, except U+FFFD (the
#: replacement of undecodable bytes): a class with a character above U+00FF compiles ten times
#: slower, so callers send text holding U+FFFD to the detailed path instead (see ``REPLACEMENT``).
_CONTROL_ITEMS = "\x00-\x1f\x7f"  # the characters themselves: they parse faster than escapes
REPLACEMENT = "\ufffd"
#: A value is always followed by a stop character (or nothing), which none of its repeats can
#: read, so giving characters back never helps a match: the repeats are possessive (Python 3.11+,
#: a tenth faster; greedy before, same meaning).
_POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""

#: Characters a value pattern may use literally: a delimiter among them would be ambiguous.
LITERAL_CHARS = frozenset("-.0123456789") | frozenset(" \t\r\n")

#: Month and day of every date but 29 February: days 1-28 of any month first (the common case,
#: and a shorter source than month by month), then 29 and 30, then 31.
_MONTH_DAY = (
    "(?:(?:0[1-9]|1[0-2])(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])(?:29|30)|(?:0[13578]|1[02])31)"
)
#: Two digits divisible by 4, and the same without ``00``.
_BY_FOUR = "(?:[02468][048]|[13579][26])"
_BY_FOUR_NOT_00 = "(?:0[48]|[2468][048]|[13579][26])"
#: Gregorian leap years 0001-9999: by 4 and not a century, or a century by 400 (never 0000).
_LEAP_YEAR = f"(?:[0-9]{{2}}{_BY_FOUR_NOT_00}|{_BY_FOUR_NOT_00}00)"
#: ``%Y%m%d``: years 0001-9999 (``datetime`` has no year 0), 29 February of leap years only.
_DATE_8 = f"(?:(?!0000)[0-9]{{4}}{_MONTH_DAY}|{_LEAP_YEAR}0229)"
#: ``%y%m%d``: years 1969-2068, where a year is leap exactly when its two digits divide by 4.
_DATE_6 = f"(?:[0-9]{{2}}{_MONTH_DAY}|{_BY_FOUR}0229)"
_HOUR_MINUTE = "(?:[01][0-9]|2[0-3])[0-5][0-9]"


def usable(delimiters: Delimiters) -> bool:
    """True when no delimiter could be read as a character a value pattern uses literally (a
    ``-`` element separator would read as a sign, a ``.`` as a decimal point)."""
    chars = (delimiters.element, delimiters.component, delimiters.repetition)
    literal = any(char and char in LITERAL_CHARS for char in chars)
    return not literal and delimiters.segment not in "-.0123456789"


def class_items(chars: str) -> str:
    """Characters escaped for use inside ``[...]`` (only those special there: shorter patterns
    compile faster)."""
    return "".join("\\" + char if char in "\\]-^[" else char for char in chars)


def optional(source: str) -> str:
    """``source`` or nothing, written ``(?:source|)``: the engine runs an alternative with an empty
    branch about three times faster than the ``(?:source)?`` repeat (same meaning: greedy)."""
    return f"(?:{source}|)"


def boundary(stop: str) -> str:
    """Look-ahead: the next character is a stop character, or the string ends."""
    return f"(?![^{class_items(stop)}])"


def trie(words: list[str]) -> str:
    """An alternation of literal words, factored by common prefixes (the regex engine tries the
    alternatives of a group one by one: a trie keeps a code list of 35 values to a few tests)."""
    if not words:
        return NEVER
    ends = "" in words
    heads: dict[str, list[str]] = {}
    for word in words:
        if word:
            heads.setdefault(word[0], []).append(word[1:])
    if len(heads) > 1 and all(rest == [""] for rest in heads.values()):
        # single characters: one class (shorter to compile and one test to run)
        body = "[" + class_items("".join(sorted(heads))) + "]"
        return optional(body) if ends else body
    parts = [re.escape(head) + _trie_tail(rest) for head, rest in sorted(heads.items())]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return optional(body) if ends else body


def _trie_tail(rest: list[str]) -> str:
    if rest == [""]:
        return ""
    return trie(rest)


def value_pattern(edef: ElementDef, stop: str, legacy_dates: bool) -> str | None:
    """Source matching the non-empty simple values of ``edef`` that have no issue, or None.

    ``stop`` holds the characters that end the value (see the module docstring: the caller must
    follow the source with a stop character or the end).
    """
    kind = edef.type
    if edef.codes is not None and kind not in ("DT", "TM"):  # value_error ends on the code list
        good = sorted(
            code
            for code in edef.codes
            if code
            and value_error(code, edef, legacy_dates) is None
            and not any(char in stop for char in code)
        )
        return trie(good) if good else NEVER
    if kind in ("AN", "ID"):
        low, high = max(edef.min, 1), edef.max
        if low > high:
            return NEVER
        return f"[^{class_items(stop)}{_CONTROL_ITEMS}]{_count(low, high)}"
    if kind == "R":
        low, high = max(edef.min, 1), edef.max
        if low > high:
            return NEVER
        # with a point the value is one character longer than its digit count (no repeated
        # group to count the digits: the engine runs those much slower than a class)
        dotted = f"(?=[\\d.]{{{low + 1},{high + 1}}}{boundary(stop)})(?:\\d+\\.\\d*|\\.\\d+)"
        return f"-?(?:{dotted}|\\d{_count(low, high)})"
    if kind[:1] == "N":
        low, high = max(edef.min, 1), edef.max
        return f"-?[0-9]{_count(low, high)}" if low <= high else NEVER
    if kind == "DT":
        return _date_pattern(edef, legacy_dates)
    if kind == "TM":
        return _time_pattern(edef)
    return None  # a type value_error only measures: rare enough to leave to the detailed path


def _count(low: int, high: int) -> str:
    """A repeat of ``low`` to ``high``, possessive (``{3}`` when both are equal, nothing for 1)."""
    if low == high:
        return "" if low == 1 else f"{{{low}}}"
    return f"{{{low},{high}}}{_POSSESSIVE}"


def _date_pattern(edef: ElementDef, legacy_dates: bool) -> str:
    """``_date_error``: 6 or 8 ASCII digits, not shorter than the minimum (unless legacy), not
    longer than the maximum, and a real day."""
    forms = [
        form
        for length, form in ((8, _DATE_8), (6, _DATE_6))
        if (length >= edef.min or legacy_dates) and length <= edef.max
    ]
    if not forms:
        return NEVER
    return forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")"


def _time_pattern(edef: ElementDef) -> str:
    """``_time_error``: HHMM, or HHMMSS followed by any digits, up to the maximum length (the
    minimum is not checked there, so not here either)."""
    if edef.max < 4:
        return NEVER
    if edef.max < 6:
        return _HOUR_MINUTE
    return _HOUR_MINUTE + optional(f"[0-5][0-9][0-9]{{0,{edef.max - 6}}}")


def accepts_empty(edef: ElementDef, legacy_dates: bool) -> bool:
    """True when an empty repetition of ``edef`` is valid (``value_error("")`` finds nothing)."""
    return value_error("", edef, legacy_dates) is None
