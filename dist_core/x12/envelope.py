"""Envelope model: interchange (ISA/IEA), functional group (GS/GE), transaction set (ST/SE).

These frozen nodes are what the reader yields while streaming and what
:func:`dist_core.x12.reader.read` assembles into a tree. Every node carries its own envelope issues;
the helper functions here hold the checks on headers and trailers so that the reader's state machine
stays small::

    ISA*...*000000905*1*P*>~      InterchangeHeader   (ISA13, ISA14 "ack requested", ISA15 usage)
    GS*PO*SND*RCV*20240102*1230*905*X*004010~          GroupHeader
    ST*850*0001~ ... SE*12*0001~                       TransactionSet (ST..SE, ST = position 1)
    GE*1*905~                     GroupEnd
    IEA*1*000000905~              InterchangeEnd

Control numbers are compared numerically (``IEA*1*3438~`` closes ``ISA13 000003438``) and the
unpadded form is kept as a warning: trading partners really send it and the numbers agree, so
rejecting would be pedantic; a different number is an error. ST02/SE02 are AN and compared exactly.
"""

from __future__ import annotations

from dist_core.x12.dates import isa_date_ok, isa_time_ok
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.errors import ERROR, WARNING, Code, Issue, Position, issue
from dist_core.x12.frozen import Frozen
from dist_core.x12.segment import Segment

_ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)


class InterchangeHeader(Frozen):
    """An ISA segment with its delimiters and its index in the file (1-based)."""

    __slots__ = ("index", "isa", "delimiters", "offset", "line")

    def __init__(
        self, index: int, isa: Segment, delimiters: Delimiters, offset: int = -1, line: int = 0
    ) -> None:
        init = object.__setattr__
        init(self, "index", index)
        init(self, "isa", isa)
        init(self, "delimiters", delimiters)
        init(self, "offset", offset)
        init(self, "line", line)

    sender_qualifier = property(lambda self: self.isa[5])
    sender_id = property(lambda self: self.isa[6].strip())
    receiver_qualifier = property(lambda self: self.isa[7])
    receiver_id = property(lambda self: self.isa[8].strip())
    date = property(lambda self: self.isa[9])
    time = property(lambda self: self.isa[10])
    version = property(lambda self: self.isa[12])
    control_number = property(lambda self: self.isa[13])
    ack_requested = property(lambda self: self.isa[14] == "1")
    usage = property(lambda self: self.isa[15])


class GroupHeader(Frozen):
    """A GS segment, with its interchange index and its index in the interchange (1-based)."""

    __slots__ = ("interchange", "index", "gs", "offset", "line")

    def __init__(
        self, interchange: int, index: int, gs: Segment, offset: int = -1, line: int = 0
    ) -> None:
        init = object.__setattr__
        init(self, "interchange", interchange)
        init(self, "index", index)
        init(self, "gs", gs)
        init(self, "offset", offset)
        init(self, "line", line)

    functional_id = property(lambda self: self.gs[1])
    sender = property(lambda self: self.gs[2])
    receiver = property(lambda self: self.gs[3])
    date = property(lambda self: self.gs[4])
    time = property(lambda self: self.gs[5])
    control_number = property(lambda self: self.gs[6])
    agency = property(lambda self: self.gs[7])
    version = property(lambda self: self.gs[8])


class TransactionSet(Frozen):
    """One ST..SE set: ``segments`` includes ST (position 1) and SE (absent when missing).

    ``offsets`` and ``lines`` (of each segment, when known) are neither compared nor shown.
    """

    __slots__ = ("interchange", "group", "index", "segments", "issues", "offsets", "lines")
    _not_compared = _not_shown = ("offsets", "lines")

    def __init__(
        self,
        interchange: InterchangeHeader,
        group: GroupHeader,
        index: int,
        segments: tuple[Segment, ...],
        issues: tuple[Issue, ...] = (),
        offsets: tuple[int, ...] = (),
        lines: tuple[int, ...] = (),
    ) -> None:
        init = object.__setattr__
        init(self, "interchange", interchange)
        init(self, "group", group)
        init(self, "index", index)
        init(self, "segments", segments)
        init(self, "issues", issues)
        init(self, "offsets", offsets)
        init(self, "lines", lines)

    set_id = property(lambda self: self.segments[0][1])
    control_number = property(lambda self: self.segments[0][2])
    convention = property(lambda self: self.segments[0][3])

    @property
    def body(self) -> tuple[Segment, ...]:
        """The segments between ST and SE (what the mappers read and write)."""
        end = -1 if self.segments[-1].tag == "SE" and len(self.segments) > 1 else None
        return self.segments[1:end]

    @property
    def delimiters(self) -> Delimiters:
        """The delimiters of the interchange that carried this set."""
        return self.interchange.delimiters

    def position(self, segment: int = 0, element: int = 0, component: int = 0) -> Position:
        """Position of a segment (1-based, ST = 1) of this set, with offset/line when known."""
        known = 0 < segment <= len(self.offsets)
        return Position(
            self.interchange.index,
            self.group.index,
            self.index,
            segment,
            element,
            component,
            offset=self.offsets[segment - 1] if known else -1,
            line=self.lines[segment - 1] if known else 0,
        )


class GroupEnd(Frozen):
    """The end of a group: its GE (None when missing), the sets counted and the group issues."""

    __slots__ = ("header", "ge", "set_count", "issues")

    def __init__(
        self,
        header: GroupHeader,
        ge: Segment | None,
        set_count: int,
        issues: tuple[Issue, ...] = (),
    ) -> None:
        init = object.__setattr__
        init(self, "header", header)
        init(self, "ge", ge)
        init(self, "set_count", set_count)
        init(self, "issues", issues)


class InterchangeEnd(Frozen):
    """The end of an interchange: IEA (None when missing), groups counted, TA1s seen, issues."""

    __slots__ = ("header", "iea", "group_count", "ta1", "issues")

    def __init__(
        self,
        header: InterchangeHeader,
        iea: Segment | None,
        group_count: int,
        ta1: tuple[Segment, ...] = (),
        issues: tuple[Issue, ...] = (),
    ) -> None:
        init = object.__setattr__
        init(self, "header", header)
        init(self, "iea", iea)
        init(self, "group_count", group_count)
        init(self, "ta1", ta1)
        init(self, "issues", issues)


class FunctionalGroup(Frozen):
    """A functional group in the assembled tree."""

    __slots__ = ("header", "sets", "trailer", "issues")

    def __init__(
        self,
        header: GroupHeader,
        sets: tuple[TransactionSet, ...],
        trailer: Segment | None,
        issues: tuple[Issue, ...] = (),
    ) -> None:
        init = object.__setattr__
        init(self, "header", header)
        init(self, "sets", sets)
        init(self, "trailer", trailer)
        init(self, "issues", issues)


class Interchange(Frozen):
    """An interchange in the assembled tree; ``issues`` are interchange-level (TA1) findings."""

    __slots__ = ("header", "groups", "trailer", "ta1", "issues")

    def __init__(
        self,
        header: InterchangeHeader,
        groups: tuple[FunctionalGroup, ...],
        trailer: Segment | None,
        ta1: tuple[Segment, ...] = (),
        issues: tuple[Issue, ...] = (),
    ) -> None:
        init = object.__setattr__
        init(self, "header", header)
        init(self, "groups", groups)
        init(self, "trailer", trailer)
        init(self, "ta1", ta1)
        init(self, "issues", issues)

    @property
    def delimiters(self) -> Delimiters:
        """The delimiters read from this interchange's ISA."""
        return self.header.delimiters

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Interchange-level errors (warnings excluded): any of them rejects the interchange."""
        return tuple(found for found in self.issues if found.is_error)


def same_number(left: str, right: str) -> bool:
    """Compare two control numbers numerically (``3438`` == ``000003438``); non-numbers exactly."""
    a, b = left.strip(), right.strip()
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    return a == b


def check_isa(header: InterchangeHeader, width_warnings: tuple[str, ...]) -> list[Issue]:
    """Check ISA fields: widths (warning), control number, date, time, flags (errors, TA1 codes)."""
    isa, pos = header.isa, Position(header.index, offset=header.offset, line=header.line)
    found = [
        issue(Code.ISA_FIELD, text, pos, severity=WARNING, tag="ISA") for text in width_warnings
    ]
    if len(isa.elements) != 16:
        found.append(issue(Code.ISA_INVALID, f"ISA has {len(isa.elements)} elements, not 16", pos))
        return found
    for n, width in enumerate(_ISA_WIDTHS[:15], start=1):
        if len(isa[n]) != width:
            text = f"ISA{n:02d} {isa[n]!r} is {len(isa[n])} characters, not {width}"
            found.append(issue(Code.ISA_FIELD, text, _at(pos, n), severity=WARNING, tag="ISA"))
    checks = (
        (13, Code.ISA_CONTROL_NUMBER, isa[13].strip().isdigit()),
        (9, Code.ISA_DATE, isa_date_ok(isa[9])),  # strptime %y%m%d
        (10, Code.ISA_TIME, isa_time_ok(isa[10])),  # strptime %H%M
        (12, Code.ISA_VERSION, isa[12].isdigit()),
        (14, Code.ISA_ACK_REQUESTED, isa[14] in ("0", "1")),
        (15, Code.ISA_USAGE, isa[15] in ("P", "T", "I")),
    )
    for n, code, good in checks:
        if not good:
            text = f"ISA{n:02d} {isa[n]!r}: {code.title}"
            found.append(issue(code, text, _at(pos, n), tag="ISA", value=isa[n]))
    return found


def check_iea(header: InterchangeHeader, iea: Segment, groups: int, pos: Position) -> list[Issue]:
    """``IEA*1*000000905~``: IEA01 counts the groups, IEA02 repeats ISA13."""
    found: list[Issue] = []
    if not _count_matches(iea[1], groups):
        text = f"IEA01 says {iea[1]!r} groups, the interchange has {groups}"
        found.append(issue(Code.IEA_GROUP_COUNT, text, _at(pos, 1), tag="IEA", value=iea[1]))
    found += _control_pair(
        header.control_number, iea[2], "ISA13", "IEA02", Code.IEA_CONTROL_MISMATCH, _at(pos, 2)
    )
    return found


def check_ge(header: GroupHeader, ge: Segment, sets: int, pos: Position) -> list[Issue]:
    """``GE*2*905~``: GE01 counts the sets, GE02 repeats GS06."""
    found: list[Issue] = []
    if not _count_matches(ge[1], sets):
        text = f"GE01 says {ge[1]!r} sets, the group has {sets}"
        found.append(issue(Code.GE_SET_COUNT, text, _at(pos, 1), tag="GE", value=ge[1]))
    found += _control_pair(
        header.control_number, ge[2], "GS06", "GE02", Code.GE_CONTROL_MISMATCH, _at(pos, 2)
    )
    return found


def check_gs(header: GroupHeader, isa_version: str, pos: Position) -> list[Issue]:
    """GS06 must be a number (1-9 digits); a GS08 that disagrees with ISA12 is only a warning."""
    gs, found = header.gs, []
    if not (gs[6].isdigit() and len(gs[6]) <= 9) or len(gs.elements) < 8:
        text = f"GS06 {gs[6]!r} is not a 1-9 digit control number or GS is incomplete"
        found.append(issue(Code.GS_INVALID, text, _at(pos, 6), tag="GS", value=gs[6]))
    if gs[8][:5] != isa_version[:5] and gs[8][1:6] != isa_version[:5]:
        text = f"GS08 {gs[8]!r} and ISA12 {isa_version!r} disagree"
        found.append(issue(Code.VERSION_MISMATCH, text, _at(pos, 8), severity=WARNING, tag="GS"))
    return found


def check_se(
    st: Segment, se: Segment | None, count: int, seen: set[str], pos: Position, se_pos: Position
) -> list[Issue]:
    """``ST*850*0001~ ... SE*4*0001~``: IDs, SE01 count, SE02 = ST02, ST02 unique in group."""
    found: list[Issue] = []
    if not (len(st[1]) == 3 and st[1].isalnum()):
        found.append(issue(Code.ST_ID_INVALID, f"ST01 {st[1]!r}", _at(pos, 1), tag="ST"))
    if not 4 <= len(st[2]) <= 9:
        found.append(issue(Code.ST_CONTROL_INVALID, f"ST02 {st[2]!r}", _at(pos, 2), tag="ST"))
    elif st[2] in seen:
        text = f"ST02 {st[2]!r} already used in this group"
        found.append(issue(Code.ST_DUPLICATE, text, _at(pos, 2), tag="ST", value=st[2]))
    if se is None:
        found.append(issue(Code.SE_MISSING, f"set {st[2]!r} has no SE", pos, tag="ST"))
        return found
    if not _count_matches(se[1], count):
        text = f"SE01 says {se[1]!r} segments, the set has {count}"
        found.append(issue(Code.SE_COUNT, text, _at(se_pos, 1), tag="SE", value=se[1]))
    if se[2] != st[2]:
        text = f"SE02 {se[2]!r} does not match ST02 {st[2]!r}"
        found.append(issue(Code.SE_CONTROL_MISMATCH, text, _at(se_pos, 2), tag="SE", value=se[2]))
    return found


def se_clean(st: Segment, se: Segment | None, count: int, seen: set[str]) -> bool:
    """True exactly when :func:`check_se` finds nothing (without building positions)."""
    return se is not None and se_values_clean(st[1], st[2], se[1], se[2], count, seen)


def se_values_clean(
    set_id: str, control: str, se01: str, se02: str, count: int, seen: set[str]
) -> bool:
    """:func:`se_clean` on the values themselves (the fast path has no segment objects)."""
    if not (
        len(set_id) == 3
        and set_id.isalnum()
        and 4 <= len(control) <= 9
        and control not in seen
        and se02 == control
    ):
        return False
    se01 = se01.strip()  # _count_matches, inline: this runs once per set of a large file
    return se01.isdigit() and int(se01) == count


def _control_pair(
    head: str, tail: str, head_name: str, tail_name: str, code: Code, pos: Position
) -> list[Issue]:
    if not same_number(head, tail):
        text = f"{tail_name} {tail!r} does not match {head_name} {head!r}"
        return [issue(code, text, pos, value=tail)]
    if head.strip() != tail.strip():
        text = f"{tail_name} {tail!r} is written differently from {head_name} {head!r}"
        return [issue(Code.CONTROL_NUMBER_FORMAT, text, pos, severity=WARNING, value=tail)]
    return []


def _count_matches(value: str, actual: int) -> bool:
    value = value.strip()
    return value.isdigit() and int(value) == actual


def _at(pos: Position, element: int) -> Position:
    return Position(
        pos.interchange, pos.group, pos.set, pos.segment, element, offset=pos.offset, line=pos.line
    )


__all__ = [
    "ERROR",
    "FunctionalGroup",
    "GroupEnd",
    "GroupHeader",
    "Interchange",
    "InterchangeEnd",
    "InterchangeHeader",
    "TransactionSet",
    "check_ge",
    "check_gs",
    "check_iea",
    "check_isa",
    "check_se",
    "se_clean",
    "se_values_clean",
    "same_number",
]
