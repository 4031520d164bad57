"""Building blocks shared by every canonical document.

Codes stay X12 codes (party roles ``ST``/``BT``/``BY``, item qualifiers ``UP``/``EN``/``VN``, date
qualifiers ``002``/``010``): they are the vocabulary partners and the cross-reference tables
already use, so an invented enum would only add a second vocabulary to keep in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Party identification qualifiers (N103) worth naming: the cross-reference resolver keys on them.
GLN_QUALIFIER = "UL"
DUNS_QUALIFIER = "1"
DUNS4_QUALIFIER = "9"
BUYER_ASSIGNED_QUALIFIER = "92"


@dataclass(frozen=True, slots=True)
class Reference:
    """A qualified reference: ``REF*DP*038~`` (department 038), ``N9*BM*BOL123~``."""

    qualifier: str
    value: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class DateRef:
    """A qualified date: ``DTM*002*20101214~`` (delivery requested), ``G62*10*20000204~``."""

    qualifier: str
    value: date
    time: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """Free text: ``MSG*PLEASE CALL~`` (code ``MSG``) or ``NTE*GEN*FRAGILE~`` (code ``GEN``)."""

    text: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class Address:
    """Street lines (N3), then city, state, postal code and country (N4)."""

    lines: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class Party:
    """A party of an N1 loop: ``N1*ST*ACME DC*UL*0078742035260~``.

    ``role`` is N101 (ST ship-to, BT bill-to, BY buyer, SF ship-from, VN vendor, RI remit-to, WH
    warehouse, DE depositor); ``id_qualifier``/``id`` are N103/N104 (UL = GLN, 92 = the buyer's own
    store or DC number, 1 = DUNS, 9 = DUNS+4).
    """

    role: str
    name: str = ""
    id_qualifier: str = ""
    id: str = ""
    address: Address | None = None
    references: tuple[Reference, ...] = ()

    @property
    def gln(self) -> str:
        return self.id if self.id_qualifier == GLN_QUALIFIER else ""


@dataclass(frozen=True, slots=True)
class ItemId:
    """One qualifier/value pair of an item: ``UP*012345678905`` in ``PO1*...*UP*012345678905~``."""

    qualifier: str
    value: str


@dataclass(frozen=True, slots=True)
class ItemRef:
    """All the ways a partner names an item (UP, EN, UK, VN, BP, IN, SK...) plus its description."""

    ids: tuple[ItemId, ...] = ()
    description: str = ""

    def get(self, qualifier: str) -> str:
        """The value for ``qualifier``, or "" when the partner did not send it."""
        return next((i.value for i in self.ids if i.qualifier == qualifier), "")

    def first(self, priority: Iterable[str]) -> ItemId | None:
        """The first pair whose qualifier appears in ``priority``, in that priority order."""
        for qualifier in priority:
            for item_id in self.ids:
                if item_id.qualifier == qualifier and item_id.value:
                    return item_id
        return None


@dataclass(frozen=True, slots=True)
class PackSize:
    """Item packaging: ``PO4*4*6*EA~`` = 4 inner packs of 6 EA per outer pack."""

    pack: Decimal | None = None
    size: Decimal | None = None
    unit: str = ""
    packaging_code: str = ""


@dataclass(frozen=True, slots=True)
class AllowanceCharge:
    """``SAC*A*C310***1500~``: allowance (A) or charge (C), SAC02 code, amount, percent, text."""

    indicator: str
    code: str
    amount: Decimal | None = None
    percent: Decimal | None = None
    handling: str = ""
    description: str = ""

    @property
    def is_allowance(self) -> bool:
        return self.indicator == "A"


@dataclass(frozen=True, slots=True)
class Routing:
    """Carrier details: ``TD5*O*2*SCAC*M*ROUTING TEXT~`` (SCAC in TD503 when TD502 is 2)."""

    carrier_code: str = ""
    id_qualifier: str = "2"
    transport_method: str = ""
    routing: str = ""
    service_level: str = ""
    sequence: str = ""


@dataclass(frozen=True, slots=True)
class Tax:
    """``TXI*ST*12.50*6.25~``: tax type, amount, percent, jurisdiction."""

    tax_type: str
    amount: Decimal | None = None
    percent: Decimal | None = None
    jurisdiction_qualifier: str = ""
    jurisdiction: str = ""


@dataclass(frozen=True, slots=True)
class Terms:
    """``ITD*01*3*2**10**30~``: terms type, basis, discount percent/days, net days, text."""

    terms_type: str = ""
    basis: str = ""
    discount_percent: Decimal | None = None
    discount_due_date: date | None = None
    discount_days: int | None = None
    net_due_date: date | None = None
    net_days: int | None = None
    discount_amount: Decimal | None = None
    description: str = ""


def party_by_role(parties: Iterable[Party], role: str) -> Party | None:
    """The first party with N101 ``role``."""
    return next((p for p in parties if p.role == role), None)


def date_by_qualifier(dates: Iterable[DateRef], qualifier: str) -> date | None:
    """The first date with ``qualifier``."""
    return next((d.value for d in dates if d.qualifier == qualifier), None)


def reference_value(references: Iterable[Reference], qualifier: str) -> str:
    """The first reference value with ``qualifier``, or ""."""
    return next((r.value for r in references if r.qualifier == qualifier), "")
