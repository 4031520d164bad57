from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import ItemId
from dist_core.x12.mappers import MapperOptions, MappingError, order_from_850
from dist_core.x12.mappers.loops import body

from .x12text import segments

PO = (
    "ST*850*0001~"
    "BEG*00*SA*PO123**20240105*CT7~"
    "CUR*BY*USD~"
    "REF*DP*038~"
    "ITD*01*3*2**10**30~"
    "DTM*002*20240201~"
    "DTM*038*20240125~"
    "TD5*O*2*UPSN*M*UPS GROUND~"
    "MSG*CALL BEFORE DELIVERY~"
    "N1*BT*ACME HQ*92*0001~"
    "N1*ST*ACME DC*UL*0078742035260~"
    "N3*1 MAIN ST*DOCK 4~"
    "N4*SOLON*OH*44139*US~"
    "PO1*1*120*EA*9.25*TE*UP*012345678905*VN*AB3542~"
    "PID*F****SMALL WIDGET~"
    "PO4*4*6*EA*CTN~"
    "SAC*A*C310***1500~"
    "PO1**12*CA*20**EN*4006381333931~"
    "CTT*2~"
    "AMT*TT*1350~"
    "SE*19*0001~"
)


def _order(text=PO, **options):
    return order_from_850(segments(text), options=MapperOptions(**options))


def test_beg_gives_po_number_purpose_type_and_date():
    order = _order()
    assert (order.po_number, order.purpose, order.order_type) == ("PO123", "00", "SA")
    assert order.order_date == date(2024, 1, 5)
    assert order.contract_number == "CT7"


def test_currency_from_cur02():
    assert _order().currency == "USD"


def test_ship_to_keeps_gln_and_address():
    ship_to = _order().ship_to
    assert ship_to.gln == "0078742035260"
    assert ship_to.address.lines == ("1 MAIN ST", "DOCK 4")
    assert (ship_to.address.city, ship_to.address.postal_code) == ("SOLON", "44139")


def test_bill_to_keeps_store_number_qualifier_92():
    bill_to = _order().bill_to
    assert (bill_to.id_qualifier, bill_to.id) == ("92", "0001")


def test_dates_by_qualifier():
    order = _order()
    assert order.date_for("002") == date(2024, 2, 1)
    assert order.date_for("038") == date(2024, 1, 25)


def test_routing_from_td5():
    routing = _order().routings[0]
    assert (routing.carrier_code, routing.transport_method, routing.routing) == (
        "UPSN",
        "M",
        "UPS GROUND",
    )


def test_terms_from_itd():
    terms = _order().terms[0]
    assert (terms.discount_percent, terms.discount_days, terms.net_days) == (Decimal(2), 10, 30)


def test_header_reference_and_note():
    order = _order()
    assert order.references[0].value == "038"
    assert order.notes[0].text == "CALL BEFORE DELIVERY"


def test_line_quantity_unit_price_and_item_ids():
    line = _order().lines[0]
    assert (line.quantity, line.unit, line.unit_price) == (Decimal(120), "EA", Decimal("9.25"))
    assert line.item.ids == (ItemId("UP", "012345678905"), ItemId("VN", "AB3542"))
    assert line.item.description == "SMALL WIDGET"


def test_line_pack_size_from_po4():
    pack = _order().lines[0].pack
    assert (pack.pack, pack.size, pack.unit) == (Decimal(4), Decimal(6), "EA")


def test_line_allowance_amount_has_implied_cents():
    sac = _order().lines[0].allowances_charges[0]
    assert (sac.indicator, sac.code, sac.amount) == ("A", "C310", Decimal("15.00"))


def test_empty_po101_becomes_line_rank():
    assert _order().lines[1].line_number == "2"


def test_summary_line_count_and_total():
    order = _order()
    assert (order.line_count, order.total_amount) == (2, Decimal(1350))


def test_partner_unit_code_is_translated():
    assert _order(unit_codes=(("CS", "CA"),)).lines[1].unit == "CS"


def test_accepts_body_without_st_and_se():
    inner = PO.split("~", 1)[1].rsplit("SE*", 1)[0]
    assert _order(inner) == _order()


def test_missing_po_number_is_positioned_error():
    with pytest.raises(MappingError) as info:
        _order("ST*850*1~BEG*00*SA***20240105~PO1*1*1*EA~")
    assert (info.value.tag, info.value.position.segment, info.value.position.element) == (
        "BEG",
        2,
        3,
    )
    assert not info.value.retryable


def test_bad_quantity_is_positioned_error():
    with pytest.raises(MappingError) as info:
        _order("ST*850*1~BEG*00*SA*P1**20240105~PO1*1*1O*EA~")
    assert info.value.issue.element_ref == "PO102"
    assert info.value.position.segment == 3


def test_bad_date_is_positioned_error():
    with pytest.raises(MappingError, match="DTM02"):
        _order("ST*850*1~BEG*00*SA*P1**20240105~DTM*002*20241332~PO1*1*1*EA~")


def test_missing_beg_is_error():
    with pytest.raises(MappingError, match="BEG"):
        _order("ST*850*1~PO1*1*1*EA~")


def test_body_positions_segments_without_st():
    assert [s.position for s in body(segments("BEG*00*SA*P~PO1*1*1*EA~"))] == [2, 3]
