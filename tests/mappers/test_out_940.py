from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import (
    ItemId,
    ItemRef,
    Note,
    Party,
    Reference,
    Routing,
    WarehouseLine,
    WarehouseShippingOrder,
)
from dist_core.x12.mappers import MappingError, shipping_order_to_940

from .x12text import render

CASE = ItemRef((ItemId("UA", "000100000010"), ItemId("VN", "000100")), "STRUDEL")


def _order(**changes):
    fields = {
        "depositor_order_number": "SO0042",
        "po_number": "PO123",
        "requested_ship_date": date(2024, 2, 4),
        "requested_delivery_date": date(2024, 2, 7),
        "routing": Routing("UPSN", transport_method="M", routing="UPS GROUND"),
        "parties": (Party("ST", "ACME DC", "UL", "0078742035260"), Party("WH", "3PL EAST")),
        "references": (Reference("BR", "R1121"),),
        "notes": (Note("SHIP ON CHEP PALLETS"),),
        "lines": (
            WarehouseLine("1", CASE, Decimal(12), "CA", lot_number="L7"),
            WarehouseLine("2", ItemRef((ItemId("UP", "012345678905"),)), Decimal(3), "EA"),
        ),
        "total_weight": Decimal(500),
    }
    return WarehouseShippingOrder(**{**fields, **changes})


def test_w05_header():
    assert render(shipping_order_to_940(_order())[:1]) == "W05*N*SO0042*PO123~"


def test_parties_references_dates_notes_routing_in_order():
    text = render(shipping_order_to_940(_order()))
    assert (
        "N1*WH*3PL EAST~N9*BR*R1121~G62*10*20240204~G62*02*20240207~"
        "NTE*WHI*SHIP ON CHEP PALLETS~W66*PP*M***UPS GROUND*****UPSN~"
    ) in text


def test_line_with_case_code_pair_description_and_lot():
    text = render(shipping_order_to_940(_order()))
    assert "LX*1~W01*12*CA*000100000010*VN*000100~G69*STRUDEL~N9*LT*L7~" in text


def test_line_without_case_code_leaves_w0103_empty():
    assert "W01*3*EA**UP*012345678905~" in render(shipping_order_to_940(_order()))


def test_w76_totals():
    assert render(shipping_order_to_940(_order())[-1:]) == "W76*15*500*LB~"


def test_order_without_lines_is_error():
    with pytest.raises(MappingError, match="lines"):
        shipping_order_to_940(_order(lines=()))
