"""856 hierarchy from HL01/HL02 links."""

from __future__ import annotations

from dist_core.x12.errors import Code
from dist_core.x12.hl import hl_tree
from dist_core.x12.reader import read
from dist_core.x12.segment import Segment

from .samples import interchange

ASN = (
    "ST*856*0001~BSN*00*SHIP1*20240102*1200~"
    "HL*1**S~TD5**2*UPSN~"
    "HL*2*1*O~PRF*PO123~"
    "HL*4*3*I~LIN**UP*012345678905~SN1**10*EA~"
    "HL*3*2*P~MAN*GM*00000123450000000018~"
    "HL*5*3*I~LIN**UP*012345678912~SN1**5*EA~"
    "CTT*5~SE*16*0001~"
)


def test_tree_follows_parent_links_not_order():
    (ship,), issues = hl_tree(read(interchange(ASN, gs="SH")).sets[0].segments)
    assert issues == ()
    (order,) = ship.children
    (pack,) = order.children
    assert [item.id for item in pack.children] == ["4", "5"]
    assert pack.segments[1] == Segment.of("MAN", "GM", "00000123450000000018")
    assert [node.level for node in ship.walk()] == ["S", "O", "P", "I", "I"]


def test_unknown_parent_and_duplicate_are_reported():
    segments = [
        Segment.of("HL", "1", "", "S"),
        Segment.of("HL", "2", "9", "O"),
        Segment.of("HL", "1", "", "S"),
    ]
    roots, issues = hl_tree(segments)
    assert [root.id for root in roots] == ["1", "2"]
    assert [found.code for found in issues] == [Code.HL_STRUCTURE, Code.HL_STRUCTURE]


def test_cycle_is_reported_not_looped():
    segments = [Segment.of("HL", "1", "2", "S"), Segment.of("HL", "2", "1", "O")]
    roots, issues = hl_tree(segments)
    assert roots == () and len(issues) == 2


def test_asn_validates_against_856_schema():
    from dist_core.x12.validator import validate

    (result,) = list(validate(interchange(ASN, gs="SH")))
    assert result.groups[0].sets[0].errors == ()
