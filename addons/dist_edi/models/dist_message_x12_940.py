# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""940 warehouse shipping order out (messages of type ``x12.940.out``, one per delivery).

Queued by ``stock.picking._dist_3pl_queue_940`` when a delivery of a warehouse run by a 3PL
(``stock.warehouse.dist_3pl_profile_id``) becomes ready. Generation, from the picking as it is
then:

1. W05: purpose N, the picking's name as depositor order number (the 3PL's 945 gives it back in
   W06 and finds the picking again), the customer's PO (or the picking's origin);
2. N1*ST the delivery address, N1*DE our company (the depositor); G62*10 the scheduled date,
   G62*02 the deadline when there is one;
3. W66: prepaid, motor carrier, the SCAC of the EDI order's requested carrier when a carrier
   cross-reference gives one (the 3PL's rows first), its name as routing;
4. per move, in the product's unit: LX, W01 with the 3PL's item ids (its item cross-references,
   then the internal reference as VN and the barcode as UP/EN/UK, in the 3PL profile's qualifier
   priority), G69 the product name;
5. ``dist_core.x12.mappers.shipping_order_to_940`` writes the body; the interchange is numbered
   from the control-number ledger with the 3PL's ids, version and delimiters and validated by our
   own validator, with the 3PL profile's partner rules, before it may leave.
"""

from decimal import Decimal

from odoo import fields, models
from odoo.tools import float_round

from dist_core.canonical import (
    Address,
    ItemId,
    ItemRef,
    Party,
    Routing,
    WarehouseLine,
    WarehouseShippingOrder,
)
from dist_core.errors import Category
from dist_core.x12.mappers import shipping_order_to_940

# Barcode length -> item qualifier (UPC-A, EAN-13, GTIN-14).
BARCODE_QUALIFIERS = {12: "UP", 13: "EN", 14: "UK"}


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_generate_x12_940(self):
        """Generator of ``x12.940.out``: the shipping order of the linked delivery."""
        picking = self.env["stock.picking"].browse(self.res_id).exists()
        cancel = self.idempotency_key.endswith(":cancel")
        if not picking or picking.state == "done" or (picking.state == "cancel") != cancel:
            self._fail(
                "the delivery to send to the 3PL is gone, done, or "
                + ("not cancelled (cancel 940)" if cancel else "cancelled"),
                category=Category.BUSINESS_RULE,
                problem_key="940:gone",
            )
        profile = picking._dist_3pl_profile()
        if not profile:
            self._fail(
                f"the warehouse of {picking.name} is not run by a 3PL (no 3PL profile on it)",
                category=Category.BUSINESS_RULE,
                problem_key="940:profile",
            )
        self._x12_check_ids(profile, "940")
        order = self._x12_940_order(picking, profile, purpose="F" if cancel else "N")
        body = shipping_order_to_940(order, self._x12_850_mapper_options(profile))
        label = f"{picking.name} cancel" if cancel else picking.name
        return self._x12_document(profile, "940", "OW", body, label)

    # ----------------------------------------------------------------------------- the order

    def _x12_940_order(self, picking, profile, purpose="N"):
        """The canonical :class:`WarehouseShippingOrder` of ``picking`` (``purpose`` F: the
        cancellation of the order sent before, with the same lines)."""
        if not picking.partner_id:
            self._fail(
                f"{picking.name} has no delivery address: the 3PL needs a ship-to",
                category=Category.BUSINESS_RULE,
                problem_key="940:ship-to",
            )
        scheduled = fields.Datetime.context_timestamp(self, picking.scheduled_date)
        deadline = picking.date_deadline
        return WarehouseShippingOrder(
            depositor_order_number=picking.name,
            purpose=purpose,
            po_number=(picking.sale_id.client_order_ref or picking.origin or "")[:22],
            requested_ship_date=scheduled.date() if scheduled else None,
            requested_delivery_date=(
                fields.Datetime.context_timestamp(self, deadline).date() if deadline else None
            ),
            routing=self._x12_940_routing(picking, profile),
            parties=(
                self._x12_940_party("ST", picking.partner_id),
                self._x12_940_party("DE", picking.company_id.partner_id),
            ),
            lines=tuple(self._x12_940_lines(picking, profile, cancelled=purpose == "F")),
        )

    @staticmethod
    def _x12_940_party(role, partner):
        """``N1*ST*ACME DC 42~ N3*100 MAIN ST~ N4*SPRINGFIELD*IL*62701*US~``."""
        address = Address(
            lines=tuple(x[:55] for x in (partner.street, partner.street2) if x),
            city=(partner.city or "")[:30],
            state=partner.state_id.code or "",
            postal_code=partner.zip or "",
            country=partner.country_id.code or "",
        )
        return Party(role, name=(partner.display_name or "")[:60], address=address)

    def _x12_940_routing(self, picking, profile):
        """W66: the SCAC of the EDI order's requested carrier, when a carrier cross-reference of
        the 3PL, of the customer or a global one gives it; motor carrier, prepaid."""
        carrier = picking.sale_id.dist_edi_carrier_partner_id
        scac = ""
        if carrier:
            rows = (
                self.env["dist.xref.carrier"]
                .sudo()
                .search(
                    [
                        ("carrier_partner_id", "=", carrier.id),
                        ("company_id", "in", [False, picking.company_id.id]),
                    ]
                )
            )
            rows = rows.sorted(lambda r: (r.profile_id != profile, not r.company_id, r.id))
            scac = rows[:1].scac or ""
        return Routing(carrier_code=scac, transport_method="M", routing=(carrier.name or "")[:35])

    def _x12_940_lines(self, picking, profile, cancelled=False):
        """One :class:`WarehouseLine` per move to ship (of a cancelled picking: per move it had),
        in the product's unit."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        moves = picking.move_ids.filtered(
            lambda m: (cancelled or m.state != "cancel") and m.product_uom_qty > 0
        )
        for number, move in enumerate(moves.sorted("id"), start=1):
            product = move.product_id
            quantity = move.product_uom._compute_quantity(move.product_uom_qty, product.uom_id)
            yield WarehouseLine(
                line_number=str(number),
                item=ItemRef(self._x12_3pl_item_ids(product, profile), (product.name or "")[:80]),
                quantity=Decimal(str(float_round(quantity, precision_digits=digits))),
                unit=self._x12_3pl_unit_code(product.uom_id, profile),
            )

    # ----------------------------------------------------------------------------- ids

    def _x12_3pl_item_ids(self, product, profile):
        """The ids the 3PL knows ``product`` by: its item cross-references (the 3PL's, then the
        company's and global ones), the internal reference (VN) and the barcode (UP/EN/UK). The
        945/944/947 name items by one of these, and the resolver finds them back."""
        rows = (
            self.env["dist.xref.product"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product.id),
                    ("profile_id", "in", [False, profile.id]),
                    ("company_id", "in", [False, profile.company_id.id]),
                ]
            )
            .sorted(lambda r: (not r.profile_id, not r.company_id, r.id))
        )
        ids = [ItemId(row.qualifier, row.value) for row in rows]
        if product.default_code:
            ids.append(ItemId("VN", product.default_code))
        barcode = (product.barcode or "").strip()
        if barcode.isdigit() and len(barcode) in BARCODE_QUALIFIERS:
            ids.append(ItemId(BARCODE_QUALIFIERS[len(barcode)], barcode))
        seen, unique = set(), []
        for item_id in ids:
            if item_id.qualifier not in seen:
                seen.add(item_id.qualifier)
                unique.append(item_id)
        if not unique:
            self._fail_mapping(
                f"{product.display_name} has no id the 3PL {profile.display_name} can know it "
                "by: give it an internal reference, a barcode or an item cross-reference",
                problem_key=f"3pl-item:{product.id}",
            )
        return tuple(unique)

    def _x12_3pl_unit_code(self, uom, profile):
        """The X12 unit code of ``uom``: a unit cross-reference of the 3PL, else a company or
        global one (EA for Units)."""
        rows = (
            self.env["dist.xref.uom"]
            .sudo()
            .search(
                [
                    ("uom_id", "=", uom.id),
                    ("profile_id", "in", [False, profile.id]),
                    ("company_id", "in", [False, profile.company_id.id]),
                ]
            )
            .sorted(lambda r: (not r.profile_id, not r.company_id, r.id))
        )
        if not rows:
            self._fail_mapping(
                f"no unit code for the unit {uom.name} on {profile.display_name}: add a unit "
                "cross-reference",
                problem_key=f"uom-out:{uom.id}",
            )
        return rows[0].code
