"""Delimiters: the frozen value object read from an ISA header and passed to reader and writer.

An interchange names its own separators in its first segment, at fixed offsets::

    ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240102*1230*^*00501*...
       ^ element separator at offset 3                                          ^ ISA11 repetition
    ...*000000001*0*P*>~
                      ^ ISA16 component separator, then the segment terminator

No module in ``dist_core.x12`` hard-codes ``*`` or ``~`` in its logic: the defaults below exist only
so that ``Delimiters()`` writes the most common style, and every reader path builds its own instance
with :func:`from_isa`.

``repetition`` is the empty string when the interchange does not use a repetition separator (ISA12
before ``00402``, where ISA11 is the standards identifier, usually ``U``). ``suffix`` is the
decoration written after every terminator (for example ``"\\n"`` or ``"\\r\\n"``); the reader
records the decoration it saw after the ISA terminator there, so that the writer can reproduce a
partner's layout.
"""

from __future__ import annotations

from dist_core.x12.frozen import Frozen

#: Characters that never act as delimiters: a separator must not be a letter or a digit.
_FORBIDDEN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
#: Characters allowed after a terminator as pure decoration (line breaks, indentation).
DECORATION = " \t\r\n"
#: First ISA12 value that carries a repetition separator in ISA11.
REPETITION_FROM_VERSION = "00402"


class Delimiters(Frozen):
    """The four separators of one interchange, plus the decoration written after each terminator.

    >>> Delimiters(element="*", segment="~", component=">", repetition="^").segment
    '~'
    """

    __slots__ = ("element", "segment", "component", "repetition", "suffix")

    def __init__(
        self,
        element: str = "*",
        segment: str = "~",
        component: str = ">",
        repetition: str = "^",
        suffix: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "element", element)
        init(self, "segment", segment)
        init(self, "component", component)
        init(self, "repetition", repetition)
        init(self, "suffix", suffix)

    def problems(self) -> tuple[str, ...]:
        """Return human-readable reasons why these delimiters cannot work (empty when they can).

        Each separator must be one character, not alphanumeric, and distinct from the others; a
        newline terminator is fine, but a newline element separator is not.
        """
        found: list[str] = []
        named = (
            ("element", self.element),
            ("segment", self.segment),
            ("component", self.component),
            ("repetition", self.repetition),
        )
        for name, char in named:
            if name == "repetition" and char == "":
                continue
            if len(char) != 1:
                found.append(f"{name} separator must be one character, got {char!r}")
            elif char in _FORBIDDEN:
                found.append(f"{name} separator {char!r} is a letter or digit")
            elif name != "segment" and char in "\r\n":
                found.append(f"{name} separator cannot be a line break")
        chars = [char for _name, char in named if char]
        if len(set(chars)) != len(chars):
            found.append("separators are not distinct: " + " ".join(repr(c) for c in chars))
        return tuple(found)

    @property
    def specials(self) -> frozenset[str]:
        """Every character that cannot appear inside a data value under these delimiters."""
        return frozenset(
            c for c in (self.element, self.segment, self.component, self.repetition) if c
        )


def uses_repetition(isa12: str) -> bool:
    """True when an ISA12 version (``00401``, ``00501``...) makes ISA11 a repetition separator."""
    return isa12.strip() >= REPETITION_FROM_VERSION


def from_isa(
    element: str, isa11: str, isa12: str, component: str, segment: str, suffix: str = ""
) -> Delimiters:
    """Build the delimiters of an interchange from the characters found in its ISA segment.

    ``isa11`` is only a repetition separator from version 00402 on and when it is not alphanumeric;
    before that it is the standards identifier (``U``) and the result has ``repetition=""``.
    """
    repetition = isa11 if uses_repetition(isa12) and len(isa11) == 1 else ""
    if repetition in _FORBIDDEN or repetition in (element, component, segment):
        repetition = ""
    return Delimiters(element, segment, component, repetition, suffix)
