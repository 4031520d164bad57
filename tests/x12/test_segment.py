"""Segment and Delimiters: the value objects shared with the mappers."""

from __future__ import annotations

import pytest

from dist_core.x12.delimiters import Delimiters, from_isa
from dist_core.x12.segment import Segment

DELIMS = Delimiters(element="*", segment="~", component=">", repetition="^")


def test_segment_index_is_one_based_and_blank_when_absent():
    seg = Segment.of("PO1", "1", "10", "EA")
    assert (seg[0], seg[1], seg[3], seg[9]) == ("PO1", "1", "EA", "")


def test_segment_of_converts_none_and_numbers():
    assert Segment.of("PO1", None, 10).elements == ("", "10")


def test_segment_negative_index_raises():
    with pytest.raises(IndexError):
        Segment.of("PO1", "1")[-1]


def test_segment_components_split_on_component_separator():
    seg = Segment.of("SLN", "1.1", "", "I", "10000", "PC>11.1>12.2")
    assert seg.components(5, DELIMS) == ("PC", "11.1", "12.2")
    assert seg.components(2, DELIMS) == ()


def test_segment_repetitions_split_only_when_interchange_has_one():
    seg = Segment.of("AK3", "NM1", "A^B")
    assert seg.repetitions(2, DELIMS) == ("A", "B")
    assert seg.repetitions(2, Delimiters(repetition="")) == ("A^B",)


def test_segment_equality_ignores_position():
    assert Segment.of("CTT", "1").at(7) == Segment.of("CTT", "1")


def test_segment_trimmed_drops_trailing_empty_elements():
    assert Segment.of("N1", "ST", "ACME", "", "").trimmed() == Segment.of("N1", "ST", "ACME")


def test_delimiters_are_frozen():
    with pytest.raises(AttributeError):
        DELIMS.element = "+"


def test_from_isa_has_no_repetition_before_00402():
    assert from_isa("*", "U", "00401", ">", "~").repetition == ""
    assert from_isa("*", "^", "00501", ">", "~").repetition == "^"


def test_delimiters_problems_reports_clashes_and_letters():
    assert Delimiters(element="*", segment="*").problems()
    assert Delimiters(element="A").problems()
    assert not DELIMS.problems()
