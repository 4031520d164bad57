"""Segment patterns accept exactly the segments ``check_segment`` finds clean.

Random segments of every shipped segment definition (both dictionary versions, several delimiter
styles, both date rules) are written as text and matched against the compiled segment pattern;
the value patterns are checked value by value against ``value_error``, dates against ``strptime``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re

import pytest

from dist_core.x12.delimiters import Delimiters
from dist_core.x12.elements import _nowhere, _parse_rule, _rules, check_segment, value_error
from dist_core.x12.rule_patterns import _covered, _rule_allowed, _rule_blocks
from dist_core.x12.schema import ElementDef, SegmentDef, load_schema, supported_sets
from dist_core.x12.set_patterns import _Style, segment_source
from dist_core.x12.value_patterns import _DATE_6, _DATE_8, trie, usable, value_pattern

from .test_fast_paths import TRICKY

STYLES = (
    Delimiters(),
    Delimiters("|", "\n", ":", ""),
    Delimiters("\x1d", "\x1c", "\x1f", "\x1e"),
    Delimiters("*", "~", "]", "^"),
    Delimiters("+", "'", ":", "!"),
)


def _pool(definition) -> list[str]:
    pool = list(TRICKY) + ["20240229", "20230229", "19000229", "20000229", "000229", "010229"]
    for edef in definition.elements:
        for part in edef.components or (edef,):
            if part.codes:
                pool += sorted(part.codes)[:4]
    return pool


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_segment_patterns_agree_with_check_segment(version):
    rng = random.Random(11)
    definitions = {}
    for set_id in supported_sets(version):
        definitions.update(load_schema(set_id, version).segments)
    for definition in definitions.values():
        pool = _pool(definition)
        size = len(definition.elements)
        for delimiters in STYLES:
            # values cannot hold these (U+FFFD sends a set to the detailed path)
            forbidden = {delimiters.element, delimiters.segment, "\ufffd"}
            for legacy in (False, True):
                source = segment_source(definition, _Style(delimiters, legacy))
                assert source is not None, definition.tag
                pattern = re.compile(re.escape(definition.tag) + source)
                limit = rng.randint(0, size)  # a source reading only the elements up to there
                short = segment_source(definition, _Style(delimiters, legacy), limit=limit)
                covered = _covered(definition.elements, _rule_blocks(definition), limit)[0]
                assert covered >= limit
                shorter = re.compile(re.escape(definition.tag) + short)
                for _ in range(40):
                    values = [rng.choice(pool) for _ in range(rng.randint(0, size + 2))]
                    if rng.random() < 0.5:
                        values = [v if rng.random() < 0.7 else "" for v in values]
                    values = [
                        v.replace(">", delimiters.component).replace("^", delimiters.repetition)
                        for v in values
                    ]
                    if any(char in forbidden for value in values for char in value):
                        continue
                    elements = tuple(values)
                    text = delimiters.element.join((definition.tag, *elements))
                    issues = check_segment(
                        elements, definition, delimiters, lambda e, c: None, legacy_dates=legacy
                    )
                    found = pattern.fullmatch(text) is not None
                    assert found == (not issues), (definition.tag, text, issues)
                    within = not any(elements[covered:])
                    found = shorter.fullmatch(text) is not None
                    assert found == (not issues and within), (definition.tag, limit, text)


def _strptime_ok(value: str, form: str) -> bool:
    try:
        dt.datetime.strptime(value, form)
    except ValueError:
        return False
    return True


def test_date_patterns_agree_with_strptime():
    eight, six = re.compile(_DATE_8), re.compile(_DATE_6)
    years = [*range(0, 12), 100, 200, 400, 1600, 1700, 1900, 1969, 2000, 2023, 2024, 2100, 9999]
    for month in range(0, 14):
        for day in range(0, 33):
            for year in years:
                value = f"{year:04d}{month:02d}{day:02d}"
                assert bool(eight.fullmatch(value)) == _strptime_ok(value, "%Y%m%d"), value
            for year in range(100):
                value = f"{year:02d}{month:02d}{day:02d}"
                assert bool(six.fullmatch(value)) == _strptime_ok(value, "%y%m%d"), value


@pytest.mark.parametrize("kind", ["AN", "ID", "R", "N0", "N2", "DT", "TM"])
def test_value_patterns_agree_with_value_error(kind):
    values = [*TRICKY[1:], "0000", "2359", "2400", "235960", "1230001", "12.", ".", "-0"]
    for low, high in ((1, 1), (1, 3), (2, 6), (4, 8), (6, 8), (1, 15), (3, 2), (0, 4), (6, 6)):
        edef = ElementDef("", "O", kind, low, high)
        for legacy in (False, True):
            pattern = re.compile(value_pattern(edef, "*~", legacy))
            for value in values:
                if "*" in value or "~" in value or "\ufffd" in value:
                    continue
                expected = value_error(value, edef, legacy) is None
                assert bool(pattern.fullmatch(value)) is expected, (kind, low, high, value)


def test_code_lists_become_tries():
    assert trie(["AB", "AC", "B"]) == "(?:A[BC]|B)"  # single characters left: one class
    assert trie(["AB", "B"]) == "(?:AB|B)"
    assert re.fullmatch(trie(["A", "AB"]), "AB") and re.fullmatch(trie(["A", "AB"]), "A")
    words = ["A", "AB", "AC", "A-", "A]", "A^", "A\\", "B1", "B2", "C"]
    pattern = re.compile(trie(words))
    for word in [*words, "", "AD", "B", "B3", "CC", "-", "A[", "ABC"]:
        assert bool(pattern.fullmatch(word)) is (word in words), word


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_rule_verdicts_shared_by_shape_agree_with_rules(version):
    """``_rule_allowed`` asks ``_rules`` once per rule shape: same verdicts as asking it on every
    presence pattern of every rule of every shipped definition."""
    definitions = {}
    for set_id in supported_sets(version):
        definitions.update(load_schema(set_id, version).segments)
    extra = SegmentDef("ZZZ", "", (ElementDef("1", "O", "AN", 1, 9),) * 4, ("P0305", "L040103"))
    definitions["ZZZ"] = extra  # an element beyond the definition, a list rule out of order
    checked = 0
    for definition in definitions.values():
        size = len(definition.elements)
        for rule in definition.rules:
            positions = tuple(sorted({n for n in _parse_rule(rule)[1] if 0 < n <= size}))
            if not positions:
                continue
            single = SegmentDef(definition.tag, "", definition.elements, (rule,))
            expected = set()
            for combo in itertools.product((False, True), repeat=len(positions)):
                present = dict(zip(positions, combo, strict=True))
                segment = tuple("x" if present.get(n) else "" for n in range(1, size + 1))
                if not _rules(single, segment, _nowhere):
                    expected.add(combo)
            assert _rule_allowed(definition, rule, positions) == expected, (definition.tag, rule)
            checked += 1
    assert checked > 50


def test_delimiters_a_pattern_would_misread_disable_it():
    assert usable(Delimiters())
    assert not usable(Delimiters("-", "~", ">", "^"))  # a minus sign would read as a separator
    assert not usable(Delimiters("*", "~", ".", "^"))


def test_a_limit_is_kept_only_when_every_element_beyond_may_be_absent():
    text = ElementDef("1", "O", "AN", 1, 9)
    required = ElementDef("2", "M", "AN", 1, 9)
    loose = SegmentDef("ZZ", "", (text,) * 6, ("P0203", "R0506"))
    blocks = _rule_blocks(loose)
    assert _covered(loose.elements, blocks, None) == (6, blocks)
    assert _covered(loose.elements, blocks, 1)[0] == 6  # R0506 beyond needs one of them present
    paired = SegmentDef("ZZ", "", (text,) * 6, ("P0203", "P0506"))
    blocks = _rule_blocks(paired)
    assert _covered(paired.elements, blocks, 1) == (1, [])
    size, kept = _covered(paired.elements, blocks, 2)  # P0203 cut: 02 must be absent
    assert size == 2 and [block[:4] for block in kept] == [(2, 2, (2,), {(False,)})]
    assert _covered(paired.elements, blocks, 4) == (4, blocks[:1])
    strict = SegmentDef("ZZ", "", (text, text, required), ())
    assert _covered(strict.elements, _rule_blocks(strict), 1)[0] == 3
