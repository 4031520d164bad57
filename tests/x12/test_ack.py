"""997/999/TA1 generation: each acceptance case of issue 5, on tiny literal messages."""

from __future__ import annotations

import datetime as dt

import pytest

from dist_core.x12.ack import ack_interchange
from dist_core.x12.reader import read
from dist_core.x12.validator import validate

from .samples import PO_BODY, interchange

WHEN = dt.datetime(2024, 1, 2, 12, 30)


def reply(text: str, kind: str = "997"):
    """Validate ``text`` and read back the acknowledgment interchange it produces."""
    (result,) = list(validate(text))
    return read(ack_interchange(result, control_number=77, kind=kind, when=WHEN))


def body_text(text: str, kind: str = "997") -> list[str]:
    """The acknowledgment's segments as ``TAG*E1*E2`` strings (ST/SE included)."""
    doc = reply(text, kind)
    return ["*".join((s.tag, *s.elements)) for s in doc.sets[0].segments]


def po(old: str = "", new: str = "") -> str:
    return interchange(PO_BODY.replace(old, new, 1) if old else PO_BODY)


def test_valid_850_gets_accepting_997():
    assert body_text(po()) == [
        "ST*997*0001",
        "AK1*PO*905",
        "AK2*850*0001",
        "AK5*A",
        "AK9*A*1*1*1",
        "SE*6*0001",
    ]


def test_wrong_se01_rejects_set_with_code_4():
    assert "AK5*R*4" in body_text(po("SE*6*", "SE*9*"))


def test_st02_se02_mismatch_rejects_set_with_code_3():
    assert "AK5*R*3" in body_text(po("SE*6*0001", "SE*6*0002"))


def test_gs06_ge02_mismatch_gives_ak9_code_4():
    assert body_text(interchange(PO_BODY, ge="GE*1*906~"))[-2] == "AK9*R*1*1*1*4"


def test_wrong_ge01_gives_ak9_code_5():
    assert body_text(interchange(PO_BODY, ge="GE*3*905~"))[-2] == "AK9*R*3*1*1*5"


def test_missing_mandatory_segment_gives_ak3_code_3():
    text = po("BEG*00*SA*PO123**20240102~", "").replace("SE*6*", "SE*5*")
    lines = body_text(text)
    assert "AK3*BEG*2**3" in lines and "AK5*R*5" in lines


def test_invalid_date_gives_ak4_code_8():
    lines = body_text(po("20240102~N1", "20241345~N1"))
    assert lines[3:6] == ["AK3*BEG*2**8", "AK4*5*373*8*20241345", "AK5*R*5"]


def test_element_too_long_gives_ak4_code_5():
    assert "AK4*3*324*5*" + "P" * 23 in body_text(po("PO123", "P" * 23))


def test_missing_mandatory_element_gives_ak4_code_1():
    assert "AK4*2*92*1" in body_text(po("BEG*00*SA*", "BEG*00**"))


def test_invalid_code_value_gives_ak4_code_7():
    assert "AK4*1*353*7*99" in body_text(po("BEG*00*", "BEG*99*"))


def test_unknown_segment_gives_ak3_code_1():
    text = po("CTT*1~", "ZZZ*1~CTT*1~").replace("SE*6*", "SE*7*")
    assert "AK3*ZZZ*5*PO1*1" in body_text(text)


def test_segment_of_another_set_is_flagged_not_in_set():
    text = po("CTT*1~", "BSN*00*1*20240102*1200~CTT*1~").replace("SE*6*", "SE*7*")
    assert "AK3*BSN*5*PO1*6" in body_text(text)


def test_two_sets_one_bad_gives_partial_acceptance():
    bad = PO_BODY.replace("0001", "0002").replace("BEG*00*", "BEG*99*")
    lines = body_text(interchange(PO_BODY + bad))
    assert lines[-2] == "AK9*P*2*2*1"
    assert lines.count("AK5*A") == 1 and lines.count("AK5*R*5") == 1


def test_unsupported_set_gives_ak5_code_1():
    text = interchange("ST*123*0001~XYZ*1~SE*3*0001~")
    lines = body_text(text)
    assert "AK5*R*1" in lines and lines[-2] == "AK9*R*1*1*0"


def test_isa13_iea02_mismatch_gives_ta1_001_alone():
    doc = reply(interchange(PO_BODY, iea="IEA*1*000000906~"))
    (reply_interchange,) = doc.interchanges
    assert reply_interchange.ta1[0].elements == ("000000905", "240102", "1230", "R", "001")
    assert reply_interchange.groups == ()


def test_ack_requested_adds_accepting_ta1():
    doc = reply(po())
    assert (doc.interchanges[0].ta1[0][4], doc.interchanges[0].ta1[0][5]) == ("A", "000")


def test_reply_is_addressed_back_to_sender_with_its_control_number():
    header = reply(po()).interchanges[0].header
    assert (header.sender_id, header.receiver_id, header.control_number) == (
        "RECEIVER",
        "SENDER",
        "000000077",
    )


def test_999_for_005010_uses_ik_segments_and_convention():
    text = interchange(PO_BODY.replace("BEG*00*", "BEG*99*"), version="005010")
    lines = body_text(text, kind="999")
    assert lines[0] == "ST*999*0001*005010X231"
    assert lines[1] == "AK1*PO*905*005010"
    assert "IK3*BEG*2**8" in lines and "IK4*1*353*7*99" in lines and "IK5*R*5" in lines


@pytest.mark.parametrize("kind", ["997", "999"])
def test_generated_acks_validate_against_their_own_schemas(kind):
    (received,) = list(validate(po("BEG*00*", "BEG*99*")))
    text = ack_interchange(received, control_number=77, kind=kind, when=WHEN)
    (result,) = list(validate(text))
    assert result.errors == () and all(s.accepted for g in result.groups for s in g.sets)


@pytest.mark.parametrize("value", ["AB~CD", "AB*CD"])
def test_bad_value_with_delimiters_is_sanitized_in_ak404(value):
    (result,) = list(validate(po("PO123", "P" * 30)))
    text = ack_interchange(result, control_number=1, when=WHEN)
    assert read(text).sets[0].set_id == "997" and value not in text
