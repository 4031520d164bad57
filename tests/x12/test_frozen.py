"""The engine's records behave like the frozen slotted dataclasses they replace."""

import copy
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.envelope import GroupHeader, InterchangeHeader, TransactionSet
from dist_core.x12.errors import Code, Issue, Position
from dist_core.x12.segment import Segment
from dist_core.x12.validator import InterchangeResult


@dataclass(frozen=True, slots=True)
class _SegmentDataclass:  # what Segment was
    tag: str
    elements: tuple[str, ...] = ()
    position: int = field(default=0, compare=False)


def test_equality_hash_and_repr_follow_the_dataclass_rules():
    pairs = [
        (Segment("N1", ("ST", "ACME"), 3), _SegmentDataclass("N1", ("ST", "ACME"), 3)),
        (Segment("N1", ("ST", "ACME"), 9), _SegmentDataclass("N1", ("ST", "ACME"), 9)),
        (Segment("N1"), _SegmentDataclass("N1")),
    ]
    for ours, theirs in pairs:
        assert repr(ours) == repr(theirs).replace("_SegmentDataclass", "Segment")
        for other, other_theirs in pairs:
            assert (ours == other) is (theirs == other_theirs)
            assert (ours != other) is (theirs != other_theirs)
    assert hash(pairs[0][0]) == hash(pairs[1][0])  # position is not compared
    assert Segment("N1") != ("N1", ()) and Segment("N1") != _SegmentDataclass("N1")
    assert Segment.__match_args__ == ("tag", "elements", "position")


def test_defaults_keywords_and_fresh_default_position():
    first, second = Issue(Code.SE_COUNT, "x"), Issue(Code.SE_COUNT, "x")
    assert first.position == Position() and first.position is not second.position
    assert Issue(Code.SE_COUNT, "x", position=None).position is None  # as given, like a dataclass
    pos = Position(1, 2, set=3, line=7)
    assert (pos.interchange, pos.group, pos.set, pos.offset, pos.line) == (1, 2, 3, -1, 7)
    assert Delimiters(segment="\n").segment == "\n" and Delimiters().element == "*"
    with pytest.raises(TypeError):
        Segment()
    with pytest.raises(TypeError):
        Position(nowhere=1)


def test_fields_left_out_of_comparison_and_repr():
    header = InterchangeHeader(1, Segment("ISA", ("00",) * 16), Delimiters())
    group = GroupHeader(1, 1, Segment("GS", ("PO",)))
    one = TransactionSet(header, group, 1, (Segment("ST"),), offsets=(0,), lines=(1,))
    two = TransactionSet(header, group, 1, (Segment("ST"),), offsets=(5,), lines=(2,))
    assert one == two and hash(one) == hash(two)
    assert "offsets" not in repr(one) and "segments=(Segment(tag='ST'" in repr(one)
    result = InterchangeResult(header, (), (), ta1=("x",))
    assert "ta1" not in repr(result) and result != InterchangeResult(header, (), (), ta1=())


def test_frozen_picklable_and_copyable():
    found = Issue(Code.ELEMENT_TOO_LONG, "BEG03", Position(1, 1, 1, 2, 3), tag="BEG", value="X")
    with pytest.raises(FrozenInstanceError):
        found.tag = "N1"
    with pytest.raises(FrozenInstanceError):
        del found.value
    with pytest.raises(AttributeError):
        found.extra = 1
    for again in (pickle.loads(pickle.dumps(found)), copy.copy(found), copy.deepcopy(found)):
        assert again == found and again.position.segment == 2 and again is not found
    assert {found, copy.deepcopy(found)} == {found}
