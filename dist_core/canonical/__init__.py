"""The canonical data model: typed, frozen, dependency-free documents between X12 and Odoo.

Every inbound mapper produces one of these documents and every outbound mapper consumes one; the
Odoo side stores them as JSON through :func:`dump_document`/:func:`load_document`.
"""

from __future__ import annotations

from typing import Any

from .common import (
    Address,
    AllowanceCharge,
    DateRef,
    ItemId,
    ItemRef,
    Note,
    PackSize,
    Party,
    Reference,
    Routing,
    Tax,
    Terms,
)
from .convert import CanonicalError, from_dict, to_dict
from .inventory import InventoryAdvice, InventoryItem, InventoryLocation, InventoryQuantity
from .invoice import Invoice, InvoiceLine
from .order import AckLine, ChangeLine, LineStatus, Order, OrderAck, OrderChange, OrderLine
from .shipment import Pack, Shipment, ShipmentItem, ShipmentOrder, Tare
from .warehouse import (
    AdjustmentLine,
    InventoryAdjustment,
    ReceiptLine,
    WarehouseLine,
    WarehouseReceipt,
    WarehouseShipment,
    WarehouseShipmentLine,
    WarehouseShippingOrder,
)

# The stable names documents carry in stored JSON ("document": "order"); never rename one.
DOCUMENTS: dict[str, type] = {
    "order": Order,
    "order_change": OrderChange,
    "order_ack": OrderAck,
    "shipment": Shipment,
    "invoice": Invoice,
    "inventory_advice": InventoryAdvice,
    "warehouse_shipping_order": WarehouseShippingOrder,
    "warehouse_shipment": WarehouseShipment,
    "warehouse_receipt": WarehouseReceipt,
    "inventory_adjustment": InventoryAdjustment,
}
_NAMES = {cls: name for name, cls in DOCUMENTS.items()}


def dump_document(document: Any) -> dict[str, Any]:
    """``{"document": "order", ...fields}``: a top-level document as JSON-ready data."""
    try:
        name = _NAMES[type(document)]
    except KeyError:
        raise CanonicalError("", f"{type(document).__name__} is not a canonical document") from None
    return {"document": name, **to_dict(document)}


def load_document(data: Any) -> Any:
    """The inverse of :func:`dump_document`."""
    if not isinstance(data, dict):
        raise CanonicalError("", "expected an object")
    fields = dict(data)
    name = fields.pop("document", None)
    if name not in DOCUMENTS:
        raise CanonicalError("document", f"unknown canonical document {name!r}")
    return from_dict(DOCUMENTS[name], fields)


__all__ = [
    "DOCUMENTS",
    "AckLine",
    "Address",
    "AdjustmentLine",
    "AllowanceCharge",
    "CanonicalError",
    "ChangeLine",
    "DateRef",
    "InventoryAdjustment",
    "InventoryAdvice",
    "InventoryItem",
    "InventoryLocation",
    "InventoryQuantity",
    "Invoice",
    "InvoiceLine",
    "ItemId",
    "ItemRef",
    "LineStatus",
    "Note",
    "Order",
    "OrderAck",
    "OrderChange",
    "OrderLine",
    "Pack",
    "PackSize",
    "Party",
    "ReceiptLine",
    "Reference",
    "Routing",
    "Shipment",
    "ShipmentItem",
    "ShipmentOrder",
    "Tare",
    "Tax",
    "Terms",
    "WarehouseLine",
    "WarehouseReceipt",
    "WarehouseShipment",
    "WarehouseShipmentLine",
    "WarehouseShippingOrder",
    "dump_document",
    "from_dict",
    "load_document",
    "to_dict",
]
