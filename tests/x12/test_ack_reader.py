from dist_core.x12.ack_reader import read_acknowledgment
from dist_core.x12.segment import Segment


def _segments(text):
    return [Segment.of(*part.split("*")) for part in text.strip("~").split("~")]


def test_accepted_group_and_set():
    groups = read_acknowledgment(_segments("AK1*SH*1001~AK2*856*0001~AK5*A~AK9*A*1*1*1~"))
    assert len(groups) == 1
    group = groups[0]
    assert (group.functional_id, group.control_number, group.verdict) == ("SH", "1001", "A")
    assert group.sets[0].accepted
    assert (group.sets[0].set_id, group.sets[0].control_number) == ("856", "0001")


def test_rejected_set_is_explained_in_words():
    text = (
        "ST*997*0001~AK1*PR*55~AK2*855*0002~AK3*BAK*2**8~AK4*4*373*8*20241345~"
        "AK5*R*5~AK9*R*1*1*0~SE*8*0001~"
    )
    acked = read_acknowledgment(_segments(text))[0].sets[0]
    assert not acked.accepted
    assert acked.codes == ("5",)
    explanation = acked.explanation()
    assert "rejected" in explanation
    assert "one or more segments in error" in explanation
    assert "segment BAK at position 2: segment has data element errors" in explanation
    assert "element 4 (ref 373): invalid date (value '20241345')" in explanation


def test_group_level_codes_without_sets():
    group = read_acknowledgment(_segments("AK1*IN*9~AK9*R*2*2*0*5~"))[0]
    assert group.sets == ()
    assert group.verdict == "R"
    assert "number of included transaction sets" in group.explanation()


def test_several_groups_and_999_tags():
    text = "AK1*SH*1~AK2*856*0001~IK5*A~AK9*A*1*1*1~AK1*IN*2~AK2*810*0001~IK5*R*5~AK9*R*1*1*0~"
    first, second = read_acknowledgment(_segments(text))
    assert first.sets[0].accepted
    assert not second.sets[0].accepted
