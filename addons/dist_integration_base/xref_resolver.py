# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One resolver for every flow: partner codes to Odoo records through the cross-reference tables.

A handler creates one resolver per run (``env["dist.partner.profile"]._resolver(profile)``) and
asks it for products, units, ship-to addresses and carriers. The resolver caches every answer for
its lifetime, misses included, and resolves whole documents in a handful of queries
(:meth:`XrefResolver.product_many`). A miss raises :class:`dist_core.errors.MappingMissing` with a
stable ``problem_key`` (``item:UP:012345678905``, ``uom:CA``, ``location:92:0042``,
``carrier:ODFL``), so the engine opens one exception per missing mapping and a replay after the
fix resolves it.

Lookup order, for every kind: a row of the partner's profile, then a global row of the profile's
company, then a global row without company. Items additionally fall back, per profile option, on
the product's own barcode (UP/EN/UK, compared as GTIN-14) and internal reference (VN/SK).
"""

from dataclasses import dataclass

from odoo.tools import float_round

from dist_core.errors import MappingMissing
from dist_core.gs1 import is_valid_gtin, to_gtin14

DEFAULT_ITEM_PRIORITY = "UP,EN,UK,VN,BP,IN,SK"
GTIN_QUALIFIERS = frozenset({"UP", "EN", "UK"})
CODE_QUALIFIERS = frozenset({"VN", "SK"})


def normalize_item(qualifier, value):
    """The value item cross-references are compared on: GTIN-14 for GTINs, else the stripped
    value (a UPC-A ``012345678905`` and an EAN-13 ``0012345678905`` are the same item)."""
    value = (value or "").strip()
    if qualifier in GTIN_QUALIFIERS and is_valid_gtin(value):
        return to_gtin14(value)
    return value


def parse_priority(text):
    """``"UP, en,UK"`` -> ``("UP", "EN", "UK")``."""
    return tuple(part.strip().upper() for part in (text or "").split(",") if part.strip())


def gtin_variants(gtin14):
    """The barcodes a product may carry for ``gtin14``: the GTIN-14 and its 13, 12 and 8 digit
    forms when the dropped digits are leading zeros."""
    return {gtin14[-length:] for length in (14, 13, 12, 8) if not gtin14[:-length].strip("0")}


@dataclass(frozen=True)
class ProductMatch:
    """A resolved item: the product, the cross-reference row (empty recordset when the product's
    own barcode or internal reference matched) and the partner reference that matched."""

    product: object
    xref: object
    qualifier: str
    value: str


class XrefResolver:
    """Resolves partner codes for one profile (or, without profile, the global rows of a company).

    Runs as superuser with explicit company scoping: a handler's rights must not change what a
    mapping resolves to.
    """

    def __init__(self, env, profile=None, company=None):
        self.env = env(su=True)
        self.profile = (profile or env["dist.partner.profile"]).with_env(self.env)
        self.company = company or self.profile.company_id or env.company
        if self.profile:
            self.priority = parse_priority(self.profile.item_qualifier_priority)
            self.match_barcode = self.profile.match_product_barcode
            self.match_code = self.profile.match_product_default_code
        else:
            self.priority = parse_priority(DEFAULT_ITEM_PRIORITY)
            self.match_barcode = self.match_code = True
        self._cache = {}
        # Read once: error messages of cached misses must not cost queries either.
        self.label = self.profile.display_name if self.profile else self.company.name

    # ----------------------------------------------------------------------------- items

    def product(self, refs):
        """The ``product.product`` for ``refs``, an iterable of ``(qualifier, value)`` pairs of one
        line, tried in the profile's qualifier priority. Raises MappingMissing (``item:Q:V``)."""
        return self.product_match(refs).product

    def product_match(self, refs):
        """Like :meth:`product`, but returns the :class:`ProductMatch` (for the pack size)."""
        return self.product_many([refs])[0]

    def product_many(self, refs_list, raise_missing=True):
        """Resolve many lines at once: a list of :class:`ProductMatch`, one per entry of
        ``refs_list``, in a bounded number of queries whatever the number of lines.

        With ``raise_missing`` (default) the first unresolved line raises MappingMissing, whose
        message lists every unknown item of the document; otherwise unresolved lines are None.
        """
        lines = [self._ordered(refs) for refs in refs_list]
        todo = {key for line in lines for key in line if ("item", *key) not in self._cache}
        if todo:
            self._load_items(todo)
        results, misses = [], []
        for line in lines:
            hits = [self._cache[("item", *key)] for key in line]
            match = next((hit for hit in hits if isinstance(hit, ProductMatch)), None)
            results.append(match)
            if match is None:
                misses.append(self._item_miss(line, hits))
        if misses and raise_missing:
            first = misses[0]
            message = str(first)
            if len(misses) > 1:
                others = ", ".join(miss.problem_key for miss in misses[1:11])
                message += f" ({len(misses) - 1} more unknown items: {others})"
            raise MappingMissing(message, problem_key=first.problem_key)
        return results

    def _ordered(self, refs):
        """``refs`` stripped, deduplicated and sorted by the profile's qualifier priority (stable:
        qualifiers outside the priority keep their order, after the listed ones)."""
        rank = {qualifier: index for index, qualifier in enumerate(self.priority)}
        keys = []
        for qualifier, value in refs:
            qualifier = (qualifier or "").strip().upper()
            value = (value or "").strip()
            if qualifier and value and (qualifier, value) not in keys:
                keys.append((qualifier, value))
        return sorted(keys, key=lambda key: rank.get(key[0], len(rank)))

    def _item_miss(self, line, hits):
        if not line:
            return MappingMissing("An item line carries no product reference.", problem_key="item")
        reasons = [hit for hit in hits if isinstance(hit, str)]
        refs = ", ".join(f"{qualifier} {value}" for qualifier, value in line)
        detail = "; ".join(reasons) or "no cross-reference and no matching product"
        qualifier, value = line[0]
        return MappingMissing(
            f"Unknown item {refs} for {self.label}: {detail}.",
            problem_key=f"item:{qualifier}:{value}",
        )

    def _load_items(self, keys):
        """Fill the cache for ``keys`` ((qualifier, value) pairs): explicit rows first (one
        query), then the products' barcodes and internal references (one query each)."""
        normalized = {key: normalize_item(*key) for key in keys}
        rows = self._rows(
            "dist.xref.product",
            [
                ("qualifier", "in", list({key[0] for key in keys})),
                ("lookup_value", "in", list(set(normalized.values()))),
            ],
        )
        best = {}
        for row in rows:
            best.setdefault((row.qualifier, row.lookup_value), row)
        left = set()
        for key in keys:
            row = best.get((key[0], normalized[key]))
            if row:
                self._cache[("item", *key)] = ProductMatch(row.product_id, row, *key)
            else:
                self._cache[("item", *key)] = None
                left.add(key)
        if self.match_barcode:
            self._load_by_barcode(
                {key: normalized[key] for key in left if key[0] in GTIN_QUALIFIERS}
            )
        if self.match_code:
            self._load_by_code({key for key in left if key[0] in CODE_QUALIFIERS})

    def _load_by_barcode(self, keys):
        if not keys:
            return
        candidates = set()
        for value in keys.values():
            candidates |= gtin_variants(value) if len(value) == 14 else {value}
        products = self._products([("barcode", "in", list(candidates))])
        by_gtin = {}
        for product in products:
            code = product.barcode.strip()
            by_gtin.setdefault(to_gtin14(code) if is_valid_gtin(code) else code, []).append(product)
        for key, value in keys.items():
            self._store_fallback(key, by_gtin.get(value, []), "barcode")

    def _load_by_code(self, keys):
        if not keys:
            return
        products = self._products([("default_code", "in", list({key[1] for key in keys}))])
        by_code = {}
        for product in products:
            by_code.setdefault(product.default_code, []).append(product)
        for key in keys:
            self._store_fallback(key, by_code.get(key[1], []), "internal reference")

    def _store_fallback(self, key, products, what):
        if len(products) == 1:
            empty = self.env["dist.xref.product"]
            self._cache[("item", *key)] = ProductMatch(products[0], empty, *key)
        elif products:
            # A string records why it is a miss: an explicit cross-reference settles it.
            self._cache[("item", *key)] = f"{len(products)} products share the {what} {key[1]}"

    def _products(self, domain):
        company = [("company_id", "in", [False, self.company.id])]
        return self.env["product.product"].search(domain + company, order="id")

    # ----------------------------------------------------------------------------- other kinds

    def uom(self, code):
        """The ``uom.uom`` for a partner unit code (EA, CA, LB...). Raises MappingMissing
        (``uom:CODE``)."""
        code = (code or "").strip().upper()
        row = self._lookup("uom", "dist.xref.uom", [("code", "=", code)], (code,))
        if not row:
            raise MappingMissing(
                f"Unit code {code!r} of {self.label} is not mapped to a unit of measure.",
                problem_key=f"uom:{code}",
            )
        return row.uom_id

    def location(self, qualifier, value):
        """The delivery address (``res.partner``) for a location code (store number with
        qualifier 92, GLN with UL, DUNS+4 with 9...). Raises MappingMissing
        (``location:Q:V``)."""
        qualifier, value = (qualifier or "").strip().upper(), (value or "").strip()
        domain = [("qualifier", "=", qualifier), ("value", "=", value)]
        row = self._lookup("location", "dist.xref.location", domain, (qualifier, value))
        if not row:
            raise MappingMissing(
                f"Location {qualifier} {value} of {self.label} is not mapped to an address.",
                problem_key=f"location:{qualifier}:{value}",
            )
        return row.address_id

    def carrier(self, scac, service_level=None):
        """The ``dist.xref.carrier`` row for a SCAC (and service level: an exact row wins over
        one without level). Raises MappingMissing (``carrier:SCAC``)."""
        scac = (scac or "").strip().upper()
        level = (service_level or "").strip().upper()
        key = ("carrier", scac, level)
        if key not in self._cache:
            rows = self._rows("dist.xref.carrier", [("scac", "=", scac)])
            exact = rows.filtered(lambda r: (r.service_level or "") == level)[:1]
            self._cache[key] = exact or rows.filtered(lambda r: not r.service_level)[:1]
        if not self._cache[key]:
            raise MappingMissing(
                f"Carrier SCAC {scac} of {self.label} is not mapped.",
                problem_key=f"carrier:{scac}",
            )
        return self._cache[key]

    def convert_quantity(self, product, quantity, unit_code, pack_size=0.0, xref=None):
        """A partner quantity in ``unit_code`` as a quantity in the product's unit of measure.

        A unit mapped to a unit of the product's category converts through Odoo's units (EA,
        DZ, a per-partner "case of 12"...). Otherwise the pack size (``pack_size``, else the
        item cross-reference's when its unit is ``unit_code`` or empty) multiplies: 2 CA of 12
        are 24 units. Raises MappingMissing (``uom:CODE``) when neither applies.
        """
        code = (unit_code or "").strip().upper()
        target = product.uom_id
        try:
            unit = self.uom(code)
        except MappingMissing:
            unit = None
        if unit and unit.category_id == target.category_id:
            return unit._compute_quantity(quantity, target, rounding_method="HALF-UP")
        if not pack_size and xref and xref.pack_size and (xref.uom_code or code) == code:
            pack_size = xref.pack_size
        if pack_size and pack_size > 0:
            return float_round(quantity * pack_size, precision_rounding=target.rounding)
        raise MappingMissing(
            f"Unit {code!r} of {self.label} cannot be converted to {target.name} for "
            f"{product.display_name}: map the unit or give a pack size.",
            problem_key=f"uom:{code}",
        )

    # ----------------------------------------------------------------------------- helpers

    def _lookup(self, kind, model, domain, key):
        """The best row of ``model`` for ``domain``, cached (misses too) under ``(kind, *key)``."""
        cache_key = (kind, *key)
        if cache_key not in self._cache:
            self._cache[cache_key] = self._rows(model, domain)[:1]
        return self._cache[cache_key]

    def _rows(self, model, domain):
        """Active rows of ``model`` visible to the profile, best first: the profile's own, then
        the company's global ones, then global ones without company."""
        scope = [
            ("profile_id", "in", [False, *self.profile.ids]),
            ("company_id", "in", [False, self.company.id]),
        ]
        rows = self.env[model].search(domain + scope)
        return rows.sorted(lambda r: (not r.profile_id, not r.company_id, r.id))
