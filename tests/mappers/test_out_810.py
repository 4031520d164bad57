from datetime import date
from decimal import Decimal

import pytest

from dist_core.canonical import (
    AllowanceCharge,
    Invoice,
    InvoiceLine,
    ItemId,
    ItemRef,
    Party,
    Routing,
    Tax,
    Terms,
)
from dist_core.x12.mappers import MapperOptions, MappingError, invoice_to_810

from .x12text import render

ITEM = ItemRef((ItemId("UP", "012345678905"), ItemId("VN", "AB3542")))


def _invoice(**changes):
    fields = {
        "invoice_number": "INV001",
        "invoice_date": date(2024, 1, 12),
        "po_number": "PO123",
        "po_date": date(2024, 1, 5),
        "parties": (Party("RI", "OUR CO"), Party("ST", "ACME DC", "UL", "0078742035260")),
        "terms": (Terms("01", "3", Decimal(2), discount_days=10, net_days=30),),
        "lines": (
            InvoiceLine("1", Decimal(24), "EA", Decimal("9.25"), "TE", ITEM),
            InvoiceLine("2", Decimal(10), "EA", Decimal("0.50"), item=ITEM),
        ),
        "allowances_charges": (AllowanceCharge("C", "D240", Decimal("12.00")),),
        "taxes": (Tax("ST", Decimal("3.10"), Decimal("1.25")),),
    }
    return Invoice(**{**fields, **changes})


def test_big_carries_dates_and_numbers():
    assert render(invoice_to_810(_invoice())[:1]) == "BIG*20240112*INV001*20240105*PO123~"


def test_it1_lines_with_partner_ids():
    text = render(invoice_to_810(_invoice()))
    assert "IT1*1*24*EA*9.25*TE*UP*012345678905*VN*AB3542~" in text


def test_tds_is_total_in_implied_cents():
    # 24 x 9.25 + 10 x 0.50 + 12.00 freight + 3.10 tax = 242.10
    tds = [s for s in invoice_to_810(_invoice()) if s.tag == "TDS"]
    assert render(tds) == "TDS*24210~"


def test_explicit_total_amount_wins():
    tds = [s for s in invoice_to_810(_invoice(total_amount=Decimal("1.005"))) if s.tag == "TDS"]
    assert render(tds) == "TDS*101~"


def test_summary_order_tds_txi_sac_ctt():
    tags = [s.tag for s in invoice_to_810(_invoice())]
    assert tags[-4:] == ["TDS", "TXI", "SAC", "CTT"]


def test_sac_amount_in_implied_cents():
    assert "SAC*C*D240***1200~" in render(invoice_to_810(_invoice()))


def test_txi_amount_and_percent():
    assert "TXI*ST*3.1*1.25~" in render(invoice_to_810(_invoice()))


def test_itd_terms():
    assert "ITD*01*3*2**10**30~" in render(invoice_to_810(_invoice()))


def test_carrier_as_cad():
    text = render(invoice_to_810(_invoice(routing=Routing("UPSN", transport_method="M"))))
    assert "CAD*M***UPSN~" in text


def test_ctt_counts_lines_and_quantities():
    assert render(invoice_to_810(_invoice())[-1:]) == "CTT*2*34~"


def test_credit_note_sets_big07_cr_with_positive_amounts():
    segs = invoice_to_810(_invoice(is_credit_note=True, original_invoice_number="INV000"))
    text = render(segs)
    assert text.startswith("BIG*20240112*INV001*20240105*PO123***CR~")
    assert "REF*OI*INV000~" in text
    assert "TDS*24210~" in text


def test_purpose_code_goes_to_big08():
    big = invoice_to_810(_invoice(purpose_code="05"))[0]
    assert render([big]) == "BIG*20240112*INV001*20240105*PO123****05~"
    credit = invoice_to_810(_invoice(is_credit_note=True, purpose_code="05"))[0]
    assert render([credit]) == "BIG*20240112*INV001*20240105*PO123***CR*05~"


def test_credit_note_negative_mode_negates_quantities_and_total():
    segs = invoice_to_810(_invoice(is_credit_note=True), MapperOptions(credit_mode="negative"))
    text = render(segs)
    assert "BIG*20240112*INV001*20240105*PO123~" in text
    assert "IT1*1*-24*EA*9.25" in text
    assert "TDS*-24210~" in text


def test_credit_note_both_mode():
    segs = invoice_to_810(_invoice(is_credit_note=True), MapperOptions(credit_mode="both"))
    text = render(segs)
    assert "***CR~" in text
    assert "TDS*-24210~" in text


def test_invoice_without_lines_is_error():
    with pytest.raises(MappingError, match="lines"):
        invoice_to_810(_invoice(lines=()))


def test_unknown_credit_mode_is_rejected_when_profile_is_built():
    with pytest.raises(ValueError, match="credit_mode"):
        MapperOptions(credit_mode="sometimes")
