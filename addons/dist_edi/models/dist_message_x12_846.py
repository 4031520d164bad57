# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""846 inventory advice out (messages of type ``x12.846.out``, one per feed run of a partner).

Queued by ``dist.partner.profile._x12_846_queue`` (the schedule or the *Send 846 now* button)
with a snapshot of the forecast per warehouse and product (``x12_846_snapshot``). Generation:

1. per product of the snapshot, the partner's own item ids: the active item cross-reference rows
   of its profile, in the profile's qualifier priority (a product without one is not sent);
2. per warehouse, the forecast minus the buffer (units, plus a percentage of a positive
   forecast), floored at 0, in the partner's unit: the cross-reference's unit and pack size
   (``pack_size`` product units per partner unit), else its unit through the unit
   cross-references, else the product's own unit; rounded down to whole partner units;
3. ``dist_core.x12.mappers.inventory_advice_to_846`` writes one LIN loop per item with one
   ``N1*WH`` loop and ``QTY*33`` per warehouse, then the interchange is numbered from the
   control-number ledger and validated by our own validator before anything is sent.
"""

import math
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import float_round

from odoo.addons.dist_integration_base.models.dist_xref_product import ITEM_QUALIFIERS
from odoo.addons.dist_integration_base.xref_resolver import parse_priority

from dist_core.canonical import (
    InventoryAdvice,
    InventoryItem,
    InventoryLocation,
    InventoryQuantity,
    ItemId,
    ItemRef,
    Party,
)
from dist_core.errors import MappingMissing
from dist_core.x12.mappers import MapperOptions, inventory_advice_to_846


class DistMessage(models.Model):
    _inherit = "dist.message"

    x12_846_snapshot = fields.Json(
        string="846 snapshot",
        readonly=True,
        copy=False,
        help="The forecast per warehouse and product and the buffer at the time the feed was "
        "queued: the 846 is written from it.",
    )

    x12_846_snapshot_summary = fields.Text(
        string="846 snapshot summary", compute="_compute_x12_846_snapshot_summary"
    )

    @api.depends("x12_846_snapshot")
    def _compute_x12_846_snapshot_summary(self):
        """The snapshot for a person: per warehouse, each product's forecast."""
        for message in self:
            snapshot = message.x12_846_snapshot
            if not snapshot:
                message.x12_846_snapshot_summary = False
                continue
            products = self.env["product.product"].sudo().browse(snapshot["products"]).exists()
            names = {str(product.id): product.display_name for product in products}
            lines = [
                self.env._(
                    "Forecast at %(time)s (UTC), buffer %(units)s units + %(percent)s %%",
                    time=snapshot["taken_at"],
                    units=snapshot["buffer_qty"],
                    percent=snapshot["buffer_percent"],
                )
            ]
            for wh in snapshot["warehouses"]:
                lines.append(f"{wh['name']} ({wh['qualifier']} {wh['code']})")
                lines += [
                    f"    {names.get(pid, pid)}: {qty:g}" for pid, qty in wh["forecast"].items()
                ]
            message.x12_846_snapshot_summary = "\n".join(lines)

    def _dist_generate_x12_846(self):
        """Generator of ``x12.846.out``: the inventory advice of the linked partner profile."""
        profile = self.env["dist.partner.profile"].sudo().browse(self.res_id).exists()
        snapshot = self.x12_846_snapshot
        if not profile or not snapshot:
            self._fail("the partner profile or the 846 snapshot is gone", problem_key="846:gone")
        self._x12_check_ids(profile, "846")
        taken = fields.Datetime.to_datetime(snapshot["taken_at"])
        items = self._x12_846_items(profile, snapshot)
        if not items:
            self._fail_mapping(
                f"no item of {profile.display_name} to advise: none of the products of the "
                "snapshot still has an item cross-reference of this partner",
                problem_key="846:no-items",
            )
        local = fields.Datetime.context_timestamp(self, taken)
        advice = InventoryAdvice(
            report_id=f"INV{taken:%Y%m%d%H%M%S}",
            report_date=local.date(),
            report_time=local.strftime("%H%M"),
            items=tuple(items),
        )
        body = inventory_advice_to_846(advice, self._x12_846_options(profile))
        return self._x12_document(profile, "846", "IB", body, advice.report_id)

    @staticmethod
    def _x12_846_options(profile):
        """LIN ids in the profile's qualifier priority, then any other qualifier the partner's
        rows use; no header N1 (each warehouse is an N1 loop of its item)."""
        priority = parse_priority(profile.item_qualifier_priority)
        others = tuple(q for q, _label in ITEM_QUALIFIERS if q not in priority)
        return MapperOptions(item_qualifiers=priority + others, inventory_party_roles=())

    # ----------------------------------------------------------------------------- items

    def _x12_846_items(self, profile, snapshot):
        """One :class:`InventoryItem` per snapshot product the partner still has ids for."""
        rows_by_product = {}
        for row in profile.xref_product_ids.filtered("active"):
            rows_by_product.setdefault(row.product_id.id, []).append(row)
        rank = {q: i for i, q in enumerate(self._x12_846_options(profile).item_qualifiers)}
        resolver = self._xref_resolver(profile)
        items = []
        for product in self.env["product.product"].sudo().browse(snapshot["products"]).exists():
            rows = rows_by_product.get(product.id)
            if rows:
                rows = sorted(rows, key=lambda r: (rank[r.qualifier], r.id))
                items.append(self._x12_846_item(profile, product, rows, snapshot, resolver))
        return items

    def _x12_846_item(self, profile, product, rows, snapshot, resolver):
        """``LIN`` with the partner's ids (``rows``, best first), then per warehouse of the
        snapshot ``N1*WH*<name>*<qualifier>*<code>~ QTY*33*<available>*<unit>~``."""
        unit, convert = self._x12_846_unit(profile, product, rows, resolver)
        locations = []
        for wh in snapshot["warehouses"]:
            quantity = self._x12_846_available(product, wh, snapshot, convert)
            party = Party("WH", (wh["name"] or "")[:60], wh["qualifier"], wh["code"] or "")
            locations.append(InventoryLocation(party, (InventoryQuantity(quantity, unit),)))
        ids = tuple(ItemId(row.qualifier, row.value) for row in rows)
        description = next((r.description for r in rows if r.description), product.name)
        return InventoryItem(ItemRef(ids, (description or "")[:80]), locations=tuple(locations))

    def _x12_846_unit(self, profile, product, rows, resolver):
        """``(partner unit code, conversion)``: the conversion turns a quantity in the product's
        unit into partner units."""
        row = next((r for r in rows if r.uom_code or r.pack_size), None)
        if row and row.pack_size > 0:
            return row.uom_code or "CA", lambda q: q / row.pack_size
        if row and row.uom_code:
            try:
                uom = resolver.uom(row.uom_code)
            except MappingMissing as exc:
                self._fail_mapping(str(exc), problem_key=exc.problem_key)
            if uom.category_id != product.uom_id.category_id:
                self._fail_mapping(
                    f"unit {row.uom_code} of {profile.display_name} cannot express "
                    f"{product.display_name} (in {product.uom_id.name}): give the item "
                    "cross-reference a pack size",
                    problem_key=f"uom:{row.uom_code}",
                )
            return row.uom_code, lambda q: product.uom_id._compute_quantity(q, uom, round=False)
        return self._x12_846_product_unit(profile, product), lambda q: q

    def _x12_846_product_unit(self, profile, product):
        """The partner's code of the product's own unit: a unit cross-reference row of that
        unit (the profile's first), ``EA`` for Odoo's *Units*."""
        rows = (
            self.env["dist.xref.uom"]
            .sudo()
            .search(
                [
                    ("uom_id", "=", product.uom_id.id),
                    ("profile_id", "in", [False, profile.id]),
                    ("company_id", "in", [False, profile.company_id.id]),
                ]
            )
            .sorted(lambda r: (not r.profile_id, not r.company_id, r.id))
        )
        if rows:
            return rows[0].code
        if product.uom_id == self.env.ref("uom.product_uom_unit"):
            return "EA"
        self._fail_mapping(
            f"no X12 unit code for {product.uom_id.name} ({product.display_name}): add a unit "
            f"cross-reference for it",
            problem_key=f"uom-out:{product.uom_id.id}",
        )

    @staticmethod
    def _x12_846_available(product, warehouse, snapshot, convert):
        """Forecast minus buffer, floored at 0, in whole partner units (rounded down)."""
        forecast = warehouse["forecast"].get(str(product.id), 0.0)
        buffer = snapshot["buffer_qty"] + max(forecast, 0.0) * snapshot["buffer_percent"] / 100
        ours = float_round(max(forecast - buffer, 0.0), precision_rounding=product.uom_id.rounding)
        # A tiny epsilon keeps 24.0 / 12 = 1.9999999 from losing a case to float noise.
        return Decimal(math.floor(convert(ours) + 1e-9))
