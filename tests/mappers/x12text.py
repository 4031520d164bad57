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


ISA = (
    "ISA*00*          *00*          *ZZ*PARTNER        *ZZ*OURCO          "
    "*240102*1230*U*00401*000000042*0*P*>~"
)


def interchange(body: str, functional_id: str) -> str:
    """Wrap one ``ST..SE`` set in ISA/GS/GE/IEA (control numbers 42) with default delimiters."""
    return (
        f"{ISA}GS*{functional_id}*PARTNER*OURCO*20240102*1230*42*X*004010~{body}"
        "GE*1*42~IEA*1*000000042~"
    )
