"""3PL warehouse documents: shipping order (940), shipping advice (945), stock receipt (944) and
inventory adjustment (947)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .common import DateRef, ItemRef, Note, Party, Reference, Routing


@dataclass(frozen=True, slots=True)
class WarehouseLine:
    """``LX*1~`` + ``W01*12*CA*000100000010*VN*000100~``: one line to pick."""

    line_number: str
    item: ItemRef
    quantity: Decimal
    unit: str
    lot_number: str = ""
    references: tuple[Reference, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class WarehouseShippingOrder:
    """A warehouse shipping order (940): ``W05*N*SO0042*PO123~``.

    ``requested_ship_date``/``requested_delivery_date`` travel as G62*10/G62*02; ``routing`` as
    W66 (payment method, transport method, routing text, SCAC).
    """

    depositor_order_number: str
    po_number: str = ""
    purpose: str = "N"
    shipment_id: str = ""
    requested_ship_date: date | None = None
    requested_delivery_date: date | None = None
    payment_method: str = "PP"
    routing: Routing | None = None
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    dates: tuple[DateRef, ...] = ()
    notes: tuple[Note, ...] = ()
    lines: tuple[WarehouseLine, ...] = ()
    total_weight: Decimal | None = None
    weight_unit: str = "LB"


@dataclass(frozen=True, slots=True)
class WarehouseShipmentLine:
    """``W12*CC*12*10*2*CA*000100000010*VN*000100*LOT42~``: ordered, shipped, difference."""

    line_number: str
    item: ItemRef
    quantity: Decimal
    unit: str
    ordered_quantity: Decimal | None = None
    status: str = ""
    lot_number: str = ""
    sscc: str = ""


@dataclass(frozen=True, slots=True)
class WarehouseShipment:
    """A warehouse shipping advice (945): ``W06*F*SO0042*20240110*SHIP01**PO123~``."""

    depositor_order_number: str
    ship_date: date | None = None
    shipment_id: str = ""
    po_number: str = ""
    reporting_code: str = "F"
    routing: Routing | None = None
    bill_of_lading: str = ""
    tracking_number: str = ""
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    dates: tuple[DateRef, ...] = ()
    lines: tuple[WarehouseShipmentLine, ...] = ()
    total_quantity: Decimal | None = None
    total_weight: Decimal | None = None
    weight_unit: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """``W07*100*CA*000100000010*VN*000100***LOT42~``: quantity received of one item."""

    line_number: str
    item: ItemRef
    quantity: Decimal
    unit: str
    lot_number: str = ""


@dataclass(frozen=True, slots=True)
class WarehouseReceipt:
    """A warehouse stock transfer receipt advice (944): ``W17*F*20240110*RCPT01*PO123~``."""

    receipt_number: str
    receipt_date: date
    depositor_order_number: str = ""
    shipment_id: str = ""
    reporting_code: str = "F"
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    lines: tuple[ReceiptLine, ...] = ()
    total_quantity: Decimal | None = None


@dataclass(frozen=True, slots=True)
class AdjustmentLine:
    """``W19*AU*-5*EA**VN*000100***LOT42~``: reason code and signed quantity (debit negative)."""

    line_number: str
    reason: str
    item: ItemRef
    quantity: Decimal
    unit: str
    lot_number: str = ""


@dataclass(frozen=True, slots=True)
class InventoryAdjustment:
    """A warehouse inventory adjustment advice (947): ``W15*20240110*ADJ01*DEP01~``."""

    adjustment_date: date
    adjustment_number: str = ""
    depositor_adjustment_number: str = ""
    parties: tuple[Party, ...] = ()
    references: tuple[Reference, ...] = ()
    lines: tuple[AdjustmentLine, ...] = ()
