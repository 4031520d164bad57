"""Writer: the reader's inverse, envelope arithmetic, padding and refusal of unwritable values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.errors import X12WriteError
from dist_core.x12.reader import read
from dist_core.x12.schema import supported_sets
from dist_core.x12.segment import Segment
from dist_core.x12.validator import validate
from dist_core.x12.writer import (
    GroupOut,
    InterchangeOut,
    SetOut,
    dump,
    join_components,
    write_interchange,
    write_transaction_set,
)

from .samples import DATA

WHEN = dt.datetime(2024, 1, 2, 12, 30)
SAMPLES = sorted(DATA.glob("*_sample.x12"))
TILDE = Delimiters(element="*", segment="~", component=">", repetition="^", suffix="\n")


def _rewrap(path: Path, delimiters: Delimiters) -> str:
    """Read a sample and write its sets again through write_interchange (new envelope)."""
    doc = read(path)
    interchange = doc.interchanges[0]
    header = interchange.header
    groups = tuple(
        GroupOut(
            g.header.functional_id,
            g.header.sender,
            g.header.receiver,
            int(g.header.control_number),
            tuple(SetOut(s.set_id, s.control_number, s.body, s.convention) for s in g.sets),
            g.header.version,
        )
        for g in interchange.groups
    )
    out = InterchangeOut(
        header.sender_qualifier,
        header.sender_id,
        header.receiver_qualifier,
        header.receiver_id,
        int(header.control_number),
        groups,
        version=header.version,
        usage=header.usage,
    )
    return write_interchange(out, delimiters, WHEN)


def test_every_supported_set_has_a_sample():
    sample_ids = {path.name.split("_")[0] for path in SAMPLES}
    assert set(supported_sets("004010")) <= sample_ids


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_is_valid(path):
    (result,) = list(validate(path))
    assert result.accepted, [str(f) for g in result.groups for s in g.sets for f in s.errors]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize(
    "delimiters",
    [TILDE, Delimiters(element="+", segment="'", component=":", repetition="^", suffix="\r\n")],
    ids=["tilde", "edifact-like"],
)
def test_round_trip_read_write_read(path, delimiters):
    original = read(path)
    again = read(_rewrap(path, delimiters))
    assert [s.segments for s in again.sets] == [s.segments for s in original.sets]
    assert again.issues == () or all(not f.is_error for f in again.issues)
    read_back = again.interchanges[0].delimiters
    assert (read_back.element, read_back.segment, read_back.component, read_back.suffix) == (
        delimiters.element,
        delimiters.segment,
        delimiters.component,
        delimiters.suffix,
    )


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_dump_reproduces_sample_bytes(path):
    assert dump(read(path).interchanges) == path.read_text()


def test_envelope_counts_padding_and_control_numbers():
    body = (Segment.of("BAK", "00", "AC", "PO1", "20240102"), Segment.of("CTT", "1", "", ""))
    out = InterchangeOut(
        "ZZ",
        "OURCO",
        "01",
        "123456789",
        905,
        (GroupOut("PR", "OURCO", "123456789", 905, (SetOut("855", 1, body),)),),
        usage="T",
        ack_requested=True,
    )
    text = write_interchange(out, TILDE, WHEN)
    lines = text.splitlines()
    assert lines[0] == (
        "ISA*00*          *00*          *ZZ*OURCO          *01*123456789      "
        "*240102*1230*U*00401*000000905*1*T*>~"
    )
    assert lines[1:] == [
        "GS*PR*OURCO*123456789*20240102*1230*905*X*004010~",
        "ST*855*0001~",
        "BAK*00*AC*PO1*20240102~",
        "CTT*1~",
        "SE*4*0001~",
        "GE*1*905~",
        "IEA*1*000000905~",
    ]


def test_value_containing_a_delimiter_is_refused():
    with pytest.raises(X12WriteError) as caught:
        write_transaction_set(SetOut("850", 1, (Segment.of("MSG", "50% OFF*NOW"),)), TILDE)
    assert caught.value.issue.position.element == 1 and not caught.value.retryable


def test_too_long_isa_field_is_refused():
    with pytest.raises(X12WriteError):
        write_interchange(InterchangeOut("ZZ", "X" * 16, "ZZ", "Y", 1), TILDE, WHEN)


def test_5010_needs_a_repetition_separator():
    with pytest.raises(X12WriteError):
        write_interchange(
            InterchangeOut("ZZ", "A", "ZZ", "B", 1, version="00501"),
            Delimiters(repetition=""),
            WHEN,
        )


def test_join_components_checks_parts():
    assert join_components(TILDE, "PC", "11.1", "", "") == "PC>11.1"
    with pytest.raises(X12WriteError):
        join_components(TILDE, "P>C")


def test_isa11_as_received_is_written_as_is():
    """Re-wrapping a partner's envelope keeps its ISA11, even a sloppy "U" under 00403."""
    text = write_interchange(
        InterchangeOut("ZZ", "A", "ZZ", "B", 7, version="00403", isa11="U"),
        Delimiters(repetition=""),
        WHEN,
    )
    isa = read(text.encode()).interchanges[0].header.isa
    assert (isa[11], isa[12]) == ("U", "00403")
