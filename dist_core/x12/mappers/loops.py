"""Cutting a transaction set into the loops a mapper needs, by tag alone.

The engine's schemas know the full loop grammar; a mapper only needs to know where a line or a
party starts and which segments travel with it, so these helpers stay small and tolerant of the
segments a partner adds that we do not map.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dist_core.x12.segment import Segment

_ENVELOPE = frozenset({"ISA", "GS", "ST", "SE", "GE", "IEA"})

# Segments that travel with an N1 in every set we read: N1*ST*...~ N2 N3 N4 REF PER.
PARTY_MEMBERS = frozenset({"N2", "N3", "N4", "REF", "PER"})


def body(segments: Iterable[Segment]) -> list[Segment]:
    """The set body without ST/SE (accepting both forms), each segment positioned with ST = 1.

    Segments read by the engine already carry their position; segments built in memory (position
    0) get the position they would have in the set so errors still point somewhere useful.
    """
    items = list(segments)
    offset = 1 if items and items[0].tag == "ST" else 2
    out = []
    for index, segment in enumerate(items):
        if segment.tag in _ENVELOPE:
            continue
        out.append(segment if segment.position else segment.at(index + offset))
    return out


def split_loops(
    segments: Sequence[Segment], opener: str, members: frozenset[str]
) -> tuple[list[Segment], list[list[Segment]]]:
    """Segments outside the ``opener`` loops, and each loop instance (opener first).

    A loop runs from its opener through the following ``members``; the first other tag closes it.
    """
    outside: list[Segment] = []
    loops: list[list[Segment]] = []
    current: list[Segment] | None = None
    for segment in segments:
        if segment.tag == opener:
            current = [segment]
            loops.append(current)
        elif current is not None and segment.tag in members:
            current.append(segment)
        else:
            current = None
            outside.append(segment)
    return outside, loops


def split_detail(
    segments: Sequence[Segment], openers: frozenset[str], summary: frozenset[str]
) -> tuple[list[Segment], list[list[Segment]], list[Segment]]:
    """Header, detail loops (each starting with one of ``openers``) and summary.

    Everything before the first opener is header; a ``summary`` tag after it starts the summary.
    A set-level ``LX`` opener lets 945/944/947 lines start at LX or directly at the item segment.
    """
    header: list[Segment] = []
    lines: list[list[Segment]] = []
    tail: list[Segment] = []
    for segment in segments:
        if tail or (lines and segment.tag in summary):
            tail.append(segment)
        elif segment.tag in openers:
            lines.append([segment])
        elif lines:
            lines[-1].append(segment)
        else:
            header.append(segment)
    return header, lines, tail


def first(segments: Iterable[Segment], tag: str) -> Segment | None:
    return next((s for s in segments if s.tag == tag), None)


def all_of(segments: Iterable[Segment], *tags: str) -> list[Segment]:
    return [s for s in segments if s.tag in tags]
