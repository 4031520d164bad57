from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import ItemId, ItemRef, LineStatus
from dist_core.canonical.acknowledgment import (
    AckFacts,
    ack_line,
    ack_type,
    acknowledge,
    line_statuses,
    price_changed,
)
from dist_core.x12.mappers import ack_to_855

ITEM = ItemRef((ItemId("UP", "012345678905"),))


def _facts(**changes):
    values = {
        "line_number": "1",
        "ordered_quantity": Decimal(10),
        "unit": "EA",
        "quantity": Decimal(10),
        "ordered_price": Decimal("9.25"),
        "price": Decimal("9.25"),
        "available": Decimal(50),
        "item": ITEM,
    }
    return AckFacts(**{**values, **changes})


def _codes(facts):
    return [(s.status, s.quantity) for s in line_statuses(facts)]


def test_clean_line_is_accepted_with_its_quantity():
    assert _codes(_facts()) == [("IA", Decimal(10))]


def test_not_stock_managed_is_accepted():
    assert _codes(_facts(available=None)) == [("IA", Decimal(10))]


def test_no_forecast_backorders_the_whole_line():
    assert _codes(_facts(available=Decimal(0))) == [("IB", Decimal(10))]
    assert _codes(_facts(available=Decimal(-4))) == [("IB", Decimal(10))]


def test_partial_forecast_splits_into_accepted_and_backordered():
    assert _codes(_facts(available=Decimal(4))) == [("IA", Decimal(4)), ("IB", Decimal(6))]


def test_partial_forecast_counts_whole_partner_units():
    # 2 cases of 12 ordered, 13 units in stock: 1 case now, 1 backordered.
    facts = _facts(
        ordered_quantity=Decimal(2),
        unit="CA",
        quantity=Decimal(24),
        factor=Decimal(12),
        ordered_price=Decimal(42),
        price=Decimal("3.5"),
        available=Decimal(13),
    )
    assert _codes(facts) == [("IA", Decimal(1)), ("IB", Decimal(1))]


@pytest.mark.parametrize("quantity", [None, Decimal(0)])
def test_gone_or_zero_line_is_rejected_with_the_ordered_quantity(quantity):
    assert _codes(_facts(quantity=quantity)) == [("IR", Decimal(10))]


def test_quantity_change_wins_over_a_shortage():
    assert _codes(_facts(quantity=Decimal(6), available=Decimal(0))) == [("IQ", Decimal(6))]


def test_quantity_in_partner_units():
    facts = _facts(ordered_quantity=Decimal(2), unit="CA", quantity=Decimal(36), factor=Decimal(12))
    assert _codes(facts) == [("IQ", Decimal(3))]


def test_price_change_is_reported_and_our_price_goes_in_po104():
    facts = _facts(price=Decimal("9.75"))
    assert _codes(facts) == [("IP", Decimal(10))]
    line = ack_line(facts)
    assert line.unit_price == Decimal("9.75")
    assert line.quantity == Decimal(10)


def test_price_rounded_at_intake_is_not_a_change():
    # 10.00 per case of 12 was stored as 0.83 per unit: not a price change.
    facts = _facts(
        ordered_quantity=Decimal(1),
        unit="CA",
        quantity=Decimal(12),
        factor=Decimal(12),
        ordered_price=Decimal("10.00"),
        price=Decimal("0.83"),
    )
    assert not price_changed(facts)
    assert _codes(facts) == [("IA", Decimal(1))]
    assert ack_line(facts).unit_price == Decimal("10.00")


def test_substitution():
    assert _codes(_facts(substituted=True)) == [("IS", Decimal(10))]


def test_ack_types():
    accepted = ack_line(_facts())
    back = ack_line(_facts(available=Decimal(0)))
    rejected = ack_line(_facts(quantity=None))
    assert ack_type([accepted, accepted]) == "AD"
    assert ack_type([accepted, back]) == "AC"
    assert ack_type([accepted, rejected]) == "AC"
    assert ack_type([rejected, rejected]) == "RJ"
    assert ack_type([]) == "RJ"
    assert ack_type([accepted], exceptions_only=True) == "AK"
    assert ack_type([accepted, back], exceptions_only=True) == "AE"


def test_acknowledge_builds_an_order_ack_the_855_mapper_writes():
    ack = acknowledge(
        "PO-1",
        [_facts(), _facts(line_number="2", available=Decimal(0))],
        po_date=date(2024, 1, 2),
        ack_date=date(2024, 1, 3),
        seller_order_number="S00042",
    )
    assert ack.ack_type == "AC"
    assert [line.statuses for line in ack.lines] == [
        (LineStatus("IA", Decimal(10), "EA"),),
        (LineStatus("IB", Decimal(10), "EA"),),
    ]
    text = "~".join("*".join((s.tag, *s.elements)) for s in ack_to_855(ack))
    assert text.startswith("BAK*00*AC*PO-1*20240102****S00042*20240103~")
    assert "PO1*1*10*EA*9.25**UP*012345678905~ACK*IA*10*EA~" in text
    assert "ACK*IB*10*EA" in text


def test_exceptions_only_keeps_the_exception_lines():
    ack = acknowledge(
        "PO-1",
        [_facts(), _facts(line_number="2", price=Decimal(1))],
        po_date=date(2024, 1, 2),
        exceptions_only=True,
    )
    assert ack.ack_type == "AE"
    assert [line.line_number for line in ack.lines] == ["2"]
