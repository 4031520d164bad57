"""Validator: walk each transaction set against its schema and produce acknowledgment-ready results.

For every set the result lists, in segment order, the envelope issues of the set (AK5 codes such as
3 or 4), segment issues (AK3 codes 1-8) and, after an AK3 ``8``, the element issues of that segment
(AK4 codes)::

    ST*850*0001~ BEG*00*SA*PO1**20241345~ PO1*1*10*EA~ SE*4*0001~
      -> SEGMENT_HAS_ELEMENT_ERRORS BEG (position 2) + ELEMENT_INVALID_DATE BEG05 "20241345"
      -> verdict R, AK5 codes ("5",)

The structure walk follows the X12 rules: a segment is first looked for at or after the current
position of the innermost open loop, then in the enclosing loops (closing the inner ones); mandatory
nodes skipped on the way are reported missing (AK3 3), a segment that cannot be placed is
unrecognized (1: not in the dictionary) or unexpected (2), and repeats over the maximum give 4
(loop) or 5 (segment).

Entry points: :func:`validate_set` (one set), :func:`validate` (a whole input, streaming; yields
:class:`InterchangeResult`), and ``overlays`` keyed by set ID for partner-specific rules.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping

from dist_core.x12.elements import SegmentCheck, check_segment, segment_check
from dist_core.x12.envelope import (
    GroupEnd,
    GroupHeader,
    InterchangeEnd,
    InterchangeHeader,
    TransactionSet,
)
from dist_core.x12.errors import (
    ELEMENT,
    SEGMENT,
    SET,
    WARNING,
    Code,
    Issue,
    Position,
    X12SchemaError,
    issue,
)
from dist_core.x12.frozen import Frozen
from dist_core.x12.reader import iter_events
from dist_core.x12.schema import (
    Node,
    SetSchema,
    cached_schema,
    load_schema,
    per_schema,
    schema_version,
)
from dist_core.x12.tokenizer import Source


class SetResult(Frozen):
    """The verdict on one set: its identity and every issue found (envelope and syntax)."""

    __slots__ = ("index", "set_id", "control_number", "issues", "convention")

    def __init__(
        self,
        index: int,
        set_id: str,
        control_number: str,
        issues: tuple[Issue, ...],
        convention: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "index", index)
        init(self, "set_id", set_id)
        init(self, "control_number", control_number)
        init(self, "issues", issues)
        init(self, "convention", convention)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Issues that are errors (warnings excluded)."""
        return tuple(found for found in self.issues if found.is_error)

    @property
    def accepted(self) -> bool:
        """True when the set has no error."""
        issues = self.issues  # most sets have none: no tuple of errors to build
        return not issues or not any(found.is_error for found in issues)

    @property
    def ack_codes(self) -> tuple[str, ...]:
        """AK502..AK506: set-level codes, plus 5 when a segment is in error (at most five)."""
        codes = [f.code.ack_code for f in self.errors if f.code.level == SET and f.code.ack_code]
        if any(f.code.level in (SEGMENT, ELEMENT) for f in self.errors) and "5" not in codes:
            codes.append("5")
        return tuple(dict.fromkeys(codes))[:5]

    @property
    def verdict(self) -> str:
        """AK501: ``A`` accepted or ``R`` rejected (errors noted are rejections in this engine)."""
        return "A" if self.accepted else "R"


class GroupResult(Frozen):
    """The verdict on one functional group: its header, set results and group issues."""

    __slots__ = ("header", "sets", "issues", "declared_sets")

    def __init__(
        self,
        header: GroupHeader,
        sets: tuple[SetResult, ...],
        issues: tuple[Issue, ...] = (),
        declared_sets: int | None = None,
    ) -> None:
        init = object.__setattr__
        init(self, "header", header)
        init(self, "sets", sets)
        init(self, "issues", issues)
        init(self, "declared_sets", declared_sets)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Group-level errors (AK9 codes)."""
        return tuple(found for found in self.issues if found.is_error)

    @property
    def accepted_count(self) -> int:
        """AK904: sets accepted."""
        return sum(result.accepted for result in self.sets)

    @property
    def verdict(self) -> str:
        """AK901: A (all accepted), P (some), R (none or a group error)."""
        if self.errors or not self.accepted_count and self.sets:
            return "R"
        return "A" if self.accepted_count == len(self.sets) else "P"

    @property
    def ack_codes(self) -> tuple[str, ...]:
        """AK905..AK909."""
        return tuple(dict.fromkeys(f.code.ack_code for f in self.errors if f.code.ack_code))[:5]


class InterchangeResult(Frozen):
    """The verdict on one interchange: its header, groups, envelope issues and trailer presence
    (``ta1``, not shown in the repr).
    """

    __slots__ = ("header", "groups", "issues", "ta1")
    _not_shown = ("ta1",)

    def __init__(
        self,
        header: InterchangeHeader,
        groups: tuple[GroupResult, ...],
        issues: tuple[Issue, ...] = (),
        ta1: tuple = (),
    ) -> None:
        init = object.__setattr__
        init(self, "header", header)
        init(self, "groups", groups)
        init(self, "issues", issues)
        init(self, "ta1", ta1)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Interchange-level errors (TA1 codes)."""
        return tuple(found for found in self.issues if found.is_error)

    @property
    def accepted(self) -> bool:
        """True when the interchange and every set in it are accepted."""
        return not self.errors and all(g.verdict == "A" for g in self.groups)


class _Level:
    """Lookup tables of one node list (root or loop body), built once per schema level."""

    __slots__ = ("by_tag", "mandatory", "nodes")

    def __init__(self, nodes: tuple[Node, ...]) -> None:
        self.nodes = nodes
        self.by_tag: dict[str, tuple[int, ...]] = {}
        for j, node in enumerate(nodes):
            self.by_tag[node.tag] = (*self.by_tag.get(node.tag, ()), j)
        self.mandatory = tuple(j for j, node in enumerate(nodes) if node.req == "M")


_LEVELS: dict[int, _Level] = {}


def _level(nodes: tuple[Node, ...]) -> _Level:
    level = _LEVELS.get(id(nodes))
    if level is None or level.nodes is not nodes:
        if len(_LEVELS) > 10_000:
            _LEVELS.clear()
        level = _LEVELS[id(nodes)] = _Level(nodes)
    return level


class _Frame:
    """One open level of the structure walk (root or loop body)."""

    __slots__ = ("counts", "index", "level", "loop", "nodes")

    def __init__(self, nodes: tuple[Node, ...], loop: str = "") -> None:
        self.nodes, self.loop = nodes, loop
        self.level = _level(nodes)
        self.index = 0
        self.counts = [0] * len(nodes)


def validate_set(
    transaction: TransactionSet, *, schema: SetSchema | None = None, overlay: dict | None = None
) -> SetResult:
    """Validate one set: envelope issues first, then structure and elements in segment order."""
    found = list(transaction.issues)
    legacy = transaction.group.version[:6] < "004010"
    if schema is None:
        try:
            schema = _schema_for(transaction, overlay)
        except X12SchemaError:
            text = f"no schema for {transaction.set_id!r} version {transaction.group.version!r}"
            found.insert(0, issue(Code.SET_NOT_SUPPORTED, text, transaction.position(1, 1)))
            schema = None
    if schema is not None:
        checks = _checks(schema, transaction.delimiters, legacy)
        segments = transaction.segments
        shape = tuple([segment.tag for segment in segments])
        sequence = checks.shapes.get(shape)
        if sequence is None or not _all_clean(segments, sequence):
            walked = _walk(transaction, schema, legacy, checks)
            if not walked:
                checks.remember(shape)
            found += walked
    return SetResult(
        transaction.index,
        transaction.set_id,
        transaction.control_number,
        tuple(found),
        transaction.convention,
    )


_OVERLAID: dict[tuple[str, str, str], SetSchema] = {}


_VERSIONS: dict[str, str] = {}


def _schema_for(transaction: TransactionSet, overlay: dict | None) -> SetSchema:
    return schema_for(transaction.set_id, transaction.group.version, overlay)


def schema_for(set_id: str, gs08: str, overlay: dict | None) -> SetSchema:
    """The schema of a set ID under a GS08 version, with a partner overlay (cached); raises
    :class:`X12SchemaError` when none is shipped."""
    version = _VERSIONS.get(gs08)
    if version is None:
        if len(_VERSIONS) > 256:
            _VERSIONS.clear()
        version = _VERSIONS[gs08] = schema_version(gs08)
    if not overlay:
        return cached_schema(set_id, version)
    # overlays are plain dicts (unhashable): key them by their canonical JSON text
    key = (set_id, version, json.dumps(overlay, sort_keys=True))
    schema = _OVERLAID.get(key)
    if schema is None:
        if len(_OVERLAID) > 256:
            _OVERLAID.clear()
        schema = _OVERLAID[key] = load_schema(set_id, version, overlay)
    return schema


class _Checks:
    """Per schema, delimiter style and date rule: the compiled segment checks by tag, and the
    shapes (tag sequences) of sets already found entirely clean.

    The structure walk depends on the tag sequence only, and the element checks on each segment
    alone: a set whose shape is known clean and whose segments all pass their checks has no issue,
    so it is accepted without walking the structure again (a PO1 loop repeats the same shape).
    """

    __slots__ = (
        "by_tag",
        "component",
        "legacy",
        "remembered",
        "repetition",
        "schema",
        "shapes",
    )

    def __init__(self, schema: SetSchema, delimiters, legacy: bool) -> None:
        self.schema, self.legacy = schema, legacy
        self.component, self.repetition = delimiters.component, delimiters.repetition
        self.by_tag: dict[str, SegmentCheck | None] = {}
        self.shapes: dict[tuple[str, ...], tuple[SegmentCheck, ...]] = {}
        self.remembered = 0  # segments in the remembered shapes

    def for_tag(self, tag: str, delimiters) -> SegmentCheck | None:
        """The check of ``tag`` (None when the set has no such segment)."""
        definition = self.schema.segments.get(tag)
        found = None if definition is None else segment_check(definition, delimiters, self.legacy)
        self.by_tag[tag] = found
        return found

    def remember(self, shape: tuple[str, ...]) -> None:
        """Remember a shape found clean, with the checks of its segments in order (bounded by
        the number of segments remembered, so a few huge sets cannot hold much memory)."""
        if len(shape) > _SHAPE_SEGMENTS // 8:
            return
        self.remembered += len(shape)
        if self.remembered > _SHAPE_SEGMENTS:
            self.shapes.clear()
            self.remembered = len(shape)
        self.shapes[shape] = tuple(self.by_tag[tag] for tag in shape)


_CHECKS: dict[tuple, _Checks] = {}
#: Segments (tags) remembered in clean shapes, per schema and delimiter style.
_SHAPE_SEGMENTS = 32_768


def _checks(schema: SetSchema, delimiters, legacy: bool) -> _Checks:
    key = (id(schema), delimiters.component, delimiters.repetition, legacy)
    return per_schema(_CHECKS, key, schema, lambda: _Checks(schema, delimiters, legacy))


def _all_clean(segments, sequence: tuple[SegmentCheck, ...]) -> bool:
    """True when every segment passes its element check (``sequence``: the checks in order)."""
    for check, segment in zip(sequence, segments, strict=True):
        elements = segment.elements
        if elements not in check.clean and not check.slow(elements):
            return False
    return True


def _walk(
    transaction: TransactionSet, schema: SetSchema, legacy: bool, checks: _Checks | None = None
) -> list[Issue]:
    stack = [_Frame(schema.structure)]
    found: list[Issue] = []
    delimiters = transaction.delimiters
    if checks is None:
        checks = _checks(schema, delimiters, legacy)
    by_tag = checks.by_tag
    for segment in transaction.segments:
        pos = segment.position
        problem = _place(stack, segment.tag, found, transaction, pos)
        definition = schema.segments.get(segment.tag)
        loop = stack[-1].loop
        if problem is not None:
            found.append(_segment_issue(problem, segment.tag, transaction, pos, loop, schema))
        if definition is None:
            continue
        check = by_tag.get(segment.tag) or checks.for_tag(segment.tag, delimiters)
        if check(segment.elements):
            continue

        def where(element: int, component: int, _pos: int = pos):
            return transaction.position(_pos, element, component)

        element_issues = check_segment(
            segment.elements, definition, delimiters, where, legacy_dates=legacy
        )
        if element_issues:
            text = f"{segment.tag} at position {pos} has data element errors"
            found.append(
                issue(
                    Code.SEGMENT_HAS_ELEMENT_ERRORS,
                    text,
                    transaction.position(pos),
                    tag=segment.tag,
                    loop=loop,
                )
            )
            found += element_issues
    last = transaction.segments[-1].position
    while stack:
        _close(stack.pop(), found, transaction, last)
    return found


class _Unpositioned:
    """Stands for a transaction set where only the presence of issues matters."""

    @staticmethod
    def position(*_where: int) -> Position:
        return Position()


def structure_clean(schema: SetSchema, tags: tuple[str, ...]) -> bool:
    """True when the structure walk finds nothing wrong with a set of these tags (ST first):
    exactly the structure issues ``_walk`` would report, without element checks."""
    stack = [_Frame(schema.structure)]
    found: list[Issue] = []
    nowhere = _Unpositioned()
    for pos, tag in enumerate(tags, start=1):
        if _place(stack, tag, found, nowhere, pos) is not None or found:
            return False
    while stack:
        _close(stack.pop(), found, nowhere, len(tags))
    return not found


def _place(
    stack: list[_Frame], tag: str, found: list[Issue], transaction: TransactionSet, pos: int
) -> Code | None:
    """Advance the walk to ``tag``; return a segment-level code when it cannot be placed cleanly."""
    for depth in range(len(stack) - 1, -1, -1):
        frame = stack[depth]
        j = _find(frame, tag)
        if j < 0:
            continue
        while len(stack) > depth + 1:
            _close(stack.pop(), found, transaction, pos)
        if j > frame.index:
            _missing_between(frame, frame.index, j, found, transaction, pos)
        frame.index = j
        frame.counts[j] += 1
        node = frame.nodes[j]
        if node.is_loop:
            child = _Frame(node.body, node.loop)
            child.counts[0] = 1
            stack.append(child)
        return None
    for depth in range(len(stack) - 1, -1, -1):
        frame = stack[depth]
        node = frame.nodes[frame.index]
        if node.tag == tag and frame.counts[frame.index]:
            if node.is_loop:
                del stack[depth + 1 :]
                child = _Frame(node.body, node.loop)
                child.counts[0] = 1
                stack.append(child)
                return Code.LOOP_OVER_MAX
            return Code.SEGMENT_OVER_MAX
    return Code.SEGMENT_UNEXPECTED


def _find(frame: _Frame, tag: str) -> int:
    """First node at or after the current one that can take ``tag`` (-1 when none)."""
    start = frame.index
    for j in frame.level.by_tag.get(tag, ()):
        if j < start:
            continue
        if j == start and frame.counts[j] >= frame.nodes[j].max:
            continue
        if j == 0 and frame.loop and frame.counts[0]:
            continue  # a loop's trigger starts a new iteration in the parent frame
        return j
    return -1


def _missing_between(
    frame: _Frame, start: int, stop: int, found: list[Issue], transaction: TransactionSet, pos: int
) -> None:
    for k in frame.level.mandatory:
        if k < start or k >= stop or frame.counts[k]:
            continue
        node = frame.nodes[k]
        if node.tag == "SE":
            continue
        text = f"mandatory {'loop ' + node.loop if node.is_loop else 'segment'} {node.tag} missing"
        found.append(
            issue(
                Code.SEGMENT_MISSING,
                text,
                transaction.position(pos),
                tag=node.tag,
                loop=node.loop or frame.loop,
            )
        )


def _close(frame: _Frame, found: list[Issue], transaction: TransactionSet, pos: int) -> None:
    _missing_between(frame, frame.index, len(frame.nodes), found, transaction, pos)


def _segment_issue(
    code: Code, tag: str, transaction: TransactionSet, pos: int, loop: str, schema: SetSchema
) -> Issue:
    if code is Code.SEGMENT_UNEXPECTED and tag not in schema.segments:
        code = Code.SEGMENT_NOT_IN_SET if tag in schema.known_tags else Code.SEGMENT_UNRECOGNIZED
    text = f"{tag} at position {pos}: {code.title}"
    return issue(code, text, transaction.position(pos), tag=tag, loop=loop)


def validate(
    source: Source,
    *,
    overlays: Mapping[str, dict] | None = None,
    fast: bool = True,
    **options: object,
) -> Iterator[InterchangeResult]:
    """Stream :class:`InterchangeResult` objects for every interchange of ``source``.

    Raises :class:`X12NotX12Error` when the input is not X12 and :class:`X12SyntaxError` when it
    becomes unreadable (results of complete interchanges before that point have been yielded).

    ``fast`` (the default) checks clean sets with compiled set patterns
    (:mod:`dist_core.x12.fast_validate`) and gives every other set to the detailed path below;
    ``fast=False`` runs the detailed path on every set. Both give the same results (tested).
    """
    size = _size(source)
    if fast and (size is None or size >= SMALL_INPUT):
        # imported here: fast_validate builds on this module (and small inputs never need it)
        from dist_core.x12.fast_validate import validate_fast

        if size is not None and size >= LARGE_INPUT and "warmup" not in options:
            options["warmup"] = LARGE_INPUT_WARMUP
        return validate_fast(source, overlays=overlays, **options)
    return _validate_detailed(source, overlays=overlays, **options)


#: Inputs shorter than this take the detailed path: fewer sets than the fast path's warm-up
#: (:data:`dist_core.x12.fast_validate.WARMUP_SETS`), so it would only add its import.
SMALL_INPUT = 1 << 16
#: From this size on, a set type compiles its pattern at its first set (after
#: :data:`LARGE_INPUT_WARMUP` sets) instead of after ``WARMUP_SETS``: the compile (about 5 ms) is
#: paid back by the sets that follow, while warm-up sets go through the detailed path, whose first
#: use also sets up its own checks (a 1 MB file of 850s: 8 warm-up sets cost 2 to 3 ms). The
#: first pattern covers the segments buffered after the first set (16 KB).
LARGE_INPUT = 1 << 19
LARGE_INPUT_WARMUP = 0


def _size(source: Source) -> int | None:
    """Length of bytes or text, size of a file path; None when unknown (a stream)."""
    if isinstance(source, (bytes, bytearray, str)):
        return len(source)
    if isinstance(source, os.PathLike):
        try:
            return os.path.getsize(source)
        except OSError:
            return None  # the reader reports it, as before
    return None


def _validate_detailed(
    source: Source, *, overlays: Mapping[str, dict] | None = None, **options: object
) -> Iterator[InterchangeResult]:
    overlays = overlays or {}
    groups: list[GroupResult] = []
    sets: list[SetResult] = []
    for event in iter_events(source, **options):
        if isinstance(event, TransactionSet):
            sets.append(validate_set(event, overlay=overlays.get(event.set_id)))
        elif isinstance(event, GroupEnd):
            declared = event.ge[1] if event.ge is not None else ""
            number = int(declared) if declared.isdigit() else None
            groups.append(GroupResult(event.header, tuple(sets), event.issues, number))
            sets = []
        elif isinstance(event, InterchangeEnd):
            yield InterchangeResult(event.header, tuple(groups), event.issues, event.ta1)
            groups = []


__all__ = [
    "GroupResult",
    "InterchangeResult",
    "SetResult",
    "WARNING",
    "validate",
    "validate_set",
]
