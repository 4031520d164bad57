from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import ItemId
from dist_core.x12.mappers import (
    MappingError,
    inventory_adjustment_from_947,
    warehouse_receipt_from_944,
    warehouse_shipment_from_945,
)

from .x12text import segments

SHIP_ADVICE = (
    "ST*945*0001~"
    "W06*F*SO0042*20240110*SHIP01**PO123~"
    "N1*ST*ACME DC*UL*0078742035260~"
    "N9*BM*BOL42~"
    "N9*CN*1Z999~"
    "G62*11*20240110~"
    "W27*M*UPSN*UPS GROUND~"
    "LX*1~"
    "MAN*GM*006141410000000012~"
    "W12*CC*12*12**CA*000100000010*VN*000100*LOT42~"
    "G69*STRUDEL~"
    "LX*2~"
    "W12*CP*10*8*2*EA**UP*012345678905~"
    "N9*LT*LOT7~"
    "MAN*GM*006141410000000029~"
    "W03*20*45.5*LB~"
    "SE*17*0001~"
)


def _advice(text=SHIP_ADVICE):
    return warehouse_shipment_from_945(segments(text))


def test_945_header_identifiers():
    advice = _advice()
    assert (advice.depositor_order_number, advice.shipment_id, advice.po_number) == (
        "SO0042",
        "SHIP01",
        "PO123",
    )
    assert advice.ship_date == date(2024, 1, 10)


def test_945_carrier_bill_of_lading_and_tracking():
    advice = _advice()
    assert advice.routing.carrier_code == "UPSN"
    assert (advice.bill_of_lading, advice.tracking_number) == ("BOL42", "1Z999")


def test_945_full_line_with_case_code_lot_and_lx_level_sscc():
    line = _advice().lines[0]
    assert (line.line_number, line.status, line.quantity, line.unit) == ("1", "CC", 12, "CA")
    assert line.item.ids == (ItemId("UA", "000100000010"), ItemId("VN", "000100"))
    assert (line.lot_number, line.sscc) == ("LOT42", "006141410000000012")
    assert line.item.description == "STRUDEL"


def test_945_short_line_keeps_ordered_and_shipped():
    line = _advice().lines[1]
    assert (line.ordered_quantity, line.quantity) == (Decimal(10), Decimal(8))
    assert (line.lot_number, line.sscc) == ("LOT7", "006141410000000029")


def test_945_totals():
    advice = _advice()
    assert (advice.total_quantity, advice.total_weight, advice.weight_unit) == (20, 45.5, "LB")


def test_945_ship_date_falls_back_to_g62_11():
    text = SHIP_ADVICE.replace("W06*F*SO0042*20240110*", "W06*F*SO0042**")
    assert _advice(text).ship_date == date(2024, 1, 10)


def test_945_without_w06_is_error():
    with pytest.raises(MappingError, match="W06"):
        _advice("ST*945*1~LX*1~W12*CC*1*1**EA~")


def test_945_missing_shipped_quantity_is_positioned_error():
    with pytest.raises(MappingError) as info:
        _advice("ST*945*1~W06*F*SO1~LX*1~W12*CC*1***EA~")
    assert (info.value.issue.element_ref, info.value.position.segment) == ("W1203", 4)


RECEIPT = (
    "ST*944*0001~"
    "W17*F*20240110*RCPT01*PO777*SHIP9~"
    "N1*WH*3PL EAST~"
    "N9*PO*PO777~"
    "LX*1~"
    "W07*100*CA*000100000010*VN*000100***LOT42~"
    "LX*2~"
    "W07*5*EA**UP*012345678905~"
    "W14*105~"
    "SE*10*0001~"
)


def test_944_receipt_header():
    receipt = warehouse_receipt_from_944(segments(RECEIPT))
    assert (receipt.receipt_number, receipt.receipt_date) == ("RCPT01", date(2024, 1, 10))
    assert (receipt.depositor_order_number, receipt.shipment_id) == ("PO777", "SHIP9")
    assert receipt.total_quantity == 105


def test_944_receipt_lines():
    first, second = warehouse_receipt_from_944(segments(RECEIPT)).lines
    assert (first.quantity, first.unit, first.lot_number) == (100, "CA", "LOT42")
    assert second.item.ids == (ItemId("UP", "012345678905"),)


ADJUSTMENT = (
    "ST*947*0001~"
    "W15*20240110*ADJ01*DEP01~"
    "N1*WH*3PL EAST~"
    "LX*1~"
    "W19*AU*-5*EA**VN*000100***LOT42~"
    "LX*2~"
    "W19*AA*3*EA*000100000010~"
    "SE*8*0001~"
)


def test_947_adjustment_header():
    adjustment = inventory_adjustment_from_947(segments(ADJUSTMENT))
    assert adjustment.adjustment_date == date(2024, 1, 10)
    assert (adjustment.adjustment_number, adjustment.depositor_adjustment_number) == (
        "ADJ01",
        "DEP01",
    )


def test_947_lines_keep_reason_and_signed_quantity():
    damaged, counted = inventory_adjustment_from_947(segments(ADJUSTMENT)).lines
    assert (damaged.reason, damaged.quantity, damaged.lot_number) == ("AU", Decimal(-5), "LOT42")
    assert counted.item.ids == (ItemId("UA", "000100000010"),)


def test_947_missing_reason_is_error():
    with pytest.raises(MappingError, match="W1901"):
        inventory_adjustment_from_947(segments("W15*20240110*A1~W19**1*EA*000100000010~"))
