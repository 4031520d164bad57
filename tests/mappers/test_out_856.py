from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import (
    Address,
    ItemId,
    ItemRef,
    Pack,
    Party,
    Routing,
    Shipment,
    ShipmentItem,
    ShipmentOrder,
    Tare,
)
from dist_core.gs1 import build_sscc, is_valid_sscc
from dist_core.x12.mappers import MapperOptions, MappingError, shipment_to_856

from .x12text import render

SSCC = [build_sscc(0, "0614141", n) for n in range(1, 5)]
WIDGET = ItemRef((ItemId("UP", "012345678905"),), "SMALL WIDGET")
GADGET = ItemRef((ItemId("UP", "036000291452"),))


def _item(item=WIDGET, qty=12, line="1"):
    return ShipmentItem(item, Decimal(qty), "EA", line, Decimal(120), "EA")


def _shipment(**changes):
    order = ShipmentOrder(
        "PO123",
        date(2024, 1, 5),
        packs=(Pack(SSCC[0], (_item(),)), Pack(SSCC[1], (_item(), _item(GADGET, 6, "2")))),
    )
    fields = {
        "shipment_id": "SHIP001",
        "ship_date": date(2024, 1, 10),
        "ship_time": "1530",
        "estimated_delivery": date(2024, 1, 12),
        "routing": Routing("UPSN", transport_method="M"),
        "bill_of_lading": "BOL42",
        "tracking_number": "1Z999",
        "gross_weight": Decimal("45.5"),
        "parties": (
            Party("SF", "OUR DC", "UL", "0614141000005", Address(("9 DOCK RD",), "AKRON", "OH")),
            Party("ST", "ACME DC", "UL", "0078742035260"),
        ),
        "orders": (order,),
    }
    return Shipment(**{**fields, **changes})


def _hl(segs):
    return [s.elements[:3] for s in segs if s.tag == "HL"]


def test_bsn_with_structure_code_for_pick_and_pack():
    assert render(shipment_to_856(_shipment())[:1]) == "BSN*00*SHIP001*20240110*1530*0001~"


def test_ship_and_delivery_dates():
    text = render(shipment_to_856(_shipment()))
    assert "DTM*011*20240110~DTM*017*20240112~" in text


def test_shipment_level_carrier_weights_and_references():
    text = render(shipment_to_856(_shipment()))
    assert "TD1*CTN25*2****G*45.5*LB~TD5**2*UPSN*M~REF*BM*BOL42~REF*CN*1Z999~" in text


def test_ship_from_and_ship_to_parties():
    text = render(shipment_to_856(_shipment()))
    assert "N1*SF*OUR DC*UL*0614141000005~N3*9 DOCK RD~N4*AKRON*OH~N1*ST*" in text


def test_pick_and_pack_hl_tree_links_parents():
    assert _hl(shipment_to_856(_shipment())) == [
        ("1", "", "S"),
        ("2", "1", "O"),
        ("3", "2", "P"),
        ("4", "3", "I"),
        ("5", "2", "P"),
        ("6", "5", "I"),
        ("7", "5", "I"),
    ]


def test_pack_level_carries_valid_sscc():
    mans = [s for s in shipment_to_856(_shipment()) if s.tag == "MAN"]
    assert [m[2] for m in mans] == SSCC[:2]
    assert all(m[1] == "GM" and is_valid_sscc(m[2]) for m in mans)


def test_order_level_prf():
    assert "HL*2*1*O*1~PRF*PO123***20240105~" in render(shipment_to_856(_shipment()))


def test_item_level_lin_sn1_pid():
    text = render(shipment_to_856(_shipment()))
    assert "LIN*1*UP*012345678905~SN1*1*12*EA**120*EA~PID*F****SMALL WIDGET~" in text


def test_ctt_counts_hl_and_hashes_shipped_quantities():
    assert render(shipment_to_856(_shipment())[-1:]) == "CTT*7*30~"


def test_ctt_can_count_lin():
    segs = shipment_to_856(_shipment(), MapperOptions(asn_ctt_count="lin"))
    assert render(segs[-1:]) == "CTT*3*30~"


def test_standard_carton_sums_items_per_line():
    segs = shipment_to_856(_shipment(), MapperOptions(asn_structure="SOI"))
    assert segs[0][5] == "0004"
    assert _hl(segs) == [("1", "", "S"), ("2", "1", "O"), ("3", "2", "I"), ("4", "2", "I")]
    assert [s[2] for s in segs if s.tag == "SN1"] == ["24", "6"]
    assert not [s for s in segs if s.tag == "MAN"]


def test_tare_level_holds_pallet_sscc_and_its_packs():
    order = ShipmentOrder("PO123", tares=(Tare(SSCC[2], (Pack(SSCC[3], (_item(),)),)),))
    segs = shipment_to_856(_shipment(orders=(order,)), MapperOptions(asn_structure="SOTPI"))
    assert _hl(segs)[2:] == [("3", "2", "T"), ("4", "3", "P"), ("5", "4", "I")]
    assert [s[2] for s in segs if s.tag == "MAN"] == [SSCC[2], SSCC[3]]


def test_pallets_are_flattened_without_tare_level():
    order = ShipmentOrder("PO123", tares=(Tare(SSCC[2], (Pack(SSCC[3], (_item(),)),)),))
    segs = shipment_to_856(_shipment(orders=(order,)))
    assert [level for _, _, level in _hl(segs)] == ["S", "O", "P", "I"]


def test_lading_quantity_defaults_to_pack_count():
    segs = shipment_to_856(_shipment(gross_weight=None))
    assert render([s for s in segs if s.tag == "TD1"]) == "TD1*CTN25*2~"


def test_lot_number_as_ref_lt():
    order = ShipmentOrder(
        "PO1", items=(ShipmentItem(WIDGET, Decimal(1), "EA", "1", lot_number="L7"),)
    )
    assert "REF*LT*L7~" in render(shipment_to_856(_shipment(orders=(order,))))


def test_bad_sscc_check_digit_blocks_the_notice():
    bad = SSCC[0][:-1] + str((int(SSCC[0][-1]) + 1) % 10)
    order = ShipmentOrder("PO1", packs=(Pack(bad, (_item(),)),))
    with pytest.raises(MappingError, match="check digit"):
        shipment_to_856(_shipment(orders=(order,)))


def test_pack_without_sscc_is_error():
    order = ShipmentOrder("PO1", packs=(Pack("", (_item(),)),))
    with pytest.raises(MappingError, match="SSCC"):
        shipment_to_856(_shipment(orders=(order,)))


def test_missing_carrier_is_error_naming_it():
    with pytest.raises(MappingError, match="carrier"):
        shipment_to_856(_shipment(routing=None))


def test_shipment_without_orders_is_error():
    with pytest.raises(MappingError, match="orders"):
        shipment_to_856(_shipment(orders=()))
