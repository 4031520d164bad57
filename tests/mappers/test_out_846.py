from datetime import date, datetime
from decimal import Decimal

import pytest

from dist_core.canonical import (
    Address,
    DateRef,
    InventoryAdvice,
    InventoryItem,
    InventoryLocation,
    InventoryQuantity,
    ItemId,
    ItemRef,
    Party,
    Reference,
)
from dist_core.x12.delimiters import Delimiters
from dist_core.x12.mappers import MapperOptions, MappingError, inventory_advice_to_846
from dist_core.x12.validator import validate
from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange

from .x12text import render


def _advice(**changes):
    fields = {
        "report_id": "INV20240201",
        "report_date": date(2024, 2, 1),
        "parties": (Party("WH", "EAST DC", "92", "E1"),),
        "items": (
            InventoryItem(
                ItemRef((ItemId("UP", "012345678905"), ItemId("VN", "AB3542")), "WIDGET"),
                (
                    InventoryQuantity(Decimal(120)),
                    InventoryQuantity(Decimal(40), available_date=date(2024, 2, 15)),
                ),
            ),
            InventoryItem(ItemRef((ItemId("VN", "XY1"),)), (InventoryQuantity(Decimal(0)),)),
        ),
    }
    return InventoryAdvice(**{**fields, **changes})


def test_bia_header():
    assert render(inventory_advice_to_846(_advice())[:1]) == "BIA*00*DD*INV20240201*20240201~"


def test_warehouse_party():
    assert "N1*WH*EAST DC*92*E1~" in render(inventory_advice_to_846(_advice()))


def test_item_with_description_and_quantities():
    text = render(inventory_advice_to_846(_advice()))
    assert (
        "LIN*1*UP*012345678905*VN*AB3542~PID*F****WIDGET~QTY*33*120*EA~QTY*33*40*EA~"
        "DTM*018*20240215~"
    ) in text


def test_zero_quantity_is_sent():
    assert "LIN*2*VN*XY1~QTY*33*0*EA~" in render(inventory_advice_to_846(_advice()))


def test_ctt_counts_items():
    assert render(inventory_advice_to_846(_advice())[-1:]) == "CTT*2~"


def test_partner_unit_code():
    options = MapperOptions(unit_codes=(("EA", "EACH"),))
    assert "QTY*33*120*EACH~" in render(inventory_advice_to_846(_advice(), options))


def test_missing_report_id_is_error():
    with pytest.raises(MappingError, match="report_id"):
        inventory_advice_to_846(_advice(report_id=""))


def _by_warehouse(*locations):
    item = ItemRef((ItemId("IN", "88-1042"),))
    return _advice(parties=(), items=(InventoryItem(item, locations=locations),))


def test_bia_time():
    advice = _advice(report_time="0800")
    assert render(inventory_advice_to_846(advice)[:1]) == "BIA*00*DD*INV20240201*20240201*0800~"


def test_quantities_per_warehouse():
    advice = _by_warehouse(
        InventoryLocation(Party("WH", "EAST DC", "91", "E1"), (InventoryQuantity(Decimal(12)),)),
        InventoryLocation(Party("WH", "WEST DC", "91", "W1"), (InventoryQuantity(Decimal(0)),)),
    )
    assert render(inventory_advice_to_846(advice)[1:]) == (
        "LIN*1*IN*88-1042~N1*WH*EAST DC*91*E1~QTY*33*12*EA~N1*WH*WEST DC*91*W1~QTY*33*0*EA~CTT*1~"
    )


def test_location_dates_follow_its_quantities():
    location = InventoryLocation(
        Party("WH", "EAST DC", "91", "E1"),
        (InventoryQuantity(Decimal(3), "CA"), InventoryQuantity(Decimal(40), qualifier="17")),
        (DateRef("007", date(2024, 2, 1)),),
    )
    text = render(inventory_advice_to_846(_by_warehouse(location)))
    assert "N1*WH*EAST DC*91*E1~QTY*33*3*CA~QTY*17*40*EA~DTM*007*20240201~" in text


def test_location_address():
    party = Party("WH", "EAST DC", "91", "E1", Address(("1 DOCK RD",), "AKRON", "OH", "44301"))
    text = render(inventory_advice_to_846(_by_warehouse(InventoryLocation(party))))
    assert "N1*WH*EAST DC*91*E1~N3*1 DOCK RD~N4*AKRON*OH*44301~" in text


def test_location_without_name_or_id_is_error():
    with pytest.raises(MappingError, match="location name or id"):
        inventory_advice_to_846(_by_warehouse(InventoryLocation(Party("WH"))))


def test_location_quantity_with_date_is_error():
    quantity = InventoryQuantity(Decimal(4), available_date=date(2024, 2, 15))
    location = InventoryLocation(Party("WH", "EAST DC"), (quantity,))
    with pytest.raises(MappingError, match="available date"):
        inventory_advice_to_846(_by_warehouse(location))


def test_location_references_are_error():
    party = Party("WH", "EAST DC", references=(Reference("DP", "9"),))
    with pytest.raises(MappingError, match="no REF here"):
        inventory_advice_to_846(_by_warehouse(InventoryLocation(party)))


def test_per_warehouse_advice_validates():
    advice = _by_warehouse(
        InventoryLocation(Party("WH", "EAST DC", "91", "E1"), (InventoryQuantity(Decimal(12)),)),
        InventoryLocation(Party("WH", "WEST DC", "91", "W1"), (InventoryQuantity(Decimal(5)),)),
    )
    group = GroupOut(
        "IB", "OURCO", "PARTNER", 7, (SetOut("846", 1, inventory_advice_to_846(advice)),)
    )
    text = write_interchange(
        InterchangeOut("ZZ", "OURCO", "ZZ", "PARTNER", 7, (group,)),
        Delimiters(),
        when=datetime(2024, 2, 1, 8, 0),
    )
    (result,) = validate(text.encode())
    (group_result,) = result.groups
    assert [s.errors for s in group_result.sets] == [()]
