"""Text helpers for mapper tests: tiny literal X12 bodies in, compact text out.

The literal messages use the default delimiters ("*", "~", ">"); the engine's reader is exercised
separately in the round-trip tests.
"""

from __future__ import annotations

from dist_core.x12.segment import Segment


def segments(text: str) -> list[Segment]:
    """``"BEG*00*SA*PO1~PO1*1*2*EA~"`` -> segments positioned as in a set (ST = 1)."""
    parts = [p.strip() for p in text.split("~") if p.strip()]
    has_st = bool(parts) and parts[0].startswith("ST*")
    return [
        Segment.of(*part.split("*")).at(index + (1 if has_st else 2))
        for index, part in enumerate(parts)
    ]


def render(segs: list[Segment]) -> str:
    """Segments back to ``TAG*a*b~`` text for readable assertions."""
    return "".join("*".join((s.tag, *s.elements)) + "~" for s in segs)
