"""Acknowledgments: 997, 999 and TA1 built from validator results.

One 997 (or 999) set per received functional group, all in one ``FA`` group of an interchange
addressed back to the sender, with the sender's delimiters::

    ST*997*0001~
    AK1*PO*905~                         GS01, GS06 (and GS08 in 005010)
    AK2*850*0001~                       ST01, ST02 (and ST03 in 005010)
    AK3*BEG*2**8~                       segment tag, position (ST = 1), loop, AK304 code
    AK4*5*373*8*20241345~               position[:component], element ref, AK403 code, bad value
    AK5*R*5~                            set verdict and codes
    AK9*R*1*1*0~                        group verdict, sets declared, received, accepted (and codes)
    SE*8*0001~

The 999 replaces AK3/AK4/AK5 with IK3/IK4/IK5 and carries the implementation reference
``005010X231``. A TA1 (``TA1*000000905*240102*1230*R*001~``) answers the interchange itself: alone
when the interchange is broken (its sets are then not acknowledged), before the FA group when ISA14
asked for it.

Entry points: :func:`ack_segments` (body of one 997/999 set), :func:`ta1_segment`, and
:func:`ack_interchange` (the whole reply as text).
"""

from __future__ import annotations

import datetime as dt

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.errors import ELEMENT, SEGMENT, Issue
from dist_core.x12.segment import Segment
from dist_core.x12.validator import GroupResult, InterchangeResult
from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange

IMPLEMENTATION_999 = "005010X231"
_TAGS = {"997": ("AK3", "AK4", "AK5"), "999": ("IK3", "IK4", "IK5")}


def ack_segments(
    group: GroupResult, delimiters: Delimiters, kind: str = "997", report_accepted: bool = True
) -> list[Segment]:
    """The body (without ST/SE) of the 997 or 999 answering one functional group."""
    seg_tag, elem_tag, set_tag = _TAGS[kind]
    five = kind == "999" or group.header.version[:6] >= "005010"
    header = group.header
    body = [
        Segment.of(
            "AK1", header.functional_id, header.control_number, header.version if five else None
        )
    ]
    for result in group.sets:
        if result.accepted and not report_accepted:
            continue
        body.append(
            Segment.of("AK2", result.set_id, result.control_number, result.convention or None)
        )
        body += _issue_segments(result.errors, seg_tag, elem_tag, delimiters)
        body.append(Segment.of(set_tag, result.verdict, *result.ack_codes))
    declared = group.declared_sets if group.declared_sets is not None else len(group.sets)
    body.append(
        Segment.of(
            "AK9", group.verdict, declared, len(group.sets), group.accepted_count, *group.ack_codes
        )
    )
    return body


def _issue_segments(
    issues: tuple[Issue, ...], seg_tag: str, elem_tag: str, delimiters: Delimiters
) -> list[Segment]:
    out: list[Segment] = []
    for found in issues:
        level, pos = found.code.level, found.position
        if level == SEGMENT:
            out.append(Segment.of(seg_tag, found.tag, pos.segment, found.loop, found.code.ack_code))
        elif level == ELEMENT and out:
            where = str(pos.element)
            if pos.component:
                where += delimiters.component + str(pos.component)
            value = _clean(found.value, delimiters)
            ref = found.element_ref if found.element_ref.isdigit() else ""
            out.append(Segment.of(elem_tag, where, ref, found.code.ack_code, value))
    return out


def _clean(value: str, delimiters: Delimiters) -> str:
    """A bad value copied into AK404 must not break the acknowledgment itself."""
    cleaned = "".join(" " if c in delimiters.specials else c for c in value)
    return cleaned.replace("\r", " ").replace("\n", " ").strip()[:99]


def ta1_segment(result: InterchangeResult) -> Segment:
    """``TA1*<ISA13>*<ISA09>*<ISA10>*<A|R>*<code>``: R with the first interchange error's code."""
    header = result.header
    errors = [found for found in result.errors if found.code.ack_code]
    verdict, code = ("R", errors[0].code.ack_code) if errors else ("A", "000")
    return Segment.of("TA1", header.control_number, header.date, header.time, verdict, code)


def needs_ta1(result: InterchangeResult) -> bool:
    """A TA1 is due when ISA14 asks for one or when the interchange envelope is broken."""
    return result.header.ack_requested or bool(result.errors)


def ack_interchange(
    result: InterchangeResult,
    *,
    control_number: int,
    kind: str = "997",
    when: dt.datetime | None = None,
    report_accepted: bool = True,
    delimiters: Delimiters | None = None,
) -> str:
    """The whole reply to one received interchange, addressed back to its sender.

    ``control_number`` is used for ISA13 and GS06 (the caller's ledger owns it); ST02 counts from
    0001. A broken interchange gets a TA1 alone; otherwise one FA group with one 997/999 per
    received group, preceded by a TA1 when ISA14 is 1.
    """
    header = result.header
    delimiters = delimiters or header.delimiters
    version = "00501" if kind == "999" else header.version
    if version >= "00402" and not delimiters.repetition:
        delimiters = _with_repetition(delimiters)
    ta1 = (ta1_segment(result),) if needs_ta1(result) else ()
    groups: tuple[GroupOut, ...] = ()
    if not result.errors and result.groups:
        sets = tuple(
            SetOut(
                kind,
                n,
                ack_segments(group, delimiters, kind, report_accepted),
                IMPLEMENTATION_999 if kind == "999" else "",
            )
            for n, group in enumerate(result.groups, start=1)
        )
        first = result.groups[0].header
        gs_version = IMPLEMENTATION_999 if kind == "999" else first.version
        groups = (GroupOut("FA", first.receiver, first.sender, control_number, sets, gs_version),)
    reply = InterchangeOut(
        header.receiver_qualifier,
        header.receiver_id,
        header.sender_qualifier,
        header.sender_id,
        control_number,
        groups,
        version=version,
        usage=header.usage if header.usage in ("P", "T") else "P",
        ta1=ta1,
    )
    return write_interchange(reply, delimiters, when)


def _with_repetition(delimiters: Delimiters) -> Delimiters:
    spare = next(c for c in "^|}{!" if c not in delimiters.specials)
    return Delimiters(
        delimiters.element, delimiters.segment, delimiters.component, spare, delimiters.suffix
    )
