"""Mapping errors: bad or missing business data, positioned, and always "a person must look".

They extend the engine's :class:`~dist_core.x12.errors.X12Error`, so the Odoo layer catches one
base class, reads ``retryable`` (always False here) and stores ``issue.as_dict()`` as it is.
Inbound errors point at the segment (``tag``, position in the set with ST = 1) and element; outbound
errors name the segment being built and the canonical field that was missing.
"""

from __future__ import annotations

from typing import ClassVar

from dist_core.x12.errors import Code, Position, X12Error, issue
from dist_core.x12.segment import Segment


class MappingError(X12Error):
    """A transaction set or canonical document that cannot be mapped as it is."""

    retryable: ClassVar[bool] = False
    permanent: ClassVar[bool] = True

    @property
    def tag(self) -> str:
        return self.issue.tag

    @classmethod
    def missing_element(cls, seg: Segment, element: int, what: str) -> MappingError:
        """``BEG*00*SA**...`` without BEG03: the PO number is missing."""
        return cls._at(
            Code.ELEMENT_MISSING, seg, element, f"{seg.tag}{element:02d} ({what}) is empty"
        )

    @classmethod
    def bad_number(cls, seg: Segment, element: int) -> MappingError:
        return cls._at(
            Code.ELEMENT_INVALID_CHARACTER,
            seg,
            element,
            f"{seg.tag}{element:02d} is not a number: {seg[element]!r}",
        )

    @classmethod
    def bad_date(cls, seg: Segment, element: int) -> MappingError:
        return cls._at(
            Code.ELEMENT_INVALID_DATE,
            seg,
            element,
            f"{seg.tag}{element:02d} is not a date: {seg[element]!r}",
        )

    @classmethod
    def missing_segment(cls, tag: str, what: str) -> MappingError:
        """A segment the mapper needs (``BEG`` of an 850) is absent."""
        return cls(issue(Code.SEGMENT_MISSING, f"{tag} segment ({what}) is missing", tag=tag))

    @classmethod
    def unsupported_set(cls, set_id: str, direction: str) -> MappingError:
        """No mapper for this ST01 in this direction (AK5 code 1 territory)."""
        message = f"no {direction} mapper for transaction set {set_id}"
        return cls(issue(Code.SET_NOT_SUPPORTED, message, tag="ST", value=set_id))

    @classmethod
    def missing_data(cls, tag: str, field: str) -> MappingError:
        """Outbound: the canonical document lacks ``field``, needed to write ``tag``."""
        message = f"cannot write {tag}: {field} is missing"
        return cls(issue(Code.WRITE_INVALID_VALUE, message, tag=tag, element_ref=field))

    @classmethod
    def _at(cls, code: Code, seg: Segment, element: int, message: str) -> MappingError:
        position = Position(segment=seg.position, element=element)
        ref = f"{seg.tag}{element:02d}"
        return cls(issue(code, message, position, tag=seg.tag, element_ref=ref, value=seg[element]))
