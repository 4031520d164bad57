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

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.errors import Code, Issue, Position, issue
from dist_core.x12.schema import ElementDef, SegmentDef

Where = Callable[[int, int], Position]
_REAL = re.compile(r"-?(\d+\.?\d*|\.\d+)")
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffd]")


#: Segments already found clean, keyed by definition identity, delimiters and raw elements. EDI
#: repeats itself (qualifiers, addresses, descriptions): remembering clean segments saves checks.
_CLEAN: set[tuple] = set()
_COMPILED: dict[int, tuple[SegmentDef, tuple]] = {}
_CACHE_LIMIT = 16_384


def is_clean(
    segment: tuple[str, ...], definition: SegmentDef, delimiters: Delimiters, legacy_dates: bool
) -> bool:
    """Fast yes/no: True only when :func:`check_segment` would find nothing (False may be wrong)."""
    key = (id(definition), delimiters.component, delimiters.repetition, legacy_dates, segment)
    if key in _CLEAN:
        return True
    checks, last_mandatory = _compiled(definition, delimiters, legacy_dates)
    if len(segment) < last_mandatory or len(segment) > len(checks) and any(segment[len(checks) :]):
        return False
    for value, (mandatory, check) in zip(segment, checks, strict=False):
        if not value:
            if mandatory:
                return False
        elif not check(value):
            return False
    if definition.rules and _rules(definition, segment, _nowhere):
        return False
    if len(_CLEAN) >= _CACHE_LIMIT:
        _CLEAN.clear()
    _CLEAN.add(key)
    return True


def _nowhere(element: int, component: int) -> Position:
    return Position(element=element, component=component)


def _compiled(
    definition: SegmentDef, delimiters: Delimiters, legacy_dates: bool
) -> tuple[tuple, int]:
    key = id(definition) ^ hash((delimiters.component, delimiters.repetition, legacy_dates))
    entry = _COMPILED.get(key)
    if entry is None or entry[0] is not definition:
        if len(_COMPILED) >= 1000:
            _COMPILED.clear()
            _CLEAN.clear()
        checks = tuple(
            (edef.req == "M", _checker(definition, n, edef, delimiters, legacy_dates))
            for n, edef in enumerate(definition.elements, start=1)
        )
        mandatory = [n for n, edef in enumerate(definition.elements, start=1) if edef.req == "M"]
        entry = (definition, (checks, max(mandatory, default=0)))
        _COMPILED[key] = entry
    return entry[1]


def _checker(
    definition: SegmentDef, n: int, edef: ElementDef, delimiters: Delimiters, legacy_dates: bool
) -> Callable[[str], bool]:
    """A fast predicate for one simple element; composites and repeats use the full check."""
    if edef.components or edef.repeat > 1:
        elements = (edef,)
        single = SegmentDef(definition.tag, definition.name, elements)

        def full(value: str) -> bool:
            return not check_segment(
                (value,), single, delimiters, _nowhere, legacy_dates=legacy_dates
            )

        return full
    low, high = edef.min, edef.max
    if edef.type in ("AN", "ID") and edef.codes is None:
        return lambda v: low <= len(v) <= high and v.isprintable() and "\ufffd" not in v
    if edef.codes is not None:
        return edef.codes.__contains__
    memo: dict[str, bool] = {}

    def typed(value: str) -> bool:
        good = memo.get(value)
        if good is None:
            good = value_error(value, edef, legacy_dates) is None
            if len(memo) < 4096:
                memo[value] = good
        return good

    return typed


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
        if _CONTROL.search(value):
            return Code.ELEMENT_INVALID_CHARACTER
        size = len(value)
    elif kind == "R":
        if not _REAL.fullmatch(value):
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
    try:
        dt.datetime.strptime(value, "%Y%m%d" if len(value) == 8 else "%y%m%d")
    except ValueError:
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
