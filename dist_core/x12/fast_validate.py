"""Fast validation: clean transaction sets checked as text, everything else by the detailed path.

The detailed path (:func:`dist_core.x12.validator._validate_detailed`) splits every segment into a
tuple, builds a :class:`~dist_core.x12.segment.Segment` with its offset and line, then checks each
element: about 5 microseconds a segment, nine times a naive ``str.split``. Most sets of a large
file have no issue at all, and for those the result is only ``SetResult(index, ST01, ST02, (),
ST03)``. So this driver reads the same chunks as the tokenizer and, at each ``ST`` of an open
group, tries the whole set at once::

    ST*850*0001~BEG*00*SA*PO1**20240102~...~SE*19*0001~
    |-- one SetMatcher.match() call: every element of every segment (set_patterns) ----------|
    shape: one fullmatch of the clean shapes that recur (shape_patterns), else one findall of
           the tags and the structure walk, memoized per shape
    SE01 == 19, SE02 == ST02, ST02 new  se_values_clean, as for the detailed path

Only when all of it holds is the set accepted here, with no object per segment, no offsets or
lines (they are counted per set with ``str.count`` only to keep the position of later segments).
Consecutive sets of one type are taken in one loop. Anything else (a set that fails, an unusual
layout, a set type without a schema, undecodable bytes) goes segment by segment through the same
reader state machine the detailed path uses, so its issues, codes and positions are the detailed
path's own. The envelope segments (ISA, GS, GE, IEA, stray segments) always take that way.

Compiling a set pattern costs a few milliseconds, so the first :data:`WARMUP_SETS` sets of each
set type use the detailed path (small files never pay for a compile; ``validate()`` compiles at
the first set on inputs known to be large, see :data:`~dist_core.x12.validator.LARGE_INPUT`).
A pattern covers the segment types of the buffered sets, and only the elements they use
(:mod:`dist_core.x12.set_matcher` grows it a few times before covering the whole schema).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

from dist_core.x12.delimiters import DECORATION, Delimiters
from dist_core.x12.envelope import GroupEnd, InterchangeEnd, TransactionSet, se_values_clean
from dist_core.x12.errors import X12SchemaError, X12SyntaxError
from dist_core.x12.reader import Event, _Machine
from dist_core.x12.set_matcher import SetMatcher, set_matcher
from dist_core.x12.tokenizer import CHUNK_SIZE, MAX_SEGMENT, Source, Tokenizer
from dist_core.x12.validator import (
    GroupResult,
    InterchangeResult,
    SetResult,
    schema_for,
    validate_set,
)
from dist_core.x12.value_patterns import REPLACEMENT, class_items, usable

#: Sets of one type read by the detailed path before its pattern is compiled (per process: once
#: compiled, a pattern serves every later input at once).
WARMUP_SETS = 64

#: A set still open after this many buffered characters is read by the detailed path.
PENDING_LIMIT = 1 << 22
#: Buffered characters after the first set of a type whose segment types (and the elements they
#: use) its first pattern covers too: a dozen sets of 1 KB, listed in about half a millisecond,
#: far cheaper than a recompile when a later set brings a new tag (64 KB took 2 ms).
_FIRST_LOOK = 1 << 14


class _Results:
    """Reader events turned into results exactly as the detailed ``validate`` does; fast set
    results are appended to :attr:`sets` directly."""

    def __init__(self, overlays: Mapping[str, dict]) -> None:
        self.overlays = overlays
        self.sets: list[SetResult] = []
        self.groups: list[GroupResult] = []

    def take(self, events: Iterable[Event]) -> Iterator[InterchangeResult]:
        for event in events:
            if isinstance(event, TransactionSet):
                overlay = self.overlays.get(event.set_id)
                self.sets.append(validate_set(event, overlay=overlay))
            elif isinstance(event, GroupEnd):
                declared = event.ge[1] if event.ge is not None else ""
                number = int(declared) if declared.isdigit() else None
                sets, self.sets = tuple(self.sets), []
                self.groups.append(GroupResult(event.header, sets, event.issues, number))
            elif isinstance(event, InterchangeEnd):
                groups, self.groups = tuple(self.groups), []
                yield InterchangeResult(event.header, groups, event.issues, event.ta1)


def validate_fast(
    source: Source,
    *,
    overlays: Mapping[str, dict] | None = None,
    encoding: str = "utf-8",
    chunk_size: int = CHUNK_SIZE,
    warmup: int = WARMUP_SETS,
) -> Iterator[InterchangeResult]:
    """:func:`dist_core.x12.validator.validate` with the fast path (same results, same errors)."""
    tokenizer = Tokenizer(source, encoding, chunk_size)
    machine = _Machine(tokenizer)
    results = _Results(overlays or {})
    scanner = _Scanner(tokenizer, machine, results, results.overlays, warmup)
    try:
        while tokenizer._seek_isa():
            tag, elements, offset, line = tokenizer._read_isa()
            yield from results.take(machine.feed(tag, elements, offset, line))
            yield from scanner.interchange()
    except X12SyntaxError:
        end = machine.close_interchange(None, tokenizer._offset, tokenizer._line)
        yield from results.take(end)
        raise
    yield from results.take(machine.close_interchange(None, tokenizer._offset, tokenizer._line))


_NEW_RESULT = SetResult.__new__
_RESULT_FIELDS = tuple(
    getattr(SetResult, name).__set__
    for name in ("index", "set_id", "control_number", "issues", "convention")
)


class _Scanner:
    """``Tokenizer._segments`` for one interchange, with whole clean sets taken in one step.

    Offsets are the buffer's offset plus the position in it; lines are counted with ``str.count``
    only when a segment goes to the reader (``mark`` is where ``line`` was last true).
    """

    def __init__(
        self,
        tokenizer: Tokenizer,
        machine: _Machine,
        results: _Results,
        overlays: Mapping[str, dict],
        warmup: int,
    ) -> None:
        self.tokenizer, self.machine, self.results = tokenizer, machine, results
        self.overlays, self.warmup = overlays, warmup
        self.plans: dict[tuple[str, str], SetMatcher | None] = {}
        self.current: tuple | None = None  # (matcher, ST01, group) of the last set taken
        self.head = self.envelope = None

    def interchange(self) -> Iterator[InterchangeResult]:
        """Read up to and including the IEA (or the end of the input), feeding the reader."""
        tokenizer, machine, results = self.tokenizer, self.machine, self.results
        delimiters = tokenizer.delimiters
        element, term = delimiters.element, delimiters.segment
        strip_cr = term == "\n"
        step = len(term)
        self.plans.clear()  # matchers depend on the delimiters of the interchange
        self.current = None
        fast = usable(delimiters)
        if fast:
            self.head, self.envelope = _head_patterns(delimiters)
        retry = 0  # while a set is pending: the buffered size worth trying it again
        while True:
            buf, base, line = tokenizer._buf, tokenizer._offset, tokenizer._line
            cut = buf.rfind(term) + 1  # buf[:cut] holds complete segments only
            pos = mark = 0
            patient = not tokenizer._eof and len(buf) - cut <= MAX_SEGMENT
            while pos < cut:
                if fast and machine.segs is None and machine.group is not None:
                    if patient and cut - pos < retry:
                        break  # trying again at every chunk would be quadratic in the set size
                    end = self._take_set(buf, pos, cut)
                    if end > 0:
                        pos = end
                        continue
                    if end < 0 and patient and cut - pos <= PENDING_LIMIT:
                        retry = 2 * (cut - pos)
                        break  # the set goes on in the next chunks: read them first
                    retry = 0
                line += buf.count("\n", mark, pos)
                mark = pos
                at = buf.find(term, pos, cut)
                piece = buf[pos:at]
                seg = piece.lstrip(DECORATION)
                if seg:  # the tokenizer's own steps, for one segment
                    lead = len(piece) - len(seg)
                    if strip_cr:
                        seg = seg.rstrip("\r")
                    parts = seg.split(element)
                    tag = parts[0]
                    where = line + piece.count("\n", 0, lead)
                    events = machine.feed(tag, tuple(parts[1:]), base + pos + lead, where)
                    yield from results.take(events)
                    if tag == "IEA":
                        tokenizer._buf = buf[at + step :]
                        tokenizer._offset = base + at + step
                        tokenizer._line = line + piece.count("\n") + strip_cr
                        return
                pos = at + step
            line += buf.count("\n", mark, pos)
            tokenizer._buf, tokenizer._offset, tokenizer._line = buf[pos:], base + pos, line
            if tokenizer._eof:
                for tag, elements, at_offset, at_line in tokenizer._last_piece():
                    yield from results.take(machine.feed(tag, elements, at_offset, at_line))
                return
            if len(buf) - cut > MAX_SEGMENT:
                raise tokenizer.unterminated()
            tokenizer._fill(len(tokenizer._buf) + 1)

    def _take_set(self, buf: str, pos: int, cut: int) -> int:
        """Take the clean sets starting at ``pos``: return where the last one taken ends; 0 when
        the detailed path must read the first, -1 when it may go on beyond ``cut``.

        The common case first: sets of the same type as the last set taken, in the same group.
        """
        current = self.current
        if current is not None and current[2] is self.machine.group:
            end = self._take_run(buf, pos, cut, current[0], current[1], None)
            if end > pos:
                return end
        return self._first_of_kind(buf, pos, cut)

    def _first_of_kind(self, buf: str, pos: int, cut: int) -> int:
        """:meth:`_take_set` for another set type or group: find its matcher, warm up, grow."""
        st = self.head(buf, pos, cut)
        if st is None:
            return 0
        group = self.machine.group
        matcher = self._matcher(st.group(2), group.version)
        if matcher is None:
            return 0
        if matcher.match is None:
            if matcher.seen < self.warmup:
                matcher.seen += 1
                return 0
            found = None
        else:
            found = matcher.match(buf, pos, cut)
        if found is None:
            close = self.envelope(buf, st.end(), cut)
            if close is None:
                return -1
            pieces = matcher.pieces(buf, st.start(1), close.end())
            if matcher.match is None:  # the first pattern: the segments of what is buffered
                pieces += matcher.pieces(buf, close.end(), min(cut, close.end() + _FIRST_LOOK))
            if not matcher.grow(pieces):
                return 0
            found = matcher.match(buf, pos, cut)
            if found is None:
                return 0
        end = self._take_run(buf, pos, cut, matcher, st.group(2), found)
        if end == pos:
            return 0
        self.current = (matcher, st.group(2), group)
        return end

    def _take_run(
        self, buf: str, pos: int, cut: int, matcher: SetMatcher, set_id: str, found: re.Match | None
    ) -> int:
        """Take consecutive clean sets of type ``set_id`` from ``pos`` (``found``: the first one's
        match, when known); return where the last one taken ends (``pos`` when none).

        Once the pattern matched a set, what is left to check: no undecodable byte, a clean shape,
        ST/SE agreement; then the set's result is built directly.
        """
        match, known, machine = matcher.match, matcher.known, self.machine
        st1, st2, st3, se1, se2 = matcher.groups
        seen, append = machine.st_seen, self.results.sets.append
        index, kind, number, issues, convention_of = _RESULT_FIELDS
        plain = buf.find(REPLACEMENT, pos, cut) < 0
        while pos < cut:
            if found is None:
                found = match(buf, pos, cut)
                if found is None:
                    break
            set_kind, control, convention, se01, se02 = found.group(st1, st2, st3, se1, se2)
            end = found.end()
            if set_kind != set_id or not plain and buf.find(REPLACEMENT, pos, end) >= 0:
                break
            start = found.start(st1)
            found = None
            shape = known.match(buf, start, end)  # one of the clean shapes that recur
            if shape is not None:
                count = known.counts[shape.lastindex]
            else:
                tags = tuple(matcher.findall(buf, start, end))  # after ST, SE included
                clean = matcher.shapes.get(tags)
                if clean is None:
                    clean = matcher.clean_shape(tags)
                if not clean:
                    break
                known.note(tags)
                count = len(tags) + 1
            if not se_values_clean(set_id, control, se01, se02, count, seen):
                break
            sets = machine.sets = machine.sets + 1
            seen.add(control)
            result = _NEW_RESULT(SetResult)  # SetResult(index, ST01, ST02, (), ST03), unchecked
            index(result, sets)
            kind(result, set_id)
            number(result, control)
            issues(result, ())
            convention_of(result, convention or "")
            append(result)
            pos = end
        return pos

    def _matcher(self, set_id: str, gs08: str) -> SetMatcher | None:
        key = (set_id, gs08)
        if key in self.plans:
            return self.plans[key]
        if len(self.plans) >= 256:
            self.plans.clear()
        try:
            schema = schema_for(set_id, gs08, self.overlays.get(set_id))
        except X12SchemaError:
            matcher = None
        else:
            matcher = set_matcher(schema, self.tokenizer.delimiters, gs08[:6] < "004010")
        self.plans[key] = matcher
        return matcher


@lru_cache(maxsize=64)
def _head_patterns(delimiters: Delimiters) -> tuple:
    """``match`` of an ST segment at a segment boundary (group 1: the tag, 2: ST01), and
    ``search`` of the next envelope segment (where a set that does not match ends)."""
    element, term = delimiters.element, delimiters.segment
    skip = f"[{class_items(DECORATION + term)}]*"
    stop = class_items(element + term)
    head = re.compile(f"{skip}(ST){re.escape(element)}([^{stop}]*)")
    after = class_items(element + term + "\r")
    envelope = re.compile(f"{re.escape(term)}{skip}(?:S[ET]|G[SE]|I(?:SA|EA))(?=[{after}])")
    return head.match, envelope.search
