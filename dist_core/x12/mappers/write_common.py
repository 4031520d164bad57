"""Writers for the segments most outbound sets share: N1 loops, DTM, REF, SAC, TD5, ITD, items."""

from __future__ import annotations

from collections.abc import Iterable

from dist_core.canonical import (
    AllowanceCharge,
    DateRef,
    ItemRef,
    Note,
    Party,
    Reference,
    Routing,
    Tax,
    Terms,
)
from dist_core.x12.segment import Segment

from .errors import MappingError
from .options import MapperOptions
from .values import fmt_cents, seg


def party_segments(party: Party) -> list[Segment]:
    """``N1*ST*ACME DC*UL*0078742035260~ N3*1 MAIN ST~ N4*SOLON*OH*44139*US~``."""
    out = [seg("N1", party.role, party.name, party.id_qualifier if party.id else "", party.id)]
    address = party.address
    if address is not None:
        lines = list(address.lines)
        out.extend(seg("N3", *lines[i : i + 2]) for i in range(0, len(lines), 2))
        if address.city or address.state or address.postal_code:
            out.append(seg("N4", address.city, address.state, address.postal_code, address.country))
    out.extend(reference_segment(ref) for ref in party.references)
    return out


def parties_segments(parties: Iterable[Party], roles: tuple[str, ...] | None) -> list[Segment]:
    """The N1 loops for ``roles`` in that order (every party, in document order, when None)."""
    parties = tuple(parties)
    if roles is not None:
        parties = tuple(p for role in roles for p in parties if p.role == role)
    return [s for party in parties for s in party_segments(party)]


def date_segment(date_ref: DateRef, tag: str = "DTM") -> Segment:
    """``DTM*011*20240110~`` (or ``G62*10*20240110~`` for the warehouse sets)."""
    if tag == "G62":
        return seg("G62", date_ref.qualifier, date_ref.value, "", date_ref.time)
    return seg("DTM", date_ref.qualifier, date_ref.value, date_ref.time)


def reference_segment(ref: Reference, tag: str = "REF") -> Segment:
    """``REF*BM*BOL123~`` or ``N9*LT*LOT42~``."""
    return seg(tag, ref.qualifier, ref.value, ref.description)


def note_segment(note: Note) -> Segment:
    """``MSG*text~`` for notes coded MSG, otherwise ``NTE*GEN*text~``."""
    if note.code == "MSG":
        return seg("MSG", note.text)
    return seg("NTE", note.code, note.text)


def allowance_segment(sac: AllowanceCharge, options: MapperOptions, sign: int = 1) -> Segment:
    """``SAC*A*C310***1500**3*2.5****02***PROMO~``: SAC05 in implied cents."""
    amount = None if sac.amount is None else sac.amount * sign
    percent_qualifier = options.sac_percent_qualifier if sac.percent is not None else ""
    return seg(
        "SAC", sac.indicator, sac.code, "", "", fmt_cents(amount), percent_qualifier,
        sac.percent, "", "", "", "", sac.handling, "", "", sac.description,
    )  # fmt: skip


def tax_segment(tax: Tax, sign: int = 1) -> Segment:
    """``TXI*ST*12.5*6.25*SP*OH~``: TXI02 is an R amount (explicit decimals)."""
    amount = None if tax.amount is None else tax.amount * sign
    return seg(
        "TXI", tax.tax_type, amount, tax.percent, tax.jurisdiction_qualifier, tax.jurisdiction
    )


def routing_segment(routing: Routing) -> Segment:
    """``TD5*O*2*UPSN*M*UPS GROUND~``."""
    if not routing.carrier_code and not routing.routing:
        raise MappingError.missing_data("TD5", "routing.carrier_code")
    qualifier = routing.id_qualifier if routing.carrier_code else ""
    return seg(
        "TD5", routing.sequence, qualifier, routing.carrier_code, routing.transport_method,
        routing.routing, "", "", "", "", "", "", routing.service_level,
    )  # fmt: skip


def terms_segment(terms: Terms) -> Segment:
    """``ITD*01*3*2**10**30*****2% 10 NET 30~``: ITD08 in implied cents."""
    return seg(
        "ITD", terms.terms_type, terms.basis, terms.discount_percent, terms.discount_due_date,
        terms.discount_days, terms.net_due_date, terms.net_days, fmt_cents(terms.discount_amount),
        "", "", "", terms.description,
    )  # fmt: skip


def item_pairs(item: ItemRef, options: MapperOptions, tag: str) -> list[str]:
    """Qualifier/value pairs in the partner's qualifier order: ``UP*012345678905*VN*AB3542``.

    An item with none of the partner's qualifiers is an error: sending an id the partner cannot
    match is the chargeback we are here to prevent.
    """
    pairs: list[str] = []
    for qualifier in options.item_qualifiers:
        value = item.get(qualifier)
        if value and len(pairs) < 2 * options.max_item_ids:
            pairs += [qualifier, value]
    if not pairs:
        wanted = "/".join(options.item_qualifiers)
        raise MappingError.missing_data(tag, f"item id with a qualifier in {wanted}")
    return pairs


def description_segment(item: ItemRef) -> list[Segment]:
    """``PID*F****SMALL WIDGET~`` when the item has a description."""
    return [seg("PID", "F", "", "", "", item.description)] if item.description else []
