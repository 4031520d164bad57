"""Reader: the envelope state machine over the tokenizer, streaming events or a whole tree.

Two ways in:

* :func:`iter_events` streams ``InterchangeHeader``, ``GroupHeader``, ``TransactionSet``,
  ``GroupEnd`` and ``InterchangeEnd`` objects; only the set being read is held in memory, so a 100
  MB file costs the size of its largest set. :func:`iter_sets` keeps only the sets.
* :func:`read` assembles the same events into a :class:`Document` of :class:`Interchange` trees
  (fine for the files of a normal EDI mailbox).

Bad input does not raise (except when it is not X12 at all:
:class:`~dist_core.x12.errors.X12NotX12Error`). Envelope problems become positioned issues on the
node they concern: a wrong ``SE01`` on the set, a missing ``GE`` on the group, ``IEA02`` disagreeing
with ``ISA13`` on the interchange. When the input becomes unreadable mid-file (an ISA whose
delimiters cannot be read), :func:`read` keeps what it read and sets ``Document.fatal``.
"""

from __future__ import annotations

from collections.abc import Iterator

from dist_core.x12.envelope import (
    FunctionalGroup,
    GroupEnd,
    GroupHeader,
    Interchange,
    InterchangeEnd,
    InterchangeHeader,
    TransactionSet,
    check_ge,
    check_gs,
    check_iea,
    check_isa,
    check_se,
    se_clean,
)
from dist_core.x12.errors import Code, Issue, Position, X12SyntaxError, issue
from dist_core.x12.frozen import Frozen
from dist_core.x12.segment import Segment
from dist_core.x12.tokenizer import CHUNK_SIZE, Source, Tokenizer

Event = InterchangeHeader | GroupHeader | TransactionSet | GroupEnd | InterchangeEnd
_ENVELOPE = frozenset(("ISA", "IEA", "GS", "GE", "ST", "SE"))
#: Building blocks of ``Segment(tag, elements, position)`` for the hot loop: the slot setters.
_SEGMENT_PARTS = (
    Segment.__new__,
    Segment.tag.__set__,
    Segment.elements.__set__,
    Segment.position.__set__,
)


class Document(Frozen):
    """Everything read from one input: its interchanges, and the fatal issue that stopped reading,
    if any.
    """

    __slots__ = ("interchanges", "fatal")

    def __init__(self, interchanges: tuple[Interchange, ...], fatal: Issue | None = None) -> None:
        init = object.__setattr__
        init(self, "interchanges", interchanges)
        init(self, "fatal", fatal)

    @property
    def sets(self) -> tuple[TransactionSet, ...]:
        """Every transaction set of every group of every interchange, in file order."""
        return tuple(s for i in self.interchanges for g in i.groups for s in g.sets)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every envelope issue of the document (interchange, group and set levels, then fatal)."""
        found = [f for i in self.interchanges for f in i.issues]
        for group in (g for i in self.interchanges for g in i.groups):
            found += group.issues
            found += [f for s in group.sets for f in s.issues]
        return tuple(found + ([self.fatal] if self.fatal else []))


class _Machine:
    """Mutable builder behind :func:`iter_events`; one instance per input."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.inter: InterchangeHeader | None = None
        self.group: GroupHeader | None = None
        self.segs: list[Segment] | None = None
        self.offsets: list[int] = []
        self.lines: list[int] = []
        self.seen_interchanges: set[tuple[str, str, int | str]] = set()

    # -- interchange -------------------------------------------------------------------------------
    def open_interchange(
        self, elements: tuple[str, ...], offset: int, line: int
    ) -> Iterator[Event]:
        yield from self.close_interchange(None, offset, line)
        index = self.tokenizer.interchanges
        header = InterchangeHeader(
            index, Segment("ISA", elements), self.tokenizer.delimiters, offset, line
        )
        self.inter, self.groups, self.ta1 = header, 0, []
        self.inter_issues = check_isa(header, self.tokenizer.isa_warnings)
        self.group_controls: set[str] = set()
        key = (header.sender_qualifier, header.sender_id, _number(header.control_number))
        if key in self.seen_interchanges:
            text = f"ISA13 {header.control_number!r} from {header.sender_id!r} already seen"
            self.inter_issues.append(
                issue(Code.INTERCHANGE_DUPLICATE, text, Position(index, offset=offset, line=line))
            )
        self.seen_interchanges.add(key)
        yield header

    def close_interchange(self, iea: Segment | None, offset: int, line: int) -> Iterator[Event]:
        if self.inter is None:
            return
        yield from self.close_group(None, offset, line)
        pos = Position(self.inter.index, offset=offset, line=line)
        if iea is None:
            self.inter_issues.append(issue(Code.IEA_MISSING, "interchange has no IEA", pos))
        else:
            self.inter_issues += check_iea(self.inter, iea, self.groups, pos)
        yield InterchangeEnd(
            self.inter, iea, self.groups, tuple(self.ta1), tuple(self.inter_issues)
        )
        self.inter = None

    # -- group -------------------------------------------------------------------------------------
    def open_group(self, gs: Segment, offset: int, line: int) -> Iterator[Event]:
        yield from self.close_group(None, offset, line)
        self.groups += 1
        header = GroupHeader(self.inter.index, self.groups, gs, offset, line)
        pos = Position(header.interchange, header.index, offset=offset, line=line)
        self.group, self.sets, self.st_seen = header, 0, set()
        self.group_issues = check_gs(header, self.inter.version, pos)
        if gs[6] in self.group_controls:
            text = f"GS06 {gs[6]!r} already used in this interchange"
            self.group_issues.append(issue(Code.GROUP_DUPLICATE, text, pos, tag="GS", value=gs[6]))
        self.group_controls.add(gs[6])
        yield header

    def close_group(self, ge: Segment | None, offset: int, line: int) -> Iterator[Event]:
        if self.group is None:
            return
        yield from self.close_set(None)
        pos = Position(self.inter.index, self.group.index, offset=offset, line=line)
        if ge is None:
            self.group_issues.append(issue(Code.GE_MISSING, "functional group has no GE", pos))
        else:
            self.group_issues += check_ge(self.group, ge, self.sets, pos)
        yield GroupEnd(self.group, ge, self.sets, tuple(self.group_issues))
        self.group = None

    # -- set ---------------------------------------------------------------------------------------
    def open_set(self, st: Segment, offset: int, line: int) -> Iterator[Event]:
        yield from self.close_set(None)
        self.sets += 1
        self.segs, self.offsets, self.lines = [st], [offset], [line]

    def close_set(self, se: Segment | None) -> Iterator[Event]:
        if self.segs is not None:
            yield self.finish_set(se)

    def finish_set(self, se: Segment | None) -> TransactionSet:
        """Close the open set (``se`` is its last segment, or None when SE is missing)."""
        segs, self.segs = self.segs, None
        st = segs[0]
        if se_clean(st, se, len(segs), self.st_seen):
            found: list[Issue] = []
        else:
            found = self._set_issues(segs, se)
        self.st_seen.add(st[2])
        return TransactionSet(
            self.inter,
            self.group,
            self.sets,
            tuple(segs),
            tuple(found),
            tuple(self.offsets),
            tuple(self.lines),
        )

    def _set_issues(self, segs: list[Segment], se: Segment | None) -> list[Issue]:
        pos = Position(
            self.inter.index,
            self.group.index,
            self.sets,
            1,
            offset=self.offsets[0],
            line=self.lines[0],
        )
        se_pos = Position(
            pos.interchange,
            pos.group,
            pos.set,
            len(segs),
            offset=self.offsets[-1],
            line=self.lines[-1],
        )
        return check_se(segs[0], se, len(segs), self.st_seen, pos, se_pos)

    # -- dispatch ----------------------------------------------------------------------------------
    def feed(self, tag: str, elements: tuple[str, ...], offset: int, line: int) -> Iterator[Event]:
        if tag == "ISA":
            yield from self.open_interchange(elements, offset, line)
            return
        segment = Segment(tag, elements)
        if self.inter is None:  # only possible after a clean IEA: the tokenizer seeks ISA first
            return
        if tag == "IEA":
            yield from self.close_interchange(segment, offset, line)
        elif tag == "GS":
            yield from self.open_group(segment, offset, line)
        elif tag == "GE" and self.group is not None:
            yield from self.close_group(segment, offset, line)
        elif tag == "ST" and self.group is not None:
            yield from self.open_set(segment.at(1), offset, line)
        elif tag == "SE" and self.segs is not None:
            self.append(segment, offset, line)
            yield from self.close_set(self.segs[-1])
        elif self.segs is not None:
            self.append(segment, offset, line)
        else:
            self.stray(segment, offset, line)

    def append(self, segment: Segment, offset: int, line: int) -> None:
        self.segs.append(segment.at(len(self.segs) + 1))
        self.offsets.append(offset)
        self.lines.append(line)

    def stray(self, segment: Segment, offset: int, line: int) -> None:
        """A segment outside any set: a TA1 before the groups is fine, anything else is an issue."""
        if segment.tag == "TA1" and self.group is None:
            self.ta1.append(segment)
            return
        if self.group is not None:
            pos = Position(self.inter.index, self.group.index, offset=offset, line=line)
            text = f"{segment.tag} between transaction sets"
            self.group_issues.append(issue(Code.GROUP_STRAY_SEGMENT, text, pos, tag=segment.tag))
            return
        pos = Position(self.inter.index, offset=offset, line=line)
        text = f"{segment.tag} outside any functional group"
        self.inter_issues.append(issue(Code.STRAY_SEGMENT, text, pos, tag=segment.tag))


def iter_events(
    source: Source, *, encoding: str = "utf-8", chunk_size: int = CHUNK_SIZE
) -> Iterator[Event]:
    """Stream envelope events from ``source`` (bytes, str, path, stream): see the module docstring.

    Raises :class:`X12NotX12Error` when the input is not X12 and :class:`X12SyntaxError` (after
    closing whatever was open) when it becomes unreadable.
    """
    tokenizer = Tokenizer(source, encoding, chunk_size)
    machine = _Machine(tokenizer)
    feed, envelope = machine.feed, _ENVELOPE
    new, set_tag, set_elements, set_position = _SEGMENT_PARTS
    try:
        for batch in tokenizer.batches():
            segs, offsets, lines = machine.segs, machine.offsets, machine.lines
            for tag, elements, offset, line in batch:
                if segs is not None and (tag not in envelope or tag == "SE"):
                    # hot path: a segment inside a set (Segment(tag, elements, n) without the
                    # __init__ call, which costs more than the rest of this loop)
                    segment = new(Segment)
                    set_tag(segment, tag)
                    set_elements(segment, elements)
                    set_position(segment, len(segs) + 1)
                    segs.append(segment)
                    offsets.append(offset)
                    lines.append(line)
                    if tag == "SE":
                        yield machine.finish_set(segment)
                        segs = None
                    continue
                if tag == "ST" and segs is None and machine.group is not None:
                    segment = new(Segment)  # what open_set does when no set is open
                    set_tag(segment, tag)
                    set_elements(segment, elements)
                    set_position(segment, 1)
                    machine.sets += 1
                    segs, offsets, lines = [segment], [offset], [line]
                    machine.segs, machine.offsets, machine.lines = segs, offsets, lines
                    continue
                yield from feed(tag, elements, offset, line)
                segs, offsets, lines = machine.segs, machine.offsets, machine.lines
    except X12SyntaxError:
        yield from machine.close_interchange(None, tokenizer._offset, tokenizer._line)
        raise
    yield from machine.close_interchange(None, tokenizer._offset, tokenizer._line)


def iter_sets(source: Source, **options: object) -> Iterator[TransactionSet]:
    """Stream only the transaction sets (each knows its interchange and group headers)."""
    for event in iter_events(source, **options):
        if isinstance(event, TransactionSet):
            yield event


def read(source: Source, *, encoding: str = "utf-8", chunk_size: int = CHUNK_SIZE) -> Document:
    """Read a whole input into a :class:`Document` of interchange trees.

    >>> doc = read("ISA*00*          *00*          *ZZ*A              *ZZ*B              "
    ...            "*240102*1230*^*00501*000000001*0*P*>~GS*FA*A*B*20240102*1230*1*X*005010~"
    ...            "ST*997*0001~AK1*PO*1~AK9*A*1*1*1~SE*4*0001~GE*1*1~IEA*1*000000001~")
    >>> [s.set_id for s in doc.sets], doc.issues
    (['997'], ())
    """
    interchanges: list[Interchange] = []
    groups: list[FunctionalGroup] = []
    sets: list[TransactionSet] = []
    fatal = None
    try:
        for event in iter_events(source, encoding=encoding, chunk_size=chunk_size):
            if isinstance(event, TransactionSet):
                sets.append(event)
            elif isinstance(event, GroupEnd):
                groups.append(FunctionalGroup(event.header, tuple(sets), event.ge, event.issues))
                sets = []
            elif isinstance(event, InterchangeEnd):
                interchanges.append(
                    Interchange(event.header, tuple(groups), event.iea, event.ta1, event.issues)
                )
                groups = []
    except X12SyntaxError as exc:
        fatal = exc.issue
    return Document(tuple(interchanges), fatal)


def _number(value: str) -> int | str:
    value = value.strip()
    return int(value) if value.isdigit() else value
