"""Conformance: every real third-party file of ../shared/x12-corpus parses or is rejected precisely.

Each expectation names the envelope error codes (interchange, group and set levels) and the syntax
error codes the validator must find, with the reason taken from the corpus SOURCES.md or from the
X12 4010 standard.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dist_core.x12.ack import ack_interchange
from dist_core.x12.reader import read
from dist_core.x12.validator import validate
from dist_core.x12.writer import dump

CLEAN: dict = {}
EXPECTED: dict[str, dict[str, int]] = {
    "810_bots_1.edi": CLEAN,
    "810_bots_2.edi": CLEAN,
    # IEA02 000001320 != ISA13 000003438: TA1 001
    "810_fromedi_1.edi": {"IEA_CONTROL_MISMATCH": 1},
    # TDS copy-paste mismatch is a business error, not a syntax error
    "810_staedi_1.edi": CLEAN,
    "850_bots_1.edi": CLEAN,
    "850_nodex12_1.edi": CLEAN,
    "850_nodex12_2.edi": CLEAN,
    "850_nodex12_3.edi": CLEAN,
    # the same interchange twice in one file: the second is a duplicate (TA1 025)
    "850_nodex12_4.edi": {"INTERCHANGE_DUPLICATE": 1},
    "850_olme_1.edi": CLEAN,
    "855_bots_1.edi": CLEAN,
    "855_nodex12_1.edi": CLEAN,
    "855_staedi_1.edi": CLEAN,
    # 22-digit MAN*GM values fit MAN02 (AN 1/48): an SSCC business check, not syntax
    "856_bots_1.edi": CLEAN,
    "856_bots_2.edi": CLEAN,
    "856_bots_3.edi": CLEAN,
    "856_nodex12_1.edi": CLEAN,
    "856_olme_1.edi": CLEAN,
    "940_olme_1.edi": CLEAN,
    # second set: N9 with an empty N901 (AK4 code 1 under AK3 code 8)
    "940_olme_2.edi": {"SEGMENT_HAS_ELEMENT_ERRORS": 1, "ELEMENT_MISSING": 1},
    # no W66 in any set: W66 is mandatory in the 4010 940 (AK3 code 3)
    "940_olme_3.edi": {"SEGMENT_MISSING": 6},
    # SE02, GE02 and IEA02 all differ from their headers (and W66 is missing)
    "940_olme_4.edi": {
        "IEA_CONTROL_MISMATCH": 1,
        "GE_CONTROL_MISMATCH": 1,
        "SE_CONTROL_MISMATCH": 1,
        "SEGMENT_MISSING": 1,
    },
    "940_olme_5.edi": CLEAN,
    "997_bots_1.edi": CLEAN,
    "997_bots_2.edi": CLEAN,
    "997_bots_3.edi": CLEAN,
    "997_bots_4.edi": CLEAN,
    "997_staedi_1.edi": CLEAN,
    # repetition separators inside AK302 (N0) and AK304 (ID 1/3): not valid 997 content
    "997_staedi_2.edi": {
        "SEGMENT_HAS_ELEMENT_ERRORS": 1,
        "ELEMENT_INVALID_CHARACTER": 1,
        "ELEMENT_TOO_LONG": 1,
    },
    "997_staedi_3.edi": CLEAN,
    "999_staedi_1.edi": CLEAN,
    # 00300 interchange: two GS with GS06 5 and duplicate ST02s; 820 has no schema (AK5 1);
    # DTM*037*19980205***19 uses the pre-4010 century DTM05 without DTM06 (rule P0506)
    "mixed_bots_1.edi": {
        "GROUP_DUPLICATE": 1,
        "ST_DUPLICATE": 2,
        "SET_NOT_SUPPORTED": 2,
        "SEGMENT_HAS_ELEMENT_ERRORS": 1,
        "ELEMENT_CONDITIONAL_MISSING": 1,
    },
    # N1*ST*CARGO LIMITED #112*92 has N103 without N104 (rule P0304)
    "mixed_staedi_1.edi": {"SEGMENT_HAS_ELEMENT_ERRORS": 1, "ELEMENT_CONDITIONAL_MISSING": 1},
}


def _all_errors(path: Path) -> list:
    found = []
    for result in validate(path):
        found += result.errors
        for group in result.groups:
            found += group.errors
            found += [f for s in group.sets for f in s.errors]
    return found


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_outcome(corpus_dir, name):
    errors = _all_errors(corpus_dir / name)
    assert dict(Counter(f.code.name for f in errors)) == EXPECTED[name]
    for found in errors:
        assert found.position.interchange >= 1 and found.message


@pytest.mark.corpus
def test_corpus_has_no_unlisted_file(corpus_dir):
    assert sorted(p.name for p in corpus_dir.glob("*.edi")) == sorted(EXPECTED)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_round_trips(corpus_dir, name):
    doc = read(corpus_dir / name)
    again = read(dump(doc.interchanges))
    assert [s.segments for s in again.sets] == [s.segments for s in doc.sets]
    assert [i.header.isa for i in again.interchanges] == [i.header.isa for i in doc.interchanges]


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_gets_a_readable_acknowledgment(corpus_dir, name):
    for result in validate(corpus_dir / name):
        reply = read(ack_interchange(result, control_number=1))
        assert reply.fatal is None and not [f for f in reply.issues if f.is_error]
