from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import ItemId
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.mappers import MappingError, order_change_from_860

from .x12text import segments

CHANGE = (
    "ST*860*0001~"
    "BCH*04*SA*PO123**2*20240105~"
    "DTM*002*20240210~"
    "N1*ST*ACME DC*UL*0078742035260~"
    "POC*1*QD*100*100*EA*9.25*TE*UP*012345678905~"
    "POC*2*DI*0*0*EA**TE*UP*036000291452~"
    "POC*3*AI*12*12*CA*20*TE*EN*4006381333931~"
    "PID*F****NEW GADGET~"
    "POC*4*CT*50*50*EA~"
    "DTM*002*20240215~"
    "CTT*4~"
    "SE*12*0001~"
)


def _change(text=CHANGE, delimiters=None):
    return order_change_from_860(segments(text), delimiters)


def test_bch_purpose_po_sequence_and_date():
    change = _change()
    assert (change.purpose, change.po_number, change.change_sequence) == ("04", "PO123", "2")
    assert change.order_date == date(2024, 1, 5)
    assert not change.is_cancellation


def test_header_dates_and_parties():
    change = _change()
    assert change.date_for("002") == date(2024, 2, 10)
    assert change.ship_to.gln == "0078742035260"


def test_quantity_change_line():
    line = _change().changed_lines[0]
    assert (line.line_number, line.change_code, line.quantity) == ("1", "QD", Decimal(100))
    assert line.item.ids == (ItemId("UP", "012345678905"),)


def test_deleted_and_added_lines():
    change = _change()
    assert [line.line_number for line in change.removed_lines] == ["2"]
    added = change.added_lines[0]
    assert (added.unit, added.unit_price, added.item.description) == (
        "CA",
        Decimal(20),
        "NEW GADGET",
    )


def test_line_date_change():
    line = _change().lines[3]
    assert line.change_code == "CT"
    assert line.dates[0].value == date(2024, 2, 15)


def test_composite_unit_takes_first_component():
    text = "BCH*04*SA*PO1~POC*1*QI*5*5*CS^X*1~"
    change = _change(text, Delimiters(component="^", repetition="!"))
    assert change.lines[0].unit == "CS"


def test_cancellation_without_lines():
    change = _change("ST*860*1~BCH*01*SA*PO123**3*20240105~SE*3*1~")
    assert change.is_cancellation
    assert change.lines == ()


def test_missing_change_code_is_positioned_error():
    with pytest.raises(MappingError) as info:
        _change("ST*860*1~BCH*04*SA*PO1~POC*1**5~")
    assert info.value.issue.element_ref == "POC02"
    assert info.value.position.segment == 3
