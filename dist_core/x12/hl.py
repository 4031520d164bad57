"""HL hierarchy: an HL-based set (856) as a tree built from HL01/HL02 links, not from order.

Each HL opens a level that owns the segments up to the next HL::

    HL*1**S~ TD5*...~            shipment 1
    HL*2*1*O~ PRF*PO123~         order 2, child of 1
    HL*4*3*I~ LIN**UP*0123~      item 4, child of pack 3 (which may come later in the file)
    HL*3*2*P~ MAN*GM*0000...~    pack 3, child of order 2

:func:`hl_tree` returns the root nodes and the problems found (duplicate HL01, unknown parent, a
cycle), as :class:`~dist_core.x12.errors.Issue` objects with code ``HL_STRUCTURE`` positioned on the
HL segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dist_core.x12.errors import Code, Issue, Position, issue
from dist_core.x12.segment import Segment

_SUMMARY = frozenset(("CTT", "SE"))


@dataclass(frozen=True, slots=True)
class HLNode:
    """One hierarchical level: HL01 id, HL02 parent, HL03 level code, its segments, its children."""

    id: str
    parent_id: str
    level: str
    segments: tuple[Segment, ...]
    children: tuple[HLNode, ...] = ()

    def walk(self):
        """Yield this node and its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


def _levels(segments: Sequence[Segment]) -> list[list[Segment]]:
    levels: list[list[Segment]] = []
    for segment in segments:
        if segment.tag == "HL":
            levels.append([segment])
        elif segment.tag in _SUMMARY:
            break
        elif levels:
            levels[-1].append(segment)
    return levels


def hl_tree(
    segments: Sequence[Segment], position: Position | None = None
) -> tuple[tuple[HLNode, ...], tuple[Issue, ...]]:
    """Build the HL forest of a set's segments; tolerant of HL numbers in any order."""
    base = position or Position()
    found: list[Issue] = []
    by_id: dict[str, list[Segment]] = {}
    order: list[str] = []
    for level in _levels(segments):
        hl = level[0]
        if hl[1] in by_id:
            found.append(_problem(f"HL01 {hl[1]!r} is used twice", hl, base))
            continue
        by_id[hl[1]] = level
        order.append(hl[1])
    children: dict[str, list[str]] = {}
    roots: list[str] = []
    for hl_id in order:
        parent = by_id[hl_id][0][2]
        if not parent:
            roots.append(hl_id)
        elif parent not in by_id or parent == hl_id:
            found.append(
                _problem(f"HL02 {parent!r} names no earlier or later HL", by_id[hl_id][0], base)
            )
            roots.append(hl_id)
        else:
            children.setdefault(parent, []).append(hl_id)
    built: set[str] = set()

    def build(hl_id: str) -> HLNode:
        built.add(hl_id)
        level = by_id[hl_id]
        kids = tuple(build(child) for child in children.get(hl_id, ()) if child not in built)
        return HLNode(hl_id, level[0][2], level[0][3], tuple(level), kids)

    forest = tuple(build(hl_id) for hl_id in roots)
    for hl_id in order:
        if hl_id not in built:
            found.append(_problem(f"HL {hl_id!r} is part of a parent cycle", by_id[hl_id][0], base))
    return forest, tuple(found)


def _problem(text: str, hl: Segment, base: Position) -> Issue:
    pos = Position(base.interchange, base.group, base.set, hl.position, 1)
    return issue(Code.HL_STRUCTURE, text, pos, tag="HL", value=hl[1])
