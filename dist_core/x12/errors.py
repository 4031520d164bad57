"""Errors and findings: every problem the engine reports, positioned and classified.

Two shapes, one vocabulary:

* :class:`Issue` is a frozen finding attached to the parsed tree (an interchange, a group, a set) or
  returned by the validator. Bad input never raises: a wrong ``SE01`` in ``SE*5*0001~`` becomes an
  Issue with ``code=Code.SE_COUNT``, the ack code ``4`` for AK5, and its position.
* :class:`X12Error` (and subclasses) is raised only when there is nothing left to parse (not X12 at
  all, an ISA whose delimiters cannot be read) or when a caller asks for something impossible
  (writing a value that contains a delimiter). It wraps an Issue.

``retryable`` tells the Odoo layer what to do without string matching: every parse, envelope and
validation problem is permanent ("a person must look"); only :class:`X12TransientError` (the stream
itself failed) is worth a retry.

Positions are 1-based (interchange in the file, group in the interchange, set in the group, segment
in the set with ST = 1, element in the segment, component in the element); 0 means "not applicable".
``offset`` is the character offset of the segment in the decoded input (equal to the byte offset for
ASCII files) and ``line`` its 1-based line, both ``-1``/``0`` when unknown.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar

from dist_core.x12.frozen import Frozen

INTERCHANGE = "interchange"
GROUP = "group"
SET = "set"
SEGMENT = "segment"
ELEMENT = "element"
ERROR = "error"
WARNING = "warning"
#: Default of ``Issue.position``: a fresh ``Position()`` for every issue built without one.
_NEW = object()


class Code(Enum):
    """Stable issue codes: (level, code in the acknowledgment, title).

    The acknowledgment code goes to TA105 (interchange), AK905 (group), AK502 (set), AK304 (segment)
    or AK403 (element); an empty one means the issue has no X12 counterpart (a warning, a writer
    error).
    """

    NOT_X12 = (INTERCHANGE, "", "input is not X12")
    ISA_INVALID = (INTERCHANGE, "022", "invalid ISA segment")
    ISA_DELIMITERS = (INTERCHANGE, "026", "invalid delimiters in ISA")
    ISA_FIELD = (INTERCHANGE, "", "ISA field out of its fixed width")
    ISA_CONTROL_NUMBER = (INTERCHANGE, "018", "invalid interchange control number")
    ISA_DATE = (INTERCHANGE, "014", "invalid interchange date")
    ISA_TIME = (INTERCHANGE, "015", "invalid interchange time")
    ISA_VERSION = (INTERCHANGE, "017", "invalid interchange version")
    ISA_ACK_REQUESTED = (INTERCHANGE, "019", "invalid acknowledgment requested flag")
    ISA_USAGE = (INTERCHANGE, "020", "invalid test indicator")
    IEA_CONTROL_MISMATCH = (INTERCHANGE, "001", "ISA13 and IEA02 control numbers differ")
    IEA_GROUP_COUNT = (INTERCHANGE, "021", "IEA01 does not match the number of groups")
    IEA_MISSING = (INTERCHANGE, "023", "interchange ends without IEA")
    INTERCHANGE_DUPLICATE = (INTERCHANGE, "025", "duplicate interchange control number")
    STRAY_SEGMENT = (INTERCHANGE, "024", "segment outside any functional group")
    CONTROL_NUMBER_FORMAT = (INTERCHANGE, "", "control number not zero-padded")
    VERSION_MISMATCH = (GROUP, "", "ISA12 and GS08 versions disagree")
    GS_INVALID = (GROUP, "6", "invalid functional group header")
    GE_MISSING = (GROUP, "3", "functional group ends without GE")
    GE_CONTROL_MISMATCH = (GROUP, "4", "GS06 and GE02 control numbers differ")
    GE_SET_COUNT = (GROUP, "5", "GE01 does not match the number of sets")
    GROUP_DUPLICATE = (GROUP, "19", "duplicate group control number in the interchange")
    GROUP_STRAY_SEGMENT = (GROUP, "", "segment outside any transaction set")
    SET_NOT_SUPPORTED = (SET, "1", "transaction set not supported")
    SE_MISSING = (SET, "2", "transaction set ends without SE")
    SE_CONTROL_MISMATCH = (SET, "3", "ST02 and SE02 control numbers differ")
    SE_COUNT = (SET, "4", "SE01 does not match the number of segments")
    SET_SEGMENTS_IN_ERROR = (SET, "5", "one or more segments in error")
    ST_ID_INVALID = (SET, "6", "missing or invalid transaction set identifier")
    ST_CONTROL_INVALID = (SET, "7", "missing or invalid transaction set control number")
    ST_DUPLICATE = (SET, "23", "duplicate ST02 in the functional group")
    SCHEMA_VERSION_FALLBACK = (SET, "", "no schema for this version, a neighbour was used")
    HL_STRUCTURE = (SET, "", "HL hierarchy is broken")
    SEGMENT_UNRECOGNIZED = (SEGMENT, "1", "unrecognized segment ID")
    SEGMENT_UNEXPECTED = (SEGMENT, "2", "unexpected segment")
    SEGMENT_MISSING = (SEGMENT, "3", "mandatory segment missing")
    LOOP_OVER_MAX = (SEGMENT, "4", "loop occurs over maximum times")
    SEGMENT_OVER_MAX = (SEGMENT, "5", "segment exceeds maximum use")
    SEGMENT_NOT_IN_SET = (SEGMENT, "6", "segment not in defined transaction set")
    SEGMENT_OUT_OF_ORDER = (SEGMENT, "7", "segment not in proper sequence")
    SEGMENT_HAS_ELEMENT_ERRORS = (SEGMENT, "8", "segment has data element errors")
    ELEMENT_MISSING = (ELEMENT, "1", "mandatory data element missing")
    ELEMENT_CONDITIONAL_MISSING = (ELEMENT, "2", "conditional required data element missing")
    TOO_MANY_ELEMENTS = (ELEMENT, "3", "too many data elements")
    ELEMENT_TOO_SHORT = (ELEMENT, "4", "data element too short")
    ELEMENT_TOO_LONG = (ELEMENT, "5", "data element too long")
    ELEMENT_INVALID_CHARACTER = (ELEMENT, "6", "invalid character in data element")
    ELEMENT_INVALID_CODE = (ELEMENT, "7", "invalid code value")
    ELEMENT_INVALID_DATE = (ELEMENT, "8", "invalid date")
    ELEMENT_INVALID_TIME = (ELEMENT, "9", "invalid time")
    ELEMENT_EXCLUSION = (ELEMENT, "10", "exclusion condition violated")
    TOO_MANY_REPETITIONS = (ELEMENT, "12", "too many repetitions")
    TOO_MANY_COMPONENTS = (ELEMENT, "13", "too many components")
    WRITE_INVALID_VALUE = (ELEMENT, "", "value cannot be written with these delimiters")
    SCHEMA_INVALID = (SET, "", "schema data is invalid")
    IO_FAILURE = (INTERCHANGE, "", "the input stream failed")

    @property
    def level(self) -> str:
        """Where the issue belongs: interchange, group, set, segment or element."""
        return self.value[0]

    @property
    def ack_code(self) -> str:
        """The code written in TA1/AK9/AK5/AK3/AK4 (empty when the issue has none)."""
        return self.value[1]

    @property
    def title(self) -> str:
        """Short human title of the code."""
        return self.value[2]


class Position(Frozen):
    """Where an issue is: 1-based indexes, 0 when not applicable; offset/line of the segment."""

    __slots__ = (
        "interchange",
        "group",
        "set",
        "segment",
        "element",
        "component",
        "repetition",
        "offset",
        "line",
    )

    def __init__(
        self,
        interchange: int = 0,
        group: int = 0,
        set: int = 0,
        segment: int = 0,
        element: int = 0,
        component: int = 0,
        repetition: int = 0,
        offset: int = -1,
        line: int = 0,
    ) -> None:
        init = object.__setattr__
        init(self, "interchange", interchange)
        init(self, "group", group)
        init(self, "set", set)
        init(self, "segment", segment)
        init(self, "element", element)
        init(self, "component", component)
        init(self, "repetition", repetition)
        init(self, "offset", offset)
        init(self, "line", line)

    def describe(self) -> str:
        """Human form, e.g. ``interchange 1, group 1, set 2, segment 5, element 3 (line 7)``."""
        parts = [
            f"{name} {value}"
            for name, value in (
                ("interchange", self.interchange),
                ("group", self.group),
                ("set", self.set),
                ("segment", self.segment),
                ("element", self.element),
                ("component", self.component),
                ("repetition", self.repetition),
            )
            if value
        ]
        where = ", ".join(parts) or "start of input"
        return f"{where} (line {self.line})" if self.line else where


class Issue(Frozen):
    """One positioned finding: ``SE*5*0001~`` over 4 segments -> ``Issue(Code.SE_COUNT, ...)``.

    ``position`` defaults to a new ``Position()``.
    """

    __slots__ = ("code", "message", "position", "severity", "tag", "element_ref", "value", "loop")

    def __init__(
        self,
        code: Code,
        message: str,
        position: Position = _NEW,  # type: ignore[assignment]
        severity: str = ERROR,
        tag: str = "",
        element_ref: str = "",
        value: str = "",
        loop: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "code", code)
        init(self, "message", message)
        init(self, "position", Position() if position is _NEW else position)
        init(self, "severity", severity)
        init(self, "tag", tag)
        init(self, "element_ref", element_ref)
        init(self, "value", value)
        init(self, "loop", loop)

    @property
    def retryable(self) -> bool:
        """Findings are about the data: never worth a blind retry."""
        return self.code is Code.IO_FAILURE

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings (leniencies the engine accepted)."""
        return self.severity == ERROR

    def __str__(self) -> str:
        label = f"{self.code.name}" + (f" [{self.code.ack_code}]" if self.code.ack_code else "")
        return f"{self.severity} {label}: {self.message} at {self.position.describe()}"

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (used by the CLI and stored by the Odoo layer)."""
        pos = self.position
        return {
            "code": self.code.name,
            "ack_code": self.code.ack_code,
            "level": self.code.level,
            "severity": self.severity,
            "message": self.message,
            "tag": self.tag,
            "element_ref": self.element_ref,
            "value": self.value,
            "loop": self.loop,
            "position": {
                name: getattr(pos, name)
                for name in (
                    "interchange",
                    "group",
                    "set",
                    "segment",
                    "element",
                    "component",
                    "repetition",
                    "offset",
                    "line",
                )
            },
        }


class X12Error(Exception):
    """Base of every exception the engine raises; wraps one :class:`Issue`.

    ``retryable`` is a class attribute: False means "a person must look" (bad data, bad
    configuration).
    """

    retryable: ClassVar[bool] = False

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue

    @property
    def code(self) -> Code:
        """The issue code."""
        return self.issue.code

    @property
    def position(self) -> Position:
        """Where the problem is."""
        return self.issue.position


class X12NotX12Error(X12Error):
    """The input is not X12 at all: empty, binary, or not starting with an ISA segment."""


class X12SyntaxError(X12Error):
    """The input cannot be read further (an ISA whose delimiters are unreadable)."""


class X12WriteError(X12Error):
    """The writer was asked for something X12 cannot express (a value containing a delimiter)."""


class X12SchemaError(X12Error):
    """Schema data is missing or malformed: a configuration problem, not a data problem."""


class X12TransientError(X12Error):
    """Reading the input failed for a reason outside the data (I/O): worth a retry."""

    retryable: ClassVar[bool] = True


def issue(code: Code, message: str = "", position: Position | None = None, **extra: str) -> Issue:
    """Shorthand used across the engine: ``issue(Code.SE_COUNT, "SE01 is 5, counted 4", pos)``."""
    return Issue(code, message or code.title, position or Position(), **extra)
