"""Partner choices as data: one frozen profile per trading partner, never a code path per partner.

The Odoo partner profile builds a :class:`MapperOptions` from its fields and passes it to every
mapper; a partner that wants ``VN`` before ``UP`` or an S/O/I ship notice changes data, not code.
"""

from __future__ import annotations

from dataclasses import dataclass

# 856 HL structures we build: shipment, order, [tare], pack, item - or shipment, order, item.
ASN_STRUCTURES = {"SOPI": "0001", "SOTPI": "0001", "SOI": "0004"}
CREDIT_MODES = frozenset({"transaction_type", "negative", "both"})


@dataclass(frozen=True, slots=True)
class MapperOptions:
    """Everything a partner's implementation guide may vary, with common defaults.

    Items and units
        ``item_qualifiers``: qualifiers written, in this order, when the item has them (PO1, LIN,
        IT1, W01); ``max_item_ids``: how many pairs at most; ``unit_codes``: (ours, theirs) unit
        code pairs, applied outbound and reversed inbound; ``case_code_qualifier``: the qualifier
        under which the warehouse sets' U.P.C. case code element (W0103, W1206, W0703, W1904) is
        read and written.
    Parties
        ``*_party_roles``: which N1 loops to write (``None`` = every party of the document).
    855
        ``ack_date_qualifier`` for ACK04 (068 current schedule ship).
    856
        ``asn_structure`` (SOPI, SOTPI or SOI), ``asn_structure_code`` for BSN05 (derived when
        empty), ship/delivery DTM qualifiers, ``asn_ctt_count`` ("hl" or "lin"), SSCC qualifier.
    810
        ``credit_mode``: "transaction_type" (BIG07 = ``credit_transaction_type``, positive
        amounts), "negative" (negative quantities and TDS) or "both"; the ship date qualifier.
    846 / 940
        ``inventory_date_qualifier`` for the DTM under QTY; G62 qualifiers of the 940.
    """

    item_qualifiers: tuple[str, ...] = ("UP", "EN", "UK", "VN", "BP", "IN", "SK")
    max_item_ids: int = 5
    unit_codes: tuple[tuple[str, str], ...] = ()
    case_code_qualifier: str = "UA"
    currency_entity: str = "SE"
    ctt_hash_total: bool = True
    ack_party_roles: tuple[str, ...] | None = None
    ack_date_qualifier: str = "068"
    asn_structure: str = "SOPI"
    asn_structure_code: str = ""
    asn_ship_date_qualifier: str = "011"
    asn_delivery_date_qualifier: str = "017"
    asn_shipment_party_roles: tuple[str, ...] | None = ("SF", "ST")
    asn_order_party_roles: tuple[str, ...] | None = None
    asn_sscc_qualifier: str = "GM"
    asn_ctt_count: str = "hl"
    asn_send_ordered_quantity: bool = True
    invoice_party_roles: tuple[str, ...] | None = None
    invoice_ship_date_qualifier: str = "011"
    credit_mode: str = "transaction_type"
    credit_transaction_type: str = "CR"
    invoice_transaction_type: str = ""
    sac_percent_qualifier: str = "3"
    inventory_party_roles: tuple[str, ...] | None = None
    inventory_date_qualifier: str = "018"
    wso_party_roles: tuple[str, ...] | None = None
    wso_ship_date_qualifier: str = "10"
    wso_delivery_date_qualifier: str = "02"

    def __post_init__(self) -> None:
        # Fail when the profile is built, not in the middle of a night batch.
        if self.asn_structure not in ASN_STRUCTURES:
            raise ValueError(f"asn_structure must be one of {sorted(ASN_STRUCTURES)}")
        if self.credit_mode not in CREDIT_MODES:
            raise ValueError(f"credit_mode must be one of {sorted(CREDIT_MODES)}")
        if self.asn_ctt_count not in ("hl", "lin"):
            raise ValueError("asn_ctt_count must be 'hl' or 'lin'")
        if self.max_item_ids < 1:
            raise ValueError("max_item_ids must be at least 1")

    @property
    def bsn05(self) -> str:
        return self.asn_structure_code or ASN_STRUCTURES[self.asn_structure]

    def unit_out(self, unit: str) -> str:
        """Our unit code as the partner spells it."""
        return next((theirs for ours, theirs in self.unit_codes if ours == unit), unit)

    def unit_in(self, unit: str) -> str:
        """The partner's unit code as we spell it."""
        return next((ours for ours, theirs in self.unit_codes if theirs == unit), unit)


DEFAULT_OPTIONS = MapperOptions()
