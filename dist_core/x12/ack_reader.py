"""Read a received 997 (or 999) into data, with the codes explained in words.

The inverse direction of :mod:`dist_core.x12.ack`: the Odoo layer matches each acknowledged set
(GS06 of AK102 + ST02 of AK202) to the document it sent and marks it accepted or rejected; a person
reads the explanations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .segment import Segment

SEGMENT_CODES = {
    "1": "unrecognized segment ID",
    "2": "unexpected segment",
    "3": "mandatory segment missing",
    "4": "loop occurs over maximum times",
    "5": "segment exceeds maximum use",
    "6": "segment not in defined transaction set",
    "7": "segment not in proper sequence",
    "8": "segment has data element errors",
}
ELEMENT_CODES = {
    "1": "mandatory data element missing",
    "2": "conditional required data element missing",
    "3": "too many data elements",
    "4": "data element too short",
    "5": "data element too long",
    "6": "invalid character in data element",
    "7": "invalid code value",
    "8": "invalid date",
    "9": "invalid time",
    "10": "exclusion condition violated",
}
SET_CODES = {
    "1": "transaction set not supported",
    "2": "transaction set trailer missing",
    "3": "transaction set control number in header and trailer do not match",
    "4": "number of included segments does not match actual count",
    "5": "one or more segments in error",
    "6": "missing or invalid transaction set identifier",
    "7": "missing or invalid transaction set control number",
    "23": "transaction set control number not unique within the functional group",
}
GROUP_CODES = {
    "1": "functional group not supported",
    "2": "functional group version not supported",
    "3": "functional group trailer missing",
    "4": "group control number in the header and trailer do not agree",
    "5": "number of included transaction sets does not match actual count",
    "6": "group control number violates syntax",
}
VERDICTS = {
    "A": "accepted",
    "E": "accepted with errors",
    "P": "partially accepted",
    "R": "rejected",
}
_SEGMENT_TAGS = ("AK3", "IK3")
_ELEMENT_TAGS = ("AK4", "IK4")
_SET_TAGS = ("AK5", "IK5")


@dataclass(frozen=True, slots=True)
class AckedSet:
    """``AK2*856*0001~ ... AK5*R*5~``: one acknowledged transaction set."""

    set_id: str
    control_number: str
    verdict: str
    codes: tuple[str, ...]
    errors: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.verdict in ("A", "E")

    def explanation(self) -> str:
        words = [VERDICTS.get(self.verdict, self.verdict)]
        words += [SET_CODES.get(code, f"code {code}") for code in self.codes]
        return "; ".join(words + list(self.errors))


@dataclass(frozen=True, slots=True)
class AckedGroup:
    """``AK1*SH*1001~ ... AK9*P*2*2*1~``: one acknowledged functional group."""

    functional_id: str
    control_number: str
    verdict: str = ""
    codes: tuple[str, ...] = ()
    sets: tuple[AckedSet, ...] = field(default=())

    def explanation(self) -> str:
        words = [VERDICTS.get(self.verdict, self.verdict)]
        return "; ".join(words + [GROUP_CODES.get(code, f"code {code}") for code in self.codes])


def read_acknowledgment(segments: Iterable[Segment]) -> tuple[AckedGroup, ...]:
    """The groups a 997/999 transaction set acknowledges (ST/SE included or not)."""
    groups: list[AckedGroup] = []
    current: dict | None = None
    pending: dict | None = None
    for segment in segments:
        tag = segment.tag
        if tag == "AK1":
            current = {"fid": segment[1], "ctl": segment[2], "sets": []}
        elif tag == "AK2" and current is not None:
            pending = {"id": segment[1], "ctl": segment[2], "errors": []}
        elif tag in _SEGMENT_TAGS and pending is not None:
            text = SEGMENT_CODES.get(segment[4], f"code {segment[4]}")
            pending["errors"].append(f"segment {segment[1]} at position {segment[2]}: {text}")
        elif tag in _ELEMENT_TAGS and pending is not None:
            text = ELEMENT_CODES.get(segment[3], f"code {segment[3]}")
            bad = f" (value '{segment[4]}')" if segment[4] else ""
            pending["errors"].append(f"element {segment[1]} (ref {segment[2]}): {text}{bad}")
        elif tag in _SET_TAGS and pending is not None and current is not None:
            codes = tuple(code for code in segment.elements[1:6] if code)
            current["sets"].append(
                AckedSet(pending["id"], pending["ctl"], segment[1], codes, tuple(pending["errors"]))
            )
            pending = None
        elif tag == "AK9" and current is not None:
            codes = tuple(code for code in segment.elements[4:9] if code)
            sets = tuple(current["sets"])
            groups.append(AckedGroup(current["fid"], current["ctl"], segment[1], codes, sets))
            current = None
    return tuple(groups)
