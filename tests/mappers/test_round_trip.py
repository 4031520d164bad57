"""Mappers with the engine: canonical -> segments -> written X12 -> read -> same segments, and
sample files -> engine reader -> canonical -> JSON -> the same canonical."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from dist_core.canonical import dump_document, load_document
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.mappers import MappingError, from_canonical, to_canonical
from dist_core.x12.reader import read
from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange

from .documents import OUTBOUND_SAMPLES

DATA = Path(__file__).resolve().parents[1] / "data" / "mappers"
STYLES = {
    "tilde": Delimiters(),
    "newline": Delimiters("*", "\n", ":", "^"),
    "edifact-like": Delimiters("+", "'", ">", "^", "\r\n"),
}


def _write(set_id: str, functional_id: str, body, delimiters: Delimiters) -> str:
    group = GroupOut(functional_id, "OURCO", "PARTNER", 7, (SetOut(set_id, 1, body),))
    interchange = InterchangeOut("ZZ", "OURCO", "ZZ", "PARTNER", 7, (group,))
    return write_interchange(interchange, delimiters, when=datetime(2024, 1, 2, 12, 30))


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("set_id", sorted(OUTBOUND_SAMPLES))
def test_outbound_set_reads_back_as_written(set_id, style):
    functional_id, build = OUTBOUND_SAMPLES[set_id]
    body = from_canonical(set_id, build())
    document = read(_write(set_id, functional_id, body, STYLES[style]))
    assert document.issues == ()
    (transaction_set,) = document.sets
    assert transaction_set.set_id == set_id
    assert list(transaction_set.body) == body


@pytest.mark.parametrize("set_id", sorted(OUTBOUND_SAMPLES))
def test_outbound_document_survives_json_storage(set_id):
    document = OUTBOUND_SAMPLES[set_id][1]()
    stored = json.loads(json.dumps(dump_document(document)))
    assert from_canonical(set_id, load_document(stored)) == from_canonical(set_id, document)


@pytest.mark.parametrize("name", ["850_acme", "860_acme", "944_3pl", "945_3pl", "947_3pl"])
def test_inbound_sample_maps_and_survives_json_storage(name):
    (transaction_set,) = read((DATA / f"{name}.edi").read_bytes()).sets
    document = to_canonical(
        transaction_set.set_id, transaction_set.segments, transaction_set.delimiters
    )
    assert load_document(json.loads(json.dumps(dump_document(document)))) == document


def test_inbound_850_sample_content():
    (transaction_set,) = read((DATA / "850_acme.edi").read_bytes()).sets
    order = to_canonical("850", transaction_set.segments, transaction_set.delimiters)
    assert (order.po_number, order.ship_to.gln, len(order.lines)) == (
        "PO7781",
        "0078742035260",
        2,
    )
    assert order.lines[1].allowances_charges[0].amount == 25


def test_mapping_error_position_matches_the_file():
    text = (DATA / "850_acme.edi").read_text().replace("PO1*2*24*", "PO1*2*2X*")
    (transaction_set,) = read(text).sets
    with pytest.raises(MappingError) as info:
        to_canonical("850", transaction_set.segments, transaction_set.delimiters)
    assert info.value.position.segment == 15
    assert transaction_set.segments[14].tag == "PO1"


def test_unknown_set_is_unsupported_not_a_crash():
    with pytest.raises(MappingError) as info:
        to_canonical("999", [])
    assert info.value.code.ack_code == "1"
    with pytest.raises(MappingError):
        from_canonical("850", object())
