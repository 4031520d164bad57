"""Invoices and credit notes (810)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .common import (
    AllowanceCharge,
    DateRef,
    ItemRef,
    Note,
    Party,
    Reference,
    Routing,
    Tax,
    Terms,
    party_by_role,
)


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """``IT1*1*24*EA*9.25*TE*UP*012345678905*VN*AB3542~`` with its PID, SAC and TXI."""

    line_number: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    price_basis: str = ""
    item: ItemRef = ItemRef()
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    taxes: tuple[Tax, ...] = ()

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


@dataclass(frozen=True, slots=True)
class Invoice:
    """An invoice (810): ``BIG*20240112*INV001*20240105*PO123~``; a credit note when flagged.

    How a credit note travels (BIG07 ``CR``, negative amounts, or both) is a mapper option; the
    canonical document always holds positive quantities and amounts. ``purpose_code`` is BIG08
    (empty: not sent; ``00`` original, ``05`` replace for an invoice sent again after a change).
    ``total_amount`` is the TDS01 total; when None the mapper computes it from lines, summary
    allowances/charges and taxes.
    """

    invoice_number: str
    invoice_date: date
    po_number: str = ""
    po_date: date | None = None
    is_credit_note: bool = False
    purpose_code: str = ""
    original_invoice_number: str = ""
    release_number: str = ""
    currency: str = ""
    parties: tuple[Party, ...] = ()
    dates: tuple[DateRef, ...] = ()
    references: tuple[Reference, ...] = ()
    terms: tuple[Terms, ...] = ()
    routing: Routing | None = None
    notes: tuple[Note, ...] = ()
    lines: tuple[InvoiceLine, ...] = ()
    allowances_charges: tuple[AllowanceCharge, ...] = ()
    taxes: tuple[Tax, ...] = ()
    total_amount: Decimal | None = None

    def party(self, role: str) -> Party | None:
        return party_by_role(self.parties, role)

    def computed_total(self) -> Decimal:
        """Lines, plus charges, minus allowances, plus taxes (line level and summary level)."""
        total = sum((line.amount for line in self.lines), Decimal(0))
        charges = [*self.allowances_charges]
        taxes = [*self.taxes]
        for line in self.lines:
            charges.extend(line.allowances_charges)
            taxes.extend(line.taxes)
        for sac in charges:
            amount = sac.amount or Decimal(0)
            total += -amount if sac.is_allowance else amount
        total += sum((tax.amount or Decimal(0) for tax in taxes), Decimal(0))
        return total
