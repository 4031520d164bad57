"""Segment: one X12 segment as a frozen value, shared by reader, validator, writer and mappers.

A segment keeps its elements as raw strings, exactly as they were between element separators;
composites and repetitions are split only on request, with the interchange's
:class:`~dist_core.x12.delimiters.Delimiters`::

    PO1*1*10*EA*9.25**UP*012345678905~
        -> Segment("PO1", ("1", "10", "EA", "9.25", "", "UP", "012345678905"))
    SLN*1.1**I*10000*PC>11.1>12.2~
        -> seg.components(5, delimiters) == ("PC", "11.1", "12.2")

Indexing is 1-based like the standard's reference designators (``seg[1]`` is PO101); ``seg[0]`` is
the tag and an absent element reads as ``""``. ``position`` (ST = 1) is informative and does not
take part in equality, so a segment built by a mapper compares equal to the same segment read from a
file.
"""

from __future__ import annotations

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.frozen import Frozen


class Segment(Frozen):
    """One segment: its tag, its elements 01..nn as raw strings, and its 1-based position in its
    set (not compared).
    """

    __slots__ = ("tag", "elements", "position")
    _not_compared = ("position",)

    def __init__(self, tag: str, elements: tuple[str, ...] = (), position: int = 0) -> None:
        init = object.__setattr__
        init(self, "tag", tag)
        init(self, "elements", elements)
        init(self, "position", position)

    @classmethod
    def of(cls, tag: str, *elements: str | int | None) -> Segment:
        """Build a segment from positional element values; ``None`` becomes an empty element.

        >>> Segment.of("PO1", "1", 10, "EA", None, None, "UP", "012345678905")[2]
        '10'

        Trailing empty elements are kept here and trimmed by the writer.
        """
        return cls(tag, tuple("" if value is None else str(value) for value in elements))

    def __getitem__(self, n: int) -> str:
        """Return element ``n`` (1-based), ``""`` when absent; ``seg[0]`` is the tag."""
        if n == 0:
            return self.tag
        if n < 0:
            raise IndexError("X12 element positions start at 1")
        return self.elements[n - 1] if n <= len(self.elements) else ""

    def __len__(self) -> int:
        """Number of elements present (the tag excluded)."""
        return len(self.elements)

    def components(self, n: int, delimiters: Delimiters) -> tuple[str, ...]:
        """Split element ``n`` on the component separator; ``()`` when the element is empty."""
        value = self[n]
        return tuple(value.split(delimiters.component)) if value else ()

    def repetitions(self, n: int, delimiters: Delimiters) -> tuple[str, ...]:
        """Split element ``n`` on the repetition separator (when the interchange has one)."""
        value = self[n]
        if not value:
            return ()
        if not delimiters.repetition:
            return (value,)
        return tuple(value.split(delimiters.repetition))

    def trimmed(self) -> Segment:
        """Return the same segment without trailing empty elements (as the writer emits it)."""
        elements = self.elements
        end = len(elements)
        while end and not elements[end - 1]:
            end -= 1
        return self if end == len(elements) else Segment(self.tag, elements[:end], self.position)

    def at(self, position: int) -> Segment:
        """Return a copy positioned at ``position`` within its transaction set."""
        return Segment(self.tag, self.elements, position)
