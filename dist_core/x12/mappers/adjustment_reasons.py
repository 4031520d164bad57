"""947 W1901 (element 181, quantity or status adjustment reason): the code and what it means.

A 947 says ``W19*AU*-5*EA**UP*012345678905~``; the stock move that applies it reads "AU Damaged in
Facility", so the reason stays visible in the stock history of the warehouse.
"""

from __future__ import annotations

ADJUSTMENT_REASONS: dict[str, str] = {
    "04": "Receipt Less Than Previously Reported",
    "05": "Product Put on Hold",
    "07": "Product Dumped or Destroyed",
    "51": "Unable-to-Locate (UTL) Product Located",
    "52": "Recoup/Rework of Damaged Product",
    "53": "Shipment Less Than Previously Reported",
    "55": "Product Taken Off Hold",
    "56": "Book Adjustment Increase",
    "AA": "Physical Count",
    "AB": "Accounting Error",
    "AC": "Condition Change",
    "AD": "Purpose Change",
    "AE": "Reidentification",
    "AF": "Stock Number Change",
    "AG": "Ownership Change",
    "AH": "Other",
    "AI": "Disaster",
    "AK": "Transfer",
    "AL": "Capitalization",
    "AN": "Unit of Issue Change",
    "AR": "Order Shipment Error",
    "AS": "Recouping",
    "AT": "Prepack Preparation",
    "AU": "Damaged in Facility",
    "AV": "Damaged in Transit",
    "AW": "Product Recall",
    "AX": "Shelf-life Obsolescence",
    "AY": "Receipt Error",
    "BM": "Replacement",
    "BN": "Tariff Deduction",
    "BR": "Regrade",
    "BS": "Downgrade",
    "CD": "Product Donations",
    "CO": "Consignment",
    "TC": "Tax Conversion",
}


def adjustment_reason(code: str) -> str:
    """``"AU"`` -> ``"AU Damaged in Facility"``; an unlisted code is kept as it came."""
    code = (code or "").strip().upper()
    meaning = ADJUSTMENT_REASONS.get(code)
    return f"{code} {meaning}" if meaning else code
