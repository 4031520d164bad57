from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import (
    InventoryAdvice,
    InventoryItem,
    InventoryQuantity,
    ItemId,
    ItemRef,
    Party,
)
from dist_core.x12.mappers import MapperOptions, MappingError, inventory_advice_to_846

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
