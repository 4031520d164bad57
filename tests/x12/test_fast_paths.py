"""The validator's fast paths give exactly the answers of the full checks.

``SegmentCheck`` (compiled regexes, code sets, memos, presence patterns) must say "clean" exactly
when ``check_segment`` finds nothing, and the clean-shape shortcut of the structure walk must never
hide an issue of a set whose shape was seen clean before.
"""

from __future__ import annotations

import random

import pytest

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.elements import SegmentCheck, check_segment, segment_check
from dist_core.x12.errors import Code
from dist_core.x12.schema import load_schema, supported_sets
from dist_core.x12.validator import validate

from .samples import interchange


def _sets(*bodies: list[str]) -> str:
    text = ""
    for n, body in enumerate(bodies, start=1):
        segments = [f"ST*850*{n:04d}", *body, "CTT*1"]
        text += "~".join(segments) + f"~SE*{len(segments) + 1}*{n:04d}~"
    return interchange(text)


TRICKY = (
    "",
    "1",
    "0",
    "-1",
    "-",
    "--1",
    "1.5",
    ".5",
    "5.",
    "-.5",
    "-5.",
    ".",
    "1.2.3",
    "1,5",
    "+1",
    " 1",
    "1 ",
    "\u0661\u0662",  # Arabic-Indic digits: \\d in R, not ASCII for N
    "\u00b2",  # superscript two: isdigit but not a decimal
    "12345678901234567890",
    "1234567890123456.5",
    "A",
    "AB",
    "ABC",
    "ZZ",
    "EA",
    "PO",
    "x" * 80,
    "a\x01b",
    "tab\there",
    "new\nline",
    "\x7f",
    "bad\ufffd",
    "caf\u00e9",
    "\u00a0nbsp",
    "20240102",
    "20241345",
    "20240230",
    "240102",
    "241345",
    "2024010",
    "1230",
    "2460",
    "123099",
    "12300",
    "1230599",
    "12\u0663",
    "A>B",
    "A>B>C",
    ">B",
    "A>",
    "A^B",
    "A^B^C^D^E^F^G^H^I^J^K^L",
    "PC>11.1>12.2",
)


def _values(definition, rng):
    pool = list(TRICKY)
    for edef in definition.elements:
        for part in edef.components or (edef,):
            if part.codes:
                pool += sorted(part.codes)[:3]
    return pool


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_segment_check_agrees_with_check_segment(version):
    rng = random.Random(5)
    styles = (Delimiters(), Delimiters("|", "\n", ":", ""))
    definitions = {}
    for set_id in supported_sets(version):
        definitions.update(load_schema(set_id, version).segments)
    for definition in definitions.values():
        pool = _values(definition, rng)
        size = len(definition.elements)
        for delimiters in styles:
            for legacy in (False, True):
                fresh = SegmentCheck(definition, delimiters, legacy)
                shared = segment_check(definition, delimiters, legacy)
                for _ in range(60):
                    count = rng.randint(0, size + 2)
                    elements = tuple(rng.choice(pool) for _ in range(count))
                    if rng.random() < 0.5:  # mostly filled with something plausible
                        elements = tuple(v if rng.random() < 0.7 else "" for v in elements)
                    issues = check_segment(
                        elements, definition, delimiters, lambda e, c: None, legacy_dates=legacy
                    )
                    expected = not issues
                    assert fresh(elements) is expected, (definition.tag, elements, issues)
                    assert fresh(elements) is expected  # memo hit gives the same answer
                    assert shared(elements) is expected, (definition.tag, elements, issues)


def test_each_value_predicate_agrees_with_value_error():
    from dist_core.x12.elements import _predicate, value_error
    from dist_core.x12.schema import ElementDef, SegmentDef

    for kind in ("AN", "ID", "R", "N0", "N2", "N", "DT", "TM"):
        for low, high in ((1, 1), (1, 3), (2, 6), (4, 8), (6, 8), (1, 15), (3, 2), (0, 4)):
            edef = ElementDef("", "O", kind, low, high)
            for legacy in (False, True):
                check = _predicate(SegmentDef("ZZZ", "", (edef,)), edef, Delimiters(), legacy)
                for value in TRICKY[1:]:
                    expected = value_error(value, edef, legacy) is None
                    assert bool(check(value)) is expected, (kind, low, high, value)
                assert check("")


def test_a_known_clean_shape_still_reports_element_errors():
    good = ["BEG*00*SA*PO1**20240102", "PO1*1*10*EA*9.25**UP*012345678905"]
    bad = ["BEG*00*SA*PO2**20241345", "PO1*1*10*EA*9.25**UP*012345678905"]
    text = _sets(good, bad, good)
    (result,) = validate(text)
    sets = result.groups[0].sets
    assert [s.verdict for s in sets] == ["A", "R", "A"]
    assert [f.code for f in sets[1].errors] == [
        Code.SEGMENT_HAS_ELEMENT_ERRORS,
        Code.ELEMENT_INVALID_DATE,
    ]


def test_a_new_shape_is_walked():
    good = ["BEG*00*SA*PO1**20240102", "PO1*1*10*EA*9.25**UP*012345678905"]
    twice = ["BEG*00*SA*PO1**20240102", "BEG*00*SA*PO1**20240102", "PO1*1*10*EA"]
    text = _sets(good, twice, good)
    (result,) = validate(text)
    sets = result.groups[0].sets
    assert [s.verdict for s in sets] == ["A", "R", "A"]
    assert Code.SEGMENT_OVER_MAX in [f.code for f in sets[1].errors]


def test_memos_stay_bounded():
    from dist_core.x12 import elements

    definition = load_schema("850", "005010").segments["REF"]
    checks = [SegmentCheck(definition, Delimiters()), SegmentCheck(definition, Delimiters("|"))]
    for n in range(elements._CLEAN_TOTAL + 5000):
        assert checks[n % 2](("DP", f"{n:08d}"))
    assert all(len(check.clean) <= elements._CLEAN_LIMIT for check in checks)
    assert sum(len(check.clean) for check in list(elements._LIVE)) <= elements._CLEAN_TOTAL


def test_clean_shapes_stay_bounded():
    from dist_core.x12 import validator

    body = ["BEG*00*SA*PO1**20240102", "PO1*1*10*EA*9.25**UP*012345678905"]
    for lines in (1, 3, 7):
        (result,) = validate(_sets(body[:1] + body[1:] * lines))
        assert result.accepted
    for checks in validator._CHECKS.values():
        assert checks.remembered <= validator._SHAPE_SEGMENTS
        assert checks.remembered >= sum(map(len, checks.shapes))


@pytest.mark.parametrize("chunk_size", [5, 64, 1 << 16])
@pytest.mark.parametrize("layout", ["~", "~\n", "~\r\n", "\n", "\r\n", "~\n    ", "~ "])
def test_token_offsets_and_lines_point_at_their_segments(layout, chunk_size):
    from dist_core.x12.reader import iter_events
    from dist_core.x12.tokenizer import Tokenizer

    body = _sets(
        ["BEG*00*SA*PO1**20240102", "PO1*1*10*EA*9.25**UP*012345678905"],
        ["BEG*00*SA*PO2**20240102", "PO1*1*10*EA"],
    )
    one = body.replace("~", layout)  # "\n" and "\r\n": the newline is the terminator
    text = "\n" + one + "\r\n" + one.replace("000000905", "000000906")
    tokens = list(Tokenizer(text, chunk_size=chunk_size))
    assert [t[0] for t in tokens].count("ST") == 4
    for tag, _elements, offset, line in tokens:
        assert text.startswith(tag, offset), (tag, offset)
        assert line == text.count("\n", 0, offset) + 1, (tag, offset, line)
    sets = [e for e in iter_events(text, chunk_size=chunk_size) if hasattr(e, "offsets")]
    assert len(sets) == 4
    for found in sets:
        for segment, offset, line in zip(found.segments, found.offsets, found.lines, strict=True):
            assert text.startswith(segment.tag, offset)
            assert line == text.count("\n", 0, offset) + 1
