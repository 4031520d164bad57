import json
from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import (
    DOCUMENTS,
    Address,
    CanonicalError,
    ItemId,
    ItemRef,
    Order,
    OrderLine,
    Party,
    dump_document,
    from_dict,
    load_document,
    to_dict,
)


def _order():
    return Order(
        po_number="PO123",
        order_date=date(2024, 1, 5),
        parties=(Party("ST", "ACME DC", "UL", "0078742035260", Address(("1 MAIN ST",), "SOLON")),),
        lines=(
            OrderLine(
                "1",
                Decimal("120"),
                "EA",
                Decimal("9.25"),
                item=ItemRef((ItemId("UP", "012345678905"),)),
            ),
        ),
    )


def test_documents_are_frozen():
    with pytest.raises(FrozenInstanceError):
        _order().po_number = "X"  # type: ignore[misc]


def test_to_dict_encodes_decimal_as_string_and_date_as_iso():
    data = to_dict(_order())
    assert data["order_date"] == "2024-01-05"
    assert data["lines"][0]["unit_price"] == "9.25"


def test_to_dict_leaves_out_defaults():
    data = to_dict(_order())
    assert "currency" not in data
    assert "purpose" not in data


def test_json_round_trip_is_equal():
    order = _order()
    assert load_document(json.loads(json.dumps(dump_document(order)))) == order


def test_dump_document_names_the_document():
    assert dump_document(_order())["document"] == "order"


def test_every_registered_document_is_a_dataclass_with_slots():
    for cls in DOCUMENTS.values():
        assert hasattr(cls, "__slots__")


def test_from_dict_rejects_unknown_field_with_path():
    with pytest.raises(CanonicalError, match="lines\\[0\\]"):
        from_dict(Order, {"po_number": "P", "lines": [{"bogus": 1}]})


def test_from_dict_rejects_bad_decimal_with_path():
    data = to_dict(_order())
    data["lines"][0]["quantity"] = "12x"
    with pytest.raises(CanonicalError, match="lines\\[0\\].quantity"):
        from_dict(Order, data)


def test_from_dict_rejects_nan():
    data = to_dict(_order())
    data["lines"][0]["quantity"] = "NaN"
    with pytest.raises(CanonicalError):
        from_dict(Order, data)


def test_from_dict_accepts_json_float_without_binary_noise():
    data = to_dict(_order())
    data["lines"][0]["unit_price"] = 9.25
    assert from_dict(Order, data).lines[0].unit_price == Decimal("9.25")


def test_from_dict_reports_missing_required_field():
    with pytest.raises(CanonicalError, match="po_number"):
        from_dict(Order, {})


def test_load_document_rejects_unknown_document():
    with pytest.raises(CanonicalError, match="unknown canonical document"):
        load_document({"document": "pizza"})
