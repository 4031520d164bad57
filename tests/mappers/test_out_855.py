from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import AckLine, ItemId, ItemRef, LineStatus, OrderAck, Party
from dist_core.x12.mappers import MapperOptions, MappingError, ack_to_855

from .x12text import render

ITEM = ItemRef((ItemId("VN", "AB3542"), ItemId("UP", "012345678905")))


def _ack(**changes):
    fields = {
        "po_number": "PO123",
        "ack_type": "AC",
        "po_date": date(2024, 1, 5),
        "ack_date": date(2024, 1, 6),
        "parties": (Party("ST", "ACME DC", "UL", "0078742035260"),),
        "lines": (
            AckLine(
                "1",
                Decimal(120),
                "EA",
                Decimal("9.25"),
                "TE",
                ITEM,
                (
                    LineStatus("IA", Decimal(100), "EA"),
                    LineStatus("IB", Decimal(20), "EA", scheduled_date=date(2024, 1, 20)),
                ),
            ),
        ),
    }
    return OrderAck(**{**fields, **changes})


def test_bak_carries_purpose_type_po_and_dates():
    assert render(ack_to_855(_ack())[:1]) == "BAK*00*AC*PO123*20240105*****20240106~"


def test_ship_to_party_is_written_as_n1():
    assert "N1*ST*ACME DC*UL*0078742035260~" in render(ack_to_855(_ack()))


def test_po1_uses_partner_item_qualifier_order():
    text = render(ack_to_855(_ack()))
    assert "PO1*1*120*EA*9.25*TE*UP*012345678905*VN*AB3542~" in text


def test_one_ack_per_status_with_schedule_date_qualifier():
    text = render(ack_to_855(_ack()))
    assert "ACK*IA*100*EA~ACK*IB*20*EA*068*20240120~" in text


def test_ack_date_qualifier_is_an_option():
    text = render(ack_to_855(_ack(), MapperOptions(ack_date_qualifier="067")))
    assert "ACK*IB*20*EA*067*20240120~" in text


def test_ctt_counts_lines_and_hashes_quantities():
    assert render(ack_to_855(_ack())[-1:]) == "CTT*1*120~"


def test_ctt_hash_can_be_left_out():
    assert render(ack_to_855(_ack(), MapperOptions(ctt_hash_total=False))[-1:]) == "CTT*1~"


def test_party_roles_option_filters_n1():
    text = render(ack_to_855(_ack(), MapperOptions(ack_party_roles=("BT",))))
    assert "N1*" not in text


def test_rejection_without_lines_has_no_ctt():
    segs = ack_to_855(_ack(ack_type="RJ", lines=()))
    assert [s.tag for s in segs] == ["BAK", "N1"]


def test_item_without_partner_qualifier_is_error():
    with pytest.raises(MappingError, match="PO1"):
        ack_to_855(_ack(), MapperOptions(item_qualifiers=("BP",)))


def test_missing_po_date_is_error():
    with pytest.raises(MappingError, match="po_date"):
        ack_to_855(_ack(po_date=None))


def test_line_without_status_is_error():
    line = AckLine("1", Decimal(1), "EA", item=ITEM)
    with pytest.raises(MappingError, match="statuses"):
        ack_to_855(_ack(lines=(line,)))
