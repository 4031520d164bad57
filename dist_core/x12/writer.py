"""Writer: the reader's inverse. Segments in, X12 text out, with the partner's delimiters.

Building an outbound interchange (what the mappers and the Odoo layer call)::

    from dist_core.x12.delimiters import Delimiters
    from dist_core.x12.segment import Segment
    from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange

    body = (Segment.of("BAK", "00", "AC", "PO123", "20240102"), Segment.of("CTT", "1"))
    text = write_interchange(
        InterchangeOut(
            sender_qualifier="ZZ", sender_id="OURCO",
            receiver_qualifier="01", receiver_id="123456789",
            control_number=905, version="00401", usage="T", ack_requested=True,
            groups=(GroupOut("PR", "OURCO", "123456789", control_number=905, version="004010",
                             sets=(SetOut("855", 1, body),)),),
        ),
        Delimiters(element="*", segment="~", component=">", repetition="^", suffix="\\n"),
        when=datetime(2024, 1, 2, 12, 30),
    )
    # ISA*00*          *00*          *ZZ*OURCO          *01*123456789      *240102*1230*U*00401*
    #     000000905*1*T*>~   (one line in the output)
    # GS*PR*OURCO*123456789*20240102*1230*905*X*004010~
    # ST*855*0001~ BAK*00*AC*PO123*20240102~ CTT*1~ SE*4*0001~ GE*1*905~ IEA*1*000000905~

Control numbers come from the caller (the Odoo control-number ledger owns them); the writer computes
SE01, GE01 and IEA01, pads the ISA fields, zero-pads ISA13 to 9 and an integer ST02 to 4 digits,
trims trailing empty elements and writes ``delimiters.suffix`` after each terminator. X12 has no
escape character, so a value that contains the element separator or the segment terminator cannot be
written: :class:`X12WriteError` (permanent), raised here, the one place where values meet
delimiters. Composite values are built with :func:`join_components`, which checks each component.

:func:`dump` writes parsed :class:`~dist_core.x12.envelope.Interchange` trees back exactly as read
(round trip: ``read(dump(doc.interchanges))`` gives the same segments).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from dist_core.x12.delimiters import Delimiters, uses_repetition
from dist_core.x12.envelope import Interchange
from dist_core.x12.errors import Code, Position, X12WriteError, issue
from dist_core.x12.frozen import Frozen
from dist_core.x12.segment import Segment


class SetOut(Frozen):
    """One transaction set to write: its ID (``855``), ST02 and body segments (without ST/SE);
    ``convention`` is ST03, the 005010 implementation convention reference.
    """

    __slots__ = ("set_id", "control_number", "segments", "convention")

    def __init__(
        self,
        set_id: str,
        control_number: int | str,
        segments: Sequence[Segment],
        convention: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "set_id", set_id)
        init(self, "control_number", control_number)
        init(self, "segments", segments)
        init(self, "convention", convention)


class GroupOut(Frozen):
    """One functional group: GS01 functional ID, GS02/GS03 application codes, GS06, GS08 version."""

    __slots__ = (
        "functional_id",
        "sender",
        "receiver",
        "control_number",
        "sets",
        "version",
        "agency",
    )

    def __init__(
        self,
        functional_id: str,
        sender: str,
        receiver: str,
        control_number: int | str,
        sets: Sequence[SetOut],
        version: str = "004010",
        agency: str = "X",
    ) -> None:
        init = object.__setattr__
        init(self, "functional_id", functional_id)
        init(self, "sender", sender)
        init(self, "receiver", receiver)
        init(self, "control_number", control_number)
        init(self, "sets", sets)
        init(self, "version", version)
        init(self, "agency", agency)


class InterchangeOut(Frozen):
    """One interchange: ISA sender/receiver, ISA13, ISA12 version, ISA15 usage (P/T), ISA14 flag.

    ``ta1``: TA1 segments written before the groups. ``isa11``: ISA11 written as given
    (re-wrapping a received envelope as it came, e.g. a sloppy ``U`` under ISA12 00403); empty:
    the repetition separator from 00402 on, else ``U``.
    """

    __slots__ = (
        "sender_qualifier",
        "sender_id",
        "receiver_qualifier",
        "receiver_id",
        "control_number",
        "groups",
        "version",
        "usage",
        "ack_requested",
        "auth_qualifier",
        "auth_info",
        "security_qualifier",
        "security_info",
        "ta1",
        "isa11",
    )

    def __init__(
        self,
        sender_qualifier: str,
        sender_id: str,
        receiver_qualifier: str,
        receiver_id: str,
        control_number: int | str,
        groups: Sequence[GroupOut] = (),
        version: str = "00401",
        usage: str = "P",
        ack_requested: bool = False,
        auth_qualifier: str = "00",
        auth_info: str = "",
        security_qualifier: str = "00",
        security_info: str = "",
        ta1: Sequence[Segment] = (),
        isa11: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "sender_qualifier", sender_qualifier)
        init(self, "sender_id", sender_id)
        init(self, "receiver_qualifier", receiver_qualifier)
        init(self, "receiver_id", receiver_id)
        init(self, "control_number", control_number)
        init(self, "groups", groups)
        init(self, "version", version)
        init(self, "usage", usage)
        init(self, "ack_requested", ack_requested)
        init(self, "auth_qualifier", auth_qualifier)
        init(self, "auth_info", auth_info)
        init(self, "security_qualifier", security_qualifier)
        init(self, "security_info", security_info)
        init(self, "ta1", ta1)
        init(self, "isa11", isa11)


def format_segment(segment: Segment, delimiters: Delimiters) -> str:
    """``Segment.of("N1", "ST", "ACME", "", "")`` -> ``N1*ST*ACME~`` + ``delimiters.suffix``."""
    trimmed = segment.trimmed() if segment.tag != "ISA" else segment
    sep, term = delimiters.element, delimiters.segment
    for n, value in enumerate(trimmed.elements, start=1):
        if sep in value or term in value:
            raise X12WriteError(
                issue(
                    Code.WRITE_INVALID_VALUE,
                    f"{segment.tag}{n:02d} {value!r} contains a delimiter ({sep!r} or {term!r})",
                    Position(segment=segment.position, element=n),
                    tag=segment.tag,
                    value=value,
                )
            )
    if not trimmed.elements:
        return trimmed.tag + term + delimiters.suffix
    return trimmed.tag + sep + sep.join(trimmed.elements) + term + delimiters.suffix


def write_segments(segments: Iterable[Segment], delimiters: Delimiters) -> str:
    """Concatenate formatted segments."""
    return "".join(format_segment(segment, delimiters) for segment in segments)


def join_components(delimiters: Delimiters, *components: str) -> str:
    """Build a composite value: ``join_components(d, "PC", "11.1")`` -> ``PC>11.1`` (trailing
    empties cut).
    """
    parts = list(components)
    while parts and not parts[-1]:
        parts.pop()
    for part in parts:
        if delimiters.specials & set(part):
            raise X12WriteError(
                issue(
                    Code.WRITE_INVALID_VALUE, f"component {part!r} contains a delimiter", value=part
                )
            )
    return delimiters.component.join(parts)


def transaction_set_segments(set_out: SetOut) -> list[Segment]:
    """Wrap a body in ``ST*<id>*<ctl>[*<convention>]`` and ``SE*<count>*<ctl>``, positions 1..n."""
    control = _st02(set_out.control_number)
    st = Segment.of("ST", set_out.set_id, control, set_out.convention or None)
    count = len(set_out.segments) + 2
    segments = [st.at(1)]
    segments += [segment.at(n) for n, segment in enumerate(set_out.segments, start=2)]
    segments.append(Segment.of("SE", count, control).at(count))
    return segments


def write_transaction_set(set_out: SetOut, delimiters: Delimiters) -> str:
    """Write one ST..SE set (SE01 computed)."""
    return write_segments(transaction_set_segments(set_out), delimiters)


def write_group(group: GroupOut, delimiters: Delimiters, when: dt.datetime) -> str:
    """Write one GS..GE group; GS04 is CCYYMMDD from version 004 on, YYMMDD before."""
    date = when.strftime("%Y%m%d" if group.version[:3] >= "004" else "%y%m%d")
    gs = Segment.of(
        "GS",
        group.functional_id,
        group.sender,
        group.receiver,
        date,
        when.strftime("%H%M"),
        _number(group.control_number, "GS06"),
        group.agency,
        group.version,
    )
    parts = [format_segment(gs, delimiters)]
    parts += [write_transaction_set(set_out, delimiters) for set_out in group.sets]
    ge = Segment.of("GE", len(group.sets), _number(group.control_number, "GE02"))
    parts.append(format_segment(ge, delimiters))
    return "".join(parts)


def isa_segment(interchange: InterchangeOut, delimiters: Delimiters, when: dt.datetime) -> Segment:
    """The 16 fixed-width ISA elements (ISA11: repetition separator from 00402, else ``U``)."""
    if interchange.isa11:
        isa11 = _fixed(interchange.isa11, 1, "ISA11")
    elif uses_repetition(interchange.version):
        if not delimiters.repetition:
            raise X12WriteError(
                issue(
                    Code.WRITE_INVALID_VALUE,
                    f"ISA12 {interchange.version} needs a repetition separator",
                )
            )
        isa11 = delimiters.repetition
    else:
        isa11 = "U"
    return Segment.of(
        "ISA",
        _fixed(interchange.auth_qualifier, 2, "ISA01"),
        _fixed(interchange.auth_info, 10, "ISA02"),
        _fixed(interchange.security_qualifier, 2, "ISA03"),
        _fixed(interchange.security_info, 10, "ISA04"),
        _fixed(interchange.sender_qualifier, 2, "ISA05"),
        _fixed(interchange.sender_id, 15, "ISA06"),
        _fixed(interchange.receiver_qualifier, 2, "ISA07"),
        _fixed(interchange.receiver_id, 15, "ISA08"),
        when.strftime("%y%m%d"),
        when.strftime("%H%M"),
        isa11,
        _fixed(interchange.version, 5, "ISA12"),
        _number(interchange.control_number, "ISA13").zfill(9),
        "1" if interchange.ack_requested else "0",
        _fixed(interchange.usage, 1, "ISA15"),
        delimiters.component,
    )


def write_interchange(
    interchange: InterchangeOut,
    delimiters: Delimiters | None = None,
    when: dt.datetime | None = None,
) -> str:
    """Write a complete ISA..IEA interchange; ``when`` defaults to now (ISA09/10, GS04/05)."""
    delimiters = delimiters or Delimiters()
    problems = delimiters.problems()
    if problems:
        raise X12WriteError(issue(Code.WRITE_INVALID_VALUE, "; ".join(problems)))
    when = when or dt.datetime.now()
    parts = [format_segment(isa_segment(interchange, delimiters, when), delimiters)]
    parts += [format_segment(segment, delimiters) for segment in interchange.ta1]
    parts += [write_group(group, delimiters, when) for group in interchange.groups]
    control = _number(interchange.control_number, "IEA02").zfill(9)
    parts.append(format_segment(Segment.of("IEA", len(interchange.groups), control), delimiters))
    return "".join(parts)


def dump(interchanges: Iterable[Interchange]) -> str:
    """Write parsed interchanges back, segment for segment, each with its own delimiters."""
    parts: list[str] = []
    for interchange in interchanges:
        delimiters = interchange.delimiters
        segments = [interchange.header.isa, *interchange.ta1]
        for group in interchange.groups:
            segments.append(group.header.gs)
            for transaction in group.sets:
                segments += transaction.segments
            segments += [group.trailer] if group.trailer else []
        segments += [interchange.trailer] if interchange.trailer else []
        parts.append("".join(_format_raw(segment, delimiters) for segment in segments))
    return "".join(parts)


def _format_raw(segment: Segment, delimiters: Delimiters) -> str:
    """Like :func:`format_segment` but keeps trailing empty elements (a faithful copy)."""
    sep = delimiters.element
    text = segment.tag + (sep + sep.join(segment.elements) if segment.elements else "")
    return text + delimiters.segment + delimiters.suffix


def _st02(value: int | str) -> str:
    return str(value).zfill(4) if isinstance(value, int) else value


def _number(value: int | str, name: str) -> str:
    text = str(value).strip()
    if not text.isdigit() or len(text) > 9:
        raise X12WriteError(
            issue(
                Code.WRITE_INVALID_VALUE, f"{name} {value!r} is not a 1-9 digit number", value=text
            )
        )
    return str(int(text))


def _fixed(value: str, width: int, name: str) -> str:
    if len(value) > width:
        raise X12WriteError(
            issue(Code.WRITE_INVALID_VALUE, f"{name} {value!r} is longer than {width}", value=value)
        )
    return value.ljust(width)
