from datetime import date
from decimal import Decimal

from dist_core.canonical import (
    AllowanceCharge,
    ChangeLine,
    DateRef,
    Invoice,
    InvoiceLine,
    ItemId,
    ItemRef,
    Order,
    OrderChange,
    Pack,
    Party,
    ShipmentItem,
    ShipmentOrder,
    Tare,
    Tax,
)


def test_item_ref_first_follows_priority_not_message_order():
    item = ItemRef((ItemId("VN", "AB1"), ItemId("UP", "012345678905")))
    assert item.first(["UP", "VN"]) == ItemId("UP", "012345678905")


def test_item_ref_get_returns_empty_when_absent():
    assert ItemRef((ItemId("VN", "AB1"),)).get("UP") == ""


def test_party_gln_only_for_ul_qualifier():
    assert Party("ST", id_qualifier="UL", id="0078742035260").gln == "0078742035260"
    assert Party("ST", id_qualifier="92", id="0042").gln == ""


def test_order_party_and_date_helpers():
    order = Order(
        "PO1",
        parties=(Party("BT", "HQ"), Party("ST", "DC 42")),
        dates=(DateRef("002", date(2024, 2, 1)),),
    )
    assert order.ship_to.name == "DC 42"
    assert order.bill_to.name == "HQ"
    assert order.buyer is None
    assert order.date_for("002") == date(2024, 2, 1)


def test_order_change_classifies_lines():
    change = OrderChange(
        "PO1",
        "04",
        lines=(ChangeLine("1", "AI"), ChangeLine("2", "DI"), ChangeLine("3", "QD")),
    )
    assert [c.line_number for c in change.added_lines] == ["1"]
    assert [c.line_number for c in change.removed_lines] == ["2"]
    assert [c.line_number for c in change.changed_lines] == ["3"]
    assert not change.is_cancellation


def test_order_change_purpose_01_is_cancellation():
    assert OrderChange("PO1", "01").is_cancellation


def test_shipment_order_collects_items_from_tares_packs_and_loose():
    item = ShipmentItem(ItemRef(), Decimal(1), "EA")
    order = ShipmentOrder(
        "PO1",
        tares=(Tare("1", (Pack("a", (item,)),)),),
        packs=(Pack("b", (item, item)),),
        items=(item,),
    )
    assert [p.sscc for p in order.all_packs()] == ["a", "b"]
    assert len(order.all_items()) == 4


def test_invoice_computed_total_adds_charges_and_taxes_minus_allowances():
    invoice = Invoice(
        "INV1",
        date(2024, 1, 12),
        lines=(InvoiceLine("1", Decimal(2), "EA", Decimal("10.00")),),
        allowances_charges=(
            AllowanceCharge("C", "D240", Decimal("5.00")),
            AllowanceCharge("A", "C310", Decimal("1.50")),
        ),
        taxes=(Tax("ST", Decimal("1.20")),),
    )
    assert invoice.computed_total() == Decimal("24.70")
