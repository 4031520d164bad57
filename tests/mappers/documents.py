"""One complete canonical document per outbound set, for the round-trip tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dist_core.canonical import (
    AckLine,
    Address,
    AllowanceCharge,
    DateRef,
    InventoryAdvice,
    InventoryItem,
    InventoryLocation,
    InventoryQuantity,
    Invoice,
    InvoiceLine,
    ItemId,
    ItemRef,
    LineStatus,
    Note,
    OrderAck,
    Pack,
    Party,
    Routing,
    Shipment,
    ShipmentItem,
    ShipmentOrder,
    Tare,
    Tax,
    Terms,
    WarehouseLine,
    WarehouseShippingOrder,
)
from dist_core.gs1 import build_sscc

WIDGET = ItemRef((ItemId("UP", "012345678905"), ItemId("VN", "AB3542")), "SMALL WIDGET")
CASE = ItemRef((ItemId("EN", "4006381333931"), ItemId("VN", "CD7710")))
SHIP_TO = Party(
    "ST",
    "ACME DC 42",
    "UL",
    "0078742035260",
    Address(("4500 COMMERCE PKWY",), "COLUMBUS", "OH", "43219", "US"),
)
SHIP_FROM = Party("SF", "OUR DC", "UL", "0614141000005")
PO_DATE = date(2024, 1, 5)


def ack() -> OrderAck:
    return OrderAck(
        "PO7781",
        "AC",
        PO_DATE,
        ack_date=date(2024, 1, 6),
        currency="USD",
        parties=(SHIP_TO,),
        lines=(
            AckLine(
                "1",
                Decimal(120),
                "EA",
                Decimal("9.25"),
                "TE",
                WIDGET,
                (
                    LineStatus("IA", Decimal(100), "EA"),
                    LineStatus("IB", Decimal(20), "EA", scheduled_date=date(2024, 1, 20)),
                ),
            ),
            AckLine(
                "2",
                Decimal(24),
                "CA",
                Decimal(54),
                "TE",
                CASE,
                (LineStatus("IR", Decimal(24), "CA"),),
            ),
        ),
    )


def shipment() -> Shipment:
    sscc = [build_sscc(0, "0614141", n) for n in range(1, 5)]
    item = ShipmentItem(WIDGET, Decimal(60), "EA", "1", Decimal(120), "EA", lot_number="LOT42")
    order = ShipmentOrder(
        "PO7781",
        PO_DATE,
        department="038",
        tares=(Tare(sscc[0], (Pack(sscc[1], (item,)),)),),
        packs=(
            Pack(sscc[2], (item,)),
            Pack(sscc[3], (ShipmentItem(CASE, Decimal(20), "CA", "2"),)),
        ),
    )
    return Shipment(
        "SHIP01",
        date(2024, 1, 10),
        "1530",
        estimated_delivery=date(2024, 1, 12),
        routing=Routing("UPSN", transport_method="M"),
        bill_of_lading="BOL42",
        tracking_number="1Z999",
        gross_weight=Decimal("310.5"),
        equipment_number="TR77",
        parties=(SHIP_FROM, SHIP_TO),
        orders=(order,),
    )


def invoice() -> Invoice:
    return Invoice(
        "INV001",
        date(2024, 1, 12),
        "PO7781",
        PO_DATE,
        currency="USD",
        parties=(Party("RI", "OUR CO"), SHIP_TO),
        terms=(Terms("01", "3", Decimal(2), discount_days=10, net_days=30),),
        routing=Routing("UPSN", transport_method="M"),
        lines=(
            InvoiceLine(
                "1",
                Decimal(120),
                "EA",
                Decimal("9.25"),
                "TE",
                WIDGET,
                taxes=(Tax("ST", Decimal("5.55"), Decimal("0.5")),),
            ),
            InvoiceLine(
                "2",
                Decimal(20),
                "CA",
                Decimal(54),
                "TE",
                CASE,
                (AllowanceCharge("A", "C310", Decimal("25.00")),),
            ),
        ),
        allowances_charges=(AllowanceCharge("C", "D240", Decimal("12.00")),),
    )


def inventory_advice() -> InventoryAdvice:
    return InventoryAdvice(
        "INV20240201",
        date(2024, 2, 1),
        parties=(Party("WH", "EAST DC", "92", "E1"),),
        items=(
            InventoryItem(
                WIDGET,
                (
                    InventoryQuantity(Decimal(120)),
                    InventoryQuantity(Decimal(40), available_date=date(2024, 2, 15)),
                ),
            ),
            InventoryItem(CASE, (InventoryQuantity(Decimal(0), "CA"),)),
            InventoryItem(
                CASE,
                locations=(
                    InventoryLocation(
                        Party("WH", "EAST DC", "91", "E1"), (InventoryQuantity(Decimal(7), "CA"),)
                    ),
                    InventoryLocation(
                        Party("WH", "WEST DC", "91", "W1"),
                        (InventoryQuantity(Decimal(0), "CA"),),
                        (DateRef("007", date(2024, 2, 1), "0800"),),
                    ),
                ),
            ),
        ),
    )


def shipping_order() -> WarehouseShippingOrder:
    return WarehouseShippingOrder(
        "WH/OUT/00042",
        "PO7781",
        requested_ship_date=date(2024, 2, 4),
        routing=Routing("UPSN", transport_method="M", routing="UPS GROUND"),
        parties=(SHIP_TO, Party("WH", "3PL EAST")),
        notes=(Note("CALL BEFORE"),),
        lines=(
            WarehouseLine("1", WIDGET, Decimal(120), "EA"),
            WarehouseLine("2", CASE, Decimal(24), "CA", lot_number="LOT9"),
        ),
        total_weight=Decimal(310),
    )


# set id -> (functional group id, document builder)
OUTBOUND_SAMPLES = {
    "855": ("PR", ack),
    "856": ("SH", shipment),
    "810": ("IN", invoice),
    "846": ("IB", inventory_advice),
    "940": ("OW", shipping_order),
}
