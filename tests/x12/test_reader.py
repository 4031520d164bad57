"""Reader: tokenizer and envelope state machine on small literal messages."""

from __future__ import annotations

import io

import pytest

from dist_core.x12.errors import Code, X12NotX12Error, X12SyntaxError
from dist_core.x12.reader import iter_events, iter_sets, read

from .samples import PO_BODY, interchange


def codes(doc):
    return [found.code for found in doc.issues if found.is_error]


def test_valid_interchange_reads_without_issues(po_text):
    doc = read(po_text)
    assert codes(doc) == []
    (transaction,) = doc.sets
    assert transaction.set_id == "850"
    assert [s.tag for s in transaction.body] == ["BEG", "N1", "PO1", "CTT"]
    assert transaction.body[2].position == 4


def test_crlf_decoration_and_bom_are_ignored(po_text):
    decorated = "\ufeff  " + po_text.replace("~", "~\r\n    ")
    doc = read(decorated.encode())
    assert [s.tag for s in doc.sets[0].segments] == [s.tag for s in read(po_text).sets[0].segments]
    assert doc.interchanges[0].delimiters.suffix == "\r\n"


def test_newline_terminator(po_text):
    text = po_text.replace(">~", ">\n").replace("~", "\n")
    doc = read(text)
    assert codes(doc) == [] and doc.interchanges[0].delimiters.segment == "\n"


def test_newline_terminator_with_crlf(po_text):
    doc = read(po_text.replace("~", "\r\n"))
    assert codes(doc) == [] and doc.sets[0].body[0].elements[-1] == "20240102"


def test_several_interchanges_with_their_own_delimiters(po_text):
    other = po_text.replace("*", "+").replace("~", "'").replace("+P+>", "+P+:")
    doc = read(po_text + "\n" + other)
    assert [i.delimiters.element for i in doc.interchanges] == ["*", "+"]
    assert len(doc.sets) == 2


def test_small_chunks_give_the_same_segments(po_text):
    whole = read(po_text)
    chunked = read(io.BytesIO(po_text.encode()), chunk_size=7)
    assert whole.sets[0].segments == chunked.sets[0].segments


def test_fourteen_character_isa06_is_a_warning(po_text):
    doc = read(po_text.replace("SENDER         ", "SENDER        ", 1))
    assert codes(doc) == []
    assert Code.ISA_FIELD in [found.code for found in doc.issues]


def test_wrong_se01_is_positioned():
    doc = read(interchange(PO_BODY.replace("SE*6*", "SE*7*")))
    (found,) = doc.sets[0].issues
    assert found.code is Code.SE_COUNT
    assert (found.position.set, found.position.segment, found.position.element) == (1, 6, 1)


def test_se02_mismatch():
    doc = read(interchange(PO_BODY.replace("SE*6*0001", "SE*6*0002")))
    assert codes(doc) == [Code.SE_CONTROL_MISMATCH]


def test_missing_se_is_reported_when_next_st_arrives():
    body = PO_BODY.replace("SE*6*0001~", "") + PO_BODY.replace("0001", "0002")
    doc = read(interchange(body))
    assert Code.SE_MISSING in codes(doc)


def test_duplicate_st02_in_group():
    doc = read(interchange(PO_BODY + PO_BODY))
    assert codes(doc) == [Code.ST_DUPLICATE]


def test_ge_count_and_control_mismatch():
    doc = read(interchange(PO_BODY, ge="GE*2*906~"))
    assert sorted(c.name for c in codes(doc)) == ["GE_CONTROL_MISMATCH", "GE_SET_COUNT"]


def test_iea_mismatch_and_unpadded_iea02():
    assert codes(read(interchange(PO_BODY, iea="IEA*1*000000906~"))) == [Code.IEA_CONTROL_MISMATCH]
    doc = read(interchange(PO_BODY, iea="IEA*1*905~"))
    assert codes(doc) == [] and Code.CONTROL_NUMBER_FORMAT in [f.code for f in doc.issues]


def test_missing_iea_at_end_of_file(po_text):
    doc = read(po_text[: po_text.index("IEA")])
    assert codes(doc) == [Code.IEA_MISSING]


def test_ta1_inside_interchange_is_collected(po_text):
    text = po_text.replace("~GS*", "~TA1*000000123*240101*1200*A*000~GS*", 1)
    doc = read(text)
    assert codes(doc) == [] and doc.interchanges[0].ta1[0][4] == "A"


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02binary", b"UNA:+.? 'UNB+UNOA"])
def test_not_x12_raises_not_x12(data):
    with pytest.raises(X12NotX12Error):
        read(data)


def test_garbage_after_iea_keeps_what_was_read(po_text):
    doc = read(po_text + "GARBAGE*1~")
    assert len(doc.sets) == 1 and doc.fatal.code is Code.ISA_INVALID


def test_unreadable_isa_raises_syntax_error_when_streaming():
    with pytest.raises(X12SyntaxError):
        list(iter_events("ISA*00*short~"))


def test_iter_sets_streams_sets_with_headers(po_text):
    (transaction,) = list(iter_sets(po_text))
    assert (
        transaction.group.functional_id == "PO"
        and transaction.interchange.control_number == "000000905"
    )
