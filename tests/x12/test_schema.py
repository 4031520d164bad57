"""Schemas as data: loading, version mapping, partner overlays, isolation from Odoo."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dist_core.x12.errors import Code, X12SchemaError
from dist_core.x12.schema import (
    SegmentDefs,
    _tags,
    checked_overlay_schema,
    load_schema,
    schema_version,
    structure_paths,
    supported_sets,
)
from dist_core.x12.validator import validate

from .samples import DATA, PO_BODY, interchange

ALL_SETS = ("753", "754", "810", "846", "850", "855", "856", "860", "940", "944", "945", "947")


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_every_required_set_ships_in_both_versions(version):
    assert set(ALL_SETS + ("997", "999")) <= set(supported_sets(version))
    for set_id in supported_sets(version):
        assert load_schema(set_id, version).structure


def test_005010_differences_are_data():
    assert len(load_schema("850", "005010").segments["N4"].elements) == 7
    assert len(load_schema("850", "004010").segments["N4"].elements) == 6


@pytest.mark.parametrize(
    ("gs08", "expected"),
    [
        ("004010VICS", "004010"),
        ("004030", "004010"),
        ("005010X231", "005010"),
        ("003010", "004010"),
    ],
)
def test_schema_version_mapping(gs08, expected):
    assert schema_version(gs08) == expected


def test_unknown_set_raises_schema_error():
    with pytest.raises(X12SchemaError):
        load_schema("123", "004010")


def _codes(text: str, overlays: dict) -> list[Code]:
    (result,) = list(validate(text, overlays=overlays))
    return [f.code for f in result.groups[0].sets[0].errors]


def test_overlay_makes_a_segment_mandatory():
    overlay = {"structure": {"REF": {"req": "M"}}}
    assert Code.SEGMENT_MISSING in _codes(interchange(PO_BODY), {"850": overlay})
    assert _codes(interchange(PO_BODY), {}) == []


def test_overlay_restricts_a_qualifier():
    overlay = {"segments": {"N1": {"elements": {"1": {"codes": ["BT"]}}}}}
    assert Code.ELEMENT_INVALID_CODE in _codes(interchange(PO_BODY), {"850": overlay})


def test_importing_the_engine_does_not_import_odoo():
    code = "import sys, dist_core.x12, dist_core.x12.cli; assert 'odoo' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_940_w66_is_mandatory_once_in_the_header(version):
    """X12 004010 940: W66 (carrier information) is mandatory, used once, before the LX detail."""
    structure = load_schema("940", version).structure
    tags = [node.tag for node in structure]
    w66 = structure[tags.index("W66")]
    assert (w66.req, w66.max, w66.is_loop) == ("M", 1, False)
    assert tags.index("W66") < tags.index("LX")
    assert structure[tags.index("LX")].is_loop


def test_a_940_without_w66_is_missing_a_mandatory_segment():
    text = (DATA / "940_sample.x12").read_text()
    without = text.replace("W66*PP*M***UPS GROUND~\n", "").replace("SE*15*", "SE*14*")
    (result,) = validate(without)
    (found,) = result.groups[0].sets[0].errors
    assert (found.code, found.tag, found.code.ack_code) == (Code.SEGMENT_MISSING, "W66", "3")
    (result,) = validate(text)
    assert result.accepted


# ------------------------------------------------------------------------------- checked overlays


def test_structure_paths_name_loops_and_the_segments_under_them():
    paths = set(structure_paths(load_schema("856", "004010").structure))
    assert {"BSN", "DTM", "HL", "HL/HL", "HL/TD5", "HL/N1", "HL/N1/N1", "CTT"} <= paths
    assert "TD5" not in paths, "TD5 lives in the HL loop"


def test_checked_overlay_schema_applies_a_real_patch():
    overlay = {
        "structure": {"HL/TD3": {"req": "M"}},
        "segments": {"REF": {"elements": {"1": {"codes": ["BM"]}}}},
    }
    schema = checked_overlay_schema("856", "004010", overlay)
    assert schema.segments["REF"].elements[0].codes == frozenset({"BM"})


@pytest.mark.parametrize(
    ("overlay", "words"),
    [
        ({"structure": {"TD3": {"req": "M"}}}, "has no loop or segment TD3"),
        ({"segments": {"BEG": {"elements": {"1": {"req": "M"}}}}}, "does not use segment(s) BEG"),
        ({"rules": {}}, "unknown overlay key(s) rules"),
        (["REF"], "an overlay is an object"),
    ],
)
def test_checked_overlay_schema_refuses_a_patch_that_changes_nothing(overlay, words):
    with pytest.raises(X12SchemaError) as caught:
        checked_overlay_schema("856", "004010", overlay)
    assert words in str(caught.value)


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_segment_definitions_are_built_at_first_use_and_equal_to_a_dict(version):
    """A shipped schema builds a segment definition when it is first asked for; the mapping
    still holds every segment its structure uses, compares equal to the dict of them (every
    shipped definition builds) and pickles as that dict."""
    import pickle

    for set_id in supported_sets(version):
        schema = load_schema(set_id, version)
        segments = schema.segments
        assert isinstance(segments, SegmentDefs) and not segments._built
        assert "ST" in segments and "ZZZ" not in segments and segments.get("ZZZ") is None
        assert segments.get("ST") is segments["ST"] and list(segments._built) == ["ST"]
        with pytest.raises(KeyError):
            segments["ZZZ"]
        eager = dict(segments.items())
        assert segments == eager and len(segments) == len(eager) and list(segments) == list(eager)
        assert set(eager) == _tags(schema.structure)
        again = pickle.loads(pickle.dumps(schema))
        assert again == schema and again.segments == eager


def test_an_overlay_schema_builds_its_segments_at_once():
    overlay = {"segments": {"N1": {"elements": {"1": {"codes": ["ST", "BT"]}}}}}
    schema = load_schema("850", "004010", overlay)
    assert type(schema.segments) is dict and schema.segments["N1"].elements[0].codes == {"ST", "BT"}
    bad = {"segments": {"N1": {"elements": "M98 M9999"}}}  # an element the dictionary lacks
    with pytest.raises(X12SchemaError):
        load_schema("850", "004010", bad)
