"""Element checks: one segment's values against its definition (AK4 codes 1-10, 12, 13).

Each check returns issues positioned at the element (and component); the validator wraps them under
an AK3 ``8`` for the segment. Examples, with ``BEG*00*SA*PO1**20241345~``::

    BEG05 "20241345"   DT 8/8   -> ELEMENT_INVALID_DATE (8), value "20241345"
    BEG01 "99"         ID 353   -> ELEMENT_INVALID_CODE (7) when 99 is not in the code list
    BEG03 ""           M        -> ELEMENT_MISSING (1)

Types: ``AN`` (any printable), ``ID`` (code, checked against ``codes.json`` when a list is given),
``N0``..``N9`` (implied decimals, sign and digits only, length counts digits), ``R`` (decimal,
length counts digits), ``DT`` (CCYYMMDD or YYMMDD), ``TM`` (HHMM[SS[d..]]). Syntax rules
``P``/``R``/``E``/``C``/``L`` give codes 2 and 10.
"""

from __future__ import annotations

import operator
import re
import weakref
from collections.abc import Callable
from functools import cache, lru_cache

from dist_core.x12.dates import digits_date_ok
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.errors import Code, Issue, Position, issue
from dist_core.x12.schema import ElementDef, SegmentDef

Where = Callable[[int, int], Position]
#: Sources of the value checks, compiled at first use by :func:`_regex` (clean inputs rarely
#: need them: the compiled checks below use their own patterns and memos).
_REAL = r"-?(\d+\.?\d*|\.\d+)"
_CONTROL = "[\x00-\x1f\x7f\ufffd]"


@cache
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source)


#: Per segment definition, delimiter style and date rule: a compiled :class:`SegmentCheck`.
_COMPILED: dict[tuple, SegmentCheck] = {}
_COMPILED_LIMIT = 256
#: Bounds of the memos (memory stays flat whatever the input): segments found clean, per check and
#: in all (they hold their values), then value and length-pattern memos.
_CLEAN_LIMIT = 1024
_CLEAN_TOTAL = 16_384
_MEMO_LIMIT = 512
_clean_count = 0
#: Every check alive (also those still held by a validator after leaving ``_COMPILED``).
_LIVE: weakref.WeakSet = weakref.WeakSet()
_call = getattr(operator, "call", None) or (lambda function, value: function(value))
#: Types whose only checks are characters and length (with no code list).
_PLAIN = ("AN", "ID")


class _Memo(dict):
    """``value -> bool`` with the check run on a miss (a bounded dict: hits stay in C)."""

    __slots__ = ("check",)

    def __init__(self, check: Callable[[str], bool]) -> None:
        super().__init__()
        self.check = check

    def __missing__(self, value: str) -> bool:
        good = self.check(value)
        if len(self) >= _MEMO_LIMIT:
            self.clear()
        self[value] = good
        return good


class SegmentCheck:
    """The checks of one segment definition compiled into fast predicates.

    ``check(elements)`` is True exactly when :func:`check_segment` would find nothing, and cheap:

    1. segments already found clean are remembered (EDI repeats itself: qualifiers, addresses,
       descriptions);
    2. the lengths of the elements decide, through a memo, everything that depends on presence
       (missing mandatory elements, values beyond the definition, syntax rules) and the length
       limits of plain ``AN``/``ID`` positions (no code list);
    3. one scan of all the values for control characters stands for the character check of those
       plain positions (when it finds one, every position runs its full predicate instead);
    4. the other positions (numbers, codes, dates, times, composites, repeats) run their predicate:
       a code set, or a bounded memo over a compiled regex or :func:`value_error`.
    """

    __slots__ = (
        "clean",
        "definition",
        "delimiters",
        "legacy_dates",
        "lengths",
        "plain",
        "predicates",
        "typed",
        "__weakref__",
    )

    def __init__(
        self, definition: SegmentDef, delimiters: Delimiters, legacy_dates: bool = False
    ) -> None:
        self.definition = definition
        self.legacy_dates = legacy_dates
        self.clean: set[tuple[str, ...]] = set()
        _LIVE.add(self)
        self.lengths: dict[tuple[int, ...], bool] = {}
        self.delimiters = delimiters
        self.predicates: tuple | None = None  # every position's predicate, built when needed
        self.plain = tuple(
            not edef.components and edef.repeat == 1 and edef.codes is None and edef.type in _PLAIN
            for edef in definition.elements
        )
        self.typed = tuple(
            (n, _predicate(definition, edef, delimiters, legacy_dates))
            for n, edef in enumerate(definition.elements)
            if not self.plain[n]
        )

    def __call__(self, elements: tuple[str, ...]) -> bool:
        return elements in self.clean or self.slow(elements)

    def slow(self, elements: tuple[str, ...]) -> bool:
        """The check without the clean-segment memo (remembers ``elements`` when clean)."""
        lengths = tuple(map(len, elements))
        good = self.lengths.get(lengths)
        if good is None:
            if len(self.lengths) >= _MEMO_LIMIT:
                self.lengths.clear()
            good = self.lengths[lengths] = self._lengths_ok(lengths)
        if not good:
            return False
        text = "".join(elements)
        if text.isprintable() and "\ufffd" not in text or not _regex(_CONTROL).search(text):
            size = len(elements)
            for n, predicate in self.typed:
                if n < size and not predicate(elements[n]):
                    return False
        elif not all(map(_call, self.predicates or self._all_predicates(), elements)):
            return False
        global _clean_count  # one counter bounds the memos of every live check
        _clean_count += 1
        if _clean_count > _CLEAN_TOTAL:
            _forget_clean()
        elif len(self.clean) >= _CLEAN_LIMIT:
            self.clean.clear()
        self.clean.add(elements)
        return True

    def _all_predicates(self) -> tuple:
        definition, delimiters, legacy = self.definition, self.delimiters, self.legacy_dates
        self.predicates = tuple(
            _predicate(definition, edef, delimiters, legacy) for edef in definition.elements
        )
        return self.predicates

    def _lengths_ok(self, lengths: tuple[int, ...]) -> bool:
        """Presence (mandatory, extra values, syntax rules) and plain AN/ID length limits."""
        definition = self.definition
        size = len(definition.elements)
        if any(lengths[size:]):
            return False
        for n, edef in enumerate(definition.elements):
            length = lengths[n] if n < len(lengths) else 0
            if not length:
                if edef.req == "M":
                    return False
            elif self.plain[n] and not edef.min <= length <= edef.max:
                return False
        present = tuple("x" if length else "" for length in lengths)
        return not (definition.rules and _rules(definition, present, _nowhere))


def _forget_clean() -> None:
    """Empty every clean-segment memo (the total bound was reached)."""
    global _clean_count
    for check in list(_LIVE):
        check.clean.clear()
    _clean_count = 1


def segment_check(
    definition: SegmentDef, delimiters: Delimiters, legacy_dates: bool = False
) -> SegmentCheck:
    """The compiled :class:`SegmentCheck` of ``definition`` (built once, then shared)."""
    key = (id(definition), delimiters.component, delimiters.repetition, legacy_dates)
    found = _COMPILED.get(key)
    if found is None or found.definition is not definition:
        if len(_COMPILED) >= _COMPILED_LIMIT:
            _COMPILED.clear()
        found = _COMPILED[key] = SegmentCheck(definition, delimiters, legacy_dates)
    return found


def is_clean(
    segment: tuple[str, ...], definition: SegmentDef, delimiters: Delimiters, legacy_dates: bool
) -> bool:
    """Fast yes/no: True exactly when :func:`check_segment` would find nothing."""
    return segment_check(definition, delimiters, legacy_dates)(segment)


def _nowhere(element: int, component: int) -> Position:
    return Position(element=element, component=component)


@lru_cache(maxsize=256)
def _value_regex(kind: str, low: int, high: int) -> Callable[[str], object]:
    """``fullmatch`` of a regex equal to :func:`value_error` for AN/ID, N* and R, plus ``""``."""
    if kind in ("AN", "ID"):  # no control character, length low..high
        body = f"[^\\x00-\\x1f\\x7f\\ufffd]{{{low},{high}}}" if low <= high else None
    elif kind == "R":  # sign, digits with one optional point, low..high digits
        low = max(low, 1)
        body = f"-?(?=(?:\\.?\\d){{{low},{high}}}\\.?\\Z)(?:\\d+\\.?\\d*|\\.\\d+)"
        body = body if low <= high else None
    else:  # N, N0..N9: sign and ASCII digits, low..high digits
        low = max(low, 1)
        body = f"-?[0-9]{{{low},{high}}}" if low <= high else None
    return re.compile(f"(?:{body})?" if body else "").fullmatch


@lru_cache(maxsize=256)
def _number_memo(kind: str, low: int, high: int) -> Callable[[str], bool]:
    """A bounded memo over :func:`_value_regex`, shared by the positions of one number type."""
    match = _value_regex(kind, low, high)
    return _Memo(lambda value: match(value) is not None).__getitem__


def _predicate(
    definition: SegmentDef, edef: ElementDef, delimiters: Delimiters, legacy_dates: bool
) -> Callable[[str], object]:
    """A predicate of one element position: truthy when the value is empty or has no issue."""
    if edef.components or edef.repeat > 1:
        single = SegmentDef(definition.tag, definition.name, (edef,))

        def full(value: str) -> bool:
            return not value or not check_segment(
                (value,), single, delimiters, _nowhere, legacy_dates=legacy_dates
            )

        return _Memo(full).__getitem__
    kind = edef.type
    if edef.codes is not None and kind not in ("DT", "TM"):  # value_error ends on the code list
        good = [code for code in edef.codes if value_error(code, edef, legacy_dates) is None]
        return frozenset(["", *good]).__contains__
    if kind in ("AN", "ID"):
        return _value_regex(kind, edef.min, edef.max)
    if kind == "R" or kind[:1] == "N":  # quantities and amounts repeat: a memo over the regex
        return _number_memo(kind if kind == "R" else "N", edef.min, edef.max)

    def typed(value: str) -> bool:
        return not value or value_error(value, edef, legacy_dates) is None

    return _Memo(typed).__getitem__


def check_segment(
    segment: tuple[str, ...],
    definition: SegmentDef,
    delimiters: Delimiters,
    where: Where,
    *,
    legacy_dates: bool = False,
) -> list[Issue]:
    """Check one segment's elements tuple against its definition; empty list when clean."""
    defs = definition.elements
    found: list[Issue] = []
    if len(segment) > len(defs) and any(segment[len(defs) :]):
        extra = next(n for n in range(len(defs), len(segment)) if segment[n]) + 1
        found.append(
            issue(
                Code.TOO_MANY_ELEMENTS,
                f"{definition.tag} has {len(defs)} elements, found a value at {extra}",
                where(extra, 0),
                tag=definition.tag,
                value=segment[extra - 1],
            )
        )
    for n, edef in enumerate(defs, start=1):
        value = segment[n - 1] if n <= len(segment) else ""
        if not value:
            if edef.req == "M":
                found.append(_missing(definition.tag, n, 0, edef, where))
            continue
        values = [value]
        if edef.repeat > 1 and delimiters.repetition:
            values = value.split(delimiters.repetition)
            if len(values) > edef.repeat:
                found.append(
                    _bad(Code.TOO_MANY_REPETITIONS, definition.tag, n, 0, edef, value, where)
                )
        for item in values:
            if edef.components:
                bad = _composite(definition.tag, n, item, edef, delimiters, where, legacy_dates)
            else:
                code = value_error(item, edef, legacy_dates)
                bad = [_bad(code, definition.tag, n, 0, edef, item, where)] if code else []
            if bad:
                found += bad
                break
    if definition.rules:
        found += _rules(definition, segment, where)
    return found


def _composite(
    tag: str,
    n: int,
    value: str,
    edef: ElementDef,
    delimiters: Delimiters,
    where: Where,
    legacy_dates: bool,
) -> list[Issue]:
    parts = value.split(delimiters.component)
    if len(parts) > len(edef.components) and any(parts[len(edef.components) :]):
        return [_bad(Code.TOO_MANY_COMPONENTS, tag, n, 0, edef, value, where)]
    for c, cdef in enumerate(edef.components, start=1):
        part = parts[c - 1] if c <= len(parts) else ""
        if not part:
            if cdef.req == "M":
                return [_missing(tag, n, c, cdef, where)]
            continue
        code = value_error(part, cdef, legacy_dates)
        if code:
            return [_bad(code, tag, n, c, cdef, part, where)]
    return []


def value_error(value: str, edef: ElementDef, legacy_dates: bool = False) -> Code | None:
    """The AK4 problem of one non-empty simple value, or None when it is valid."""
    kind = edef.type
    if kind in ("AN", "ID"):
        if _regex(_CONTROL).search(value):
            return Code.ELEMENT_INVALID_CHARACTER
        size = len(value)
    elif kind == "R":
        if not _regex(_REAL).fullmatch(value):
            return Code.ELEMENT_INVALID_CHARACTER
        size = len(value.lstrip("-").replace(".", ""))
    elif kind[0] == "N":
        digits = value[1:] if value[:1] == "-" else value
        if not (digits.isdigit() and digits.isascii()):
            return Code.ELEMENT_INVALID_CHARACTER
        size = len(digits)
    elif kind == "DT":
        return _date_error(value, edef, legacy_dates)
    elif kind == "TM":
        return _time_error(value, edef)
    else:
        size = len(value)
    if size < edef.min:
        return Code.ELEMENT_TOO_SHORT
    if size > edef.max:
        return Code.ELEMENT_TOO_LONG
    if edef.codes is not None and value not in edef.codes:
        return Code.ELEMENT_INVALID_CODE
    return None


def _date_error(value: str, edef: ElementDef, legacy_dates: bool) -> Code | None:
    if not (value.isdigit() and value.isascii()) or len(value) not in (6, 8):
        return Code.ELEMENT_INVALID_DATE
    if len(value) < edef.min and not legacy_dates:
        return Code.ELEMENT_TOO_SHORT
    if len(value) > edef.max:
        return Code.ELEMENT_TOO_LONG
    if not digits_date_ok(value):  # strptime %Y%m%d or %y%m%d
        return Code.ELEMENT_INVALID_DATE
    return None


def _time_error(value: str, edef: ElementDef) -> Code | None:
    if not (value.isdigit() and value.isascii()) or len(value) < 4:
        return Code.ELEMENT_INVALID_TIME
    if len(value) > edef.max:
        return Code.ELEMENT_TOO_LONG
    hours, minutes, seconds = int(value[:2]), int(value[2:4]), int(value[4:6] or 0)
    if hours > 23 or minutes > 59 or seconds > 59 or len(value) == 5:
        return Code.ELEMENT_INVALID_TIME
    return None


@lru_cache(maxsize=512)
def _parse_rule(rule: str) -> tuple[str, tuple[int, ...]]:
    return rule[0], tuple(int(rule[k : k + 2]) for k in range(1, len(rule), 2))


def _rules(definition: SegmentDef, segment: tuple[str, ...], where: Where) -> list[Issue]:
    """X12 syntax notes: P paired, R at least one, E at most one, C if-then-all, L if-then-one."""
    found: list[Issue] = []

    def present(n: int) -> bool:
        return n <= len(segment) and bool(segment[n - 1])

    for rule in definition.rules:
        kind, nums = _parse_rule(rule)
        given = [n for n in nums if present(n)]
        bad: tuple[Code, int] | None = None
        if kind == "P" and given and len(given) != len(nums):
            bad = (Code.ELEMENT_CONDITIONAL_MISSING, next(n for n in nums if not present(n)))
        elif kind == "R" and not given:
            bad = (Code.ELEMENT_CONDITIONAL_MISSING, nums[0])
        elif kind == "E" and len(given) > 1:
            bad = (Code.ELEMENT_EXCLUSION, given[1])
        elif kind == "C" and present(nums[0]) and len(given) != len(nums):
            bad = (Code.ELEMENT_CONDITIONAL_MISSING, next(n for n in nums if not present(n)))
        elif kind == "L" and present(nums[0]) and len(given) == 1:
            bad = (Code.ELEMENT_CONDITIONAL_MISSING, nums[1])
        if bad and bad[1] <= len(definition.elements):
            code, n = bad
            edef = definition.elements[n - 1]
            text = f"{definition.tag}{n:02d}: {code.title} (syntax rule {rule})"
            value = segment[n - 1] if n <= len(segment) else ""
            found.append(
                issue(
                    code, text, where(n, 0), tag=definition.tag, element_ref=edef.ref, value=value
                )
            )
    return found


def _missing(tag: str, n: int, component: int, edef: ElementDef, where: Where) -> Issue:
    label = f"{tag}{n:02d}" + (f"-{component:02d}" if component else "")
    return issue(
        Code.ELEMENT_MISSING,
        f"{label} is mandatory",
        where(n, component),
        tag=tag,
        element_ref=edef.ref,
    )


def _bad(
    code: Code, tag: str, n: int, component: int, edef: ElementDef, value: str, where: Where
) -> Issue:
    label = f"{tag}{n:02d}" + (f"-{component:02d}" if component else "")
    limits = f" ({edef.type} {edef.min}/{edef.max})" if edef.type != "C" else ""
    return issue(
        code,
        f"{label} {value!r}: {code.title}{limits}",
        where(n, component),
        tag=tag,
        element_ref=edef.ref,
        value=value,
    )
