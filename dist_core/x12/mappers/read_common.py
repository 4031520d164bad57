"""Readers for the segments most sets share: N1 loops, DTM, REF/N9, SAC, TD5, ITD, notes, items."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dist_core.canonical import (
    Address,
    AllowanceCharge,
    DateRef,
    ItemId,
    ItemRef,
    Note,
    PackSize,
    Party,
    Reference,
    Routing,
    Terms,
)
from dist_core.x12.segment import Segment

from .loops import PARTY_MEMBERS, split_loops
from .values import date_at, decimal_at, implied_at, int_at, required, text


def read_party(loop: Sequence[Segment]) -> Party:
    """``N1*ST*ACME DC*UL*0078742035260~ N3*1 MAIN ST~ N4*SOLON*OH*44139*US~ REF*..~``."""
    n1 = loop[0]
    lines = tuple(text(s, n) for s in loop if s.tag == "N3" for n in (1, 2) if text(s, n))
    n4 = next((s for s in loop if s.tag == "N4"), None)
    address = None
    if lines or n4 is not None:
        address = Address(
            lines=lines,
            city=text(n4, 1) if n4 else "",
            state=text(n4, 2) if n4 else "",
            postal_code=text(n4, 3) if n4 else "",
            country=text(n4, 4) if n4 else "",
        )
    return Party(
        role=required(n1, 1, "entity identifier"),
        name=text(n1, 2),
        id_qualifier=text(n1, 3),
        id=text(n1, 4),
        address=address,
        references=tuple(read_reference(s) for s in loop if s.tag == "REF"),
    )


def read_parties(segments: Sequence[Segment]) -> tuple[list[Segment], tuple[Party, ...]]:
    """The segments outside N1 loops, and one Party per N1 loop."""
    outside, loops = split_loops(segments, "N1", PARTY_MEMBERS)
    return outside, tuple(read_party(loop) for loop in loops)


def read_date(seg: Segment) -> DateRef:
    """``DTM*002*20101214~`` or ``G62*10*20000204~`` (qualifier, date, optional time)."""
    return DateRef(
        qualifier=required(seg, 1, "date qualifier"),
        value=date_at(seg, 2, what="date"),  # type: ignore[arg-type]
        time=text(seg, 3) if seg.tag == "DTM" else text(seg, 4),
    )


def read_dates(segments: Iterable[Segment], tag: str = "DTM") -> tuple[DateRef, ...]:
    return tuple(read_date(s) for s in segments if s.tag == tag)


def read_reference(seg: Segment) -> Reference:
    """``REF*DP*038~`` or ``N9*BM*BOL123~`` (qualifier, value, description)."""
    return Reference(required(seg, 1, "reference qualifier"), text(seg, 2), text(seg, 3))


def read_references(segments: Iterable[Segment], *tags: str) -> tuple[Reference, ...]:
    tags = tags or ("REF", "N9")
    return tuple(read_reference(s) for s in segments if s.tag in tags)


def read_notes(segments: Iterable[Segment]) -> tuple[Note, ...]:
    """``MSG*PLEASE CALL~`` and ``NTE*GEN*FRAGILE~``."""
    notes = []
    for s in segments:
        if s.tag == "MSG" and text(s, 1):
            notes.append(Note(text(s, 1), "MSG"))
        elif s.tag == "NTE" and text(s, 2):
            notes.append(Note(text(s, 2), text(s, 1)))
    return tuple(notes)


def read_allowance_charge(seg: Segment) -> AllowanceCharge:
    """``SAC*A*C310***1500**3*2.5****02***PROMO~``: SAC05 has two implied decimals."""
    return AllowanceCharge(
        indicator=required(seg, 1, "allowance or charge indicator"),
        code=text(seg, 2),
        amount=implied_at(seg, 5),
        percent=decimal_at(seg, 7),
        handling=text(seg, 12),
        description=text(seg, 15),
    )


def read_allowances(segments: Iterable[Segment]) -> tuple[AllowanceCharge, ...]:
    return tuple(read_allowance_charge(s) for s in segments if s.tag == "SAC")


def read_routing(seg: Segment) -> Routing:
    """``TD5*O*2*UPSN*M*UPS GROUND~``: sequence, id qualifier, SCAC, transport method, routing."""
    return Routing(
        sequence=text(seg, 1),
        id_qualifier=text(seg, 2),
        carrier_code=text(seg, 3),
        transport_method=text(seg, 4),
        routing=text(seg, 5),
        service_level=text(seg, 12),
    )


def read_terms(seg: Segment) -> Terms:
    """``ITD*01*3*2**10**30*****2% 10 NET 30~``: ITD08 discount amount has implied decimals."""
    return Terms(
        terms_type=text(seg, 1),
        basis=text(seg, 2),
        discount_percent=decimal_at(seg, 3),
        discount_due_date=date_at(seg, 4),
        discount_days=int_at(seg, 5),
        net_due_date=date_at(seg, 6),
        net_days=int_at(seg, 7),
        discount_amount=implied_at(seg, 8),
        description=text(seg, 12),
    )


def read_item_ids(seg: Segment, start: int, stop: int | None = None) -> tuple[ItemId, ...]:
    """Qualifier/value pairs from element ``start``: ``PO1*1*1*EA*1**UP*0123*VN*AB~`` from 6."""
    end = len(seg) if stop is None else min(stop, len(seg))
    pairs = ((text(seg, n), text(seg, n + 1)) for n in range(start, end + 1, 2))
    return tuple(ItemId(q, v) for q, v in pairs if q and v)


def read_description(segments: Iterable[Segment]) -> str:
    """The first free-form description: ``PID*F****SMALL WIDGET~`` or ``G69*SMALL WIDGET~``."""
    for s in segments:
        if s.tag == "PID" and text(s, 5):
            return text(s, 5)
        if s.tag == "G69" and text(s, 1):
            return text(s, 1)
    return ""


def item_ref(seg: Segment, start: int, loop: Sequence[Segment], stop: int | None = None) -> ItemRef:
    return ItemRef(read_item_ids(seg, start, stop), read_description(loop))


def read_pack(seg: Segment) -> PackSize:
    """``PO4*4*6*EA*CTN~``: 4 inner packs of 6 EA in a carton."""
    return PackSize(decimal_at(seg, 1), decimal_at(seg, 2), text(seg, 3), text(seg, 4))
