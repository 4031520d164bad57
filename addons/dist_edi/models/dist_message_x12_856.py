# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""856 advance ship notice out (messages of type ``x12.856.out``, one per delivery picking).

Queued by ``stock.picking._dist_edi_queue_856`` when a delivery of an EDI sale order is done
(a backorder is another picking, so it ships on its own 856). Generation:

1. read the 850 the order came from again: the PO number and date, the ship-to as the partner
   sent it, and per PO line the partner's own item ids, unit and the factor between their unit
   and ours (the lines resolved as at intake);
2. the carrier's SCAC from the carrier cross-reference of the order's requested carrier (a
   missing mapping blocks the 856 with an exception naming it);
3. the done move lines of the picking, per package (``result_package_id``): each package is a
   pack level with its SSCC-18 (assigned once from the company's ``dist.edi.sscc`` ledger and
   kept on the package), items summed per PO line and lot; unpacked lines are loose items;
4. ``dist_core.x12.mappers.shipment_to_856`` writes the HL tree (pick and pack S/O/P/I, or
   standard carton S/O/I per the profile's ``asn_structure``), then the interchange is numbered
   from the control-number ledger, written with the partner's delimiters and validated by our own
   validator and the HL checker before anything is sent.
"""

import dataclasses
from collections import defaultdict
from decimal import Decimal

from odoo import fields, models
from odoo.exceptions import UserError

from dist_core.canonical import (
    Address,
    Pack,
    Party,
    Routing,
    Shipment,
    ShipmentItem,
    ShipmentOrder,
)
from dist_core.errors import Category
from dist_core.x12.hl import hl_tree
from dist_core.x12.mappers import shipment_to_856
from dist_core.x12.reader import read

# Odoo's weight unit names -> X12 TD107 unit codes.
WEIGHT_UNITS = {"kg": "KG", "lb": "LB", "lbs": "LB"}


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_generate_x12_856(self):
        """Generator of ``x12.856.out``: the ship notice of the linked delivery picking."""
        picking = self.env["stock.picking"].browse(self.res_id).exists()
        sale = picking.sale_id
        if not picking or picking.state != "done" or not sale.dist_edi_message_id:
            self._fail(
                "the delivery to announce is gone, not done, or not of an EDI order",
                problem_key="856:gone",
            )
        po_message = sale.dist_edi_message_id
        profile = po_message._partner_profile()
        if not profile:
            self._fail_mapping(
                f"no trading partner profile for {sale.partner_id.display_name} on "
                f"{po_message.backend_id.name}",
                problem_key="856:profile",
            )
        self._x12_856_check_ids(profile)
        order, resolved = self._x12_855_read_850(po_message, profile)
        routing = self._x12_856_routing(sale, order, profile)
        options = dataclasses.replace(
            po_message._x12_850_mapper_options(profile),
            asn_structure=profile.asn_structure or "SOPI",
        )
        shipment = self._x12_856_shipment(picking, sale, order, resolved, routing)
        body = shipment_to_856(shipment, options)
        text, (isa, group, set_control) = self._x12_write_document(profile, "856", "SH", body)
        self._x12_856_validate(text)
        self.sudo().write(
            {
                "partner_id": profile.partner_id.id,
                "x12_group_control": str(group),
                "x12_set_control": set_control,
                "external_ref": f"856 {group}/{set_control} {picking.name} PO {order.po_number}",
            }
        )
        return text.encode(), f"856-{profile.x12_isa_id}-{isa:09d}.x12"

    def _x12_856_check_ids(self, profile):
        backend = self.backend_id
        missing = [
            label
            for label, value in (
                (f"our ISA id on backend {backend.name}", backend.x12_isa_id),
                (f"the ISA qualifier of {profile.display_name}", profile.x12_isa_qualifier),
                (f"the ISA id of {profile.display_name}", profile.x12_isa_id),
            )
            if not value
        ]
        if missing:
            self._fail(
                "cannot address an 856: missing " + ", ".join(missing),
                category=Category.BUSINESS_RULE,
                problem_key="856:ids",
            )

    # ----------------------------------------------------------------------------- carrier

    def _x12_856_routing(self, sale, order, profile):
        """TD5: the SCAC of the order's requested carrier, through the carrier cross-reference
        (the profile's rows first, then the company's, then global ones; a row with the SCAC the
        850 asked for wins). No carrier or no mapping: a ``mapping_missing`` exception."""
        carrier = sale.dist_edi_carrier_partner_id
        if not carrier:
            self._fail_mapping(
                f"no carrier for the 856: sale order {sale.name} has no requested carrier "
                "(carrier cross-reference of the 850's TD5)",
                problem_key="856:carrier",
            )
        requested = order.routings[0] if order.routings else Routing()
        rows = (
            self.env["dist.xref.carrier"]
            .sudo()
            .search(
                [
                    ("carrier_partner_id", "=", carrier.id),
                    ("profile_id", "in", [False, profile.id]),
                    ("company_id", "in", [False, sale.company_id.id]),
                ]
            )
        )
        rows = rows.sorted(
            lambda r: (r.scac != requested.carrier_code, not r.profile_id, not r.company_id, r.id)
        )
        if not rows:
            self._fail_mapping(
                f"missing carrier cross-reference (SCAC) for carrier {carrier.display_name} of "
                f"partner {profile.display_name}: the 856 needs its SCAC in TD5",
                problem_key=f"carrier-partner:{carrier.id}",
            )
        row = rows[0]
        return Routing(
            carrier_code=row.scac,
            transport_method=requested.transport_method,
            service_level=row.service_level or "",
            sequence=requested.sequence,
        )

    # ----------------------------------------------------------------------------- the shipment

    def _x12_856_shipment(self, picking, sale, order, resolved, routing):
        """The canonical :class:`Shipment` of ``picking``: what shipped in it, per package."""
        when = fields.Datetime.context_timestamp(self, picking.date_done or fields.Datetime.now())
        weight = picking.shipping_weight
        weight_unit = self.env["product.template"]._get_weight_uom_name_from_ir_config_parameter()
        # The tracking number comes with the delivery addons (stock_delivery), when installed.
        tracking = picking._fields.get("carrier_tracking_ref") and picking.carrier_tracking_ref
        packs, loose = self._x12_856_contents(picking, order, resolved)
        department = next((r.value for r in order.references if r.qualifier == "DP"), "")
        parties = [self._x12_856_ship_from(picking)]
        if order.ship_to:
            parties.append(order.ship_to)
        shipment_order = ShipmentOrder(
            po_number=order.po_number,
            po_date=order.order_date,
            release_number=order.release_number,
            department=department,
            vendor_order_number=sale.name,
            packs=tuple(packs),
            items=tuple(loose),
        )
        return Shipment(
            shipment_id=picking.name,
            ship_date=when.date(),
            ship_time=when.strftime("%H%M"),
            routing=routing,
            tracking_number=tracking or "",
            gross_weight=Decimal(str(round(weight, 2))).normalize() if weight else None,
            weight_unit=WEIGHT_UNITS.get((weight_unit or "").lower(), "LB"),
            lading_quantity=len(packs) or None,
            parties=tuple(parties),
            orders=(shipment_order,),
        )

    @staticmethod
    def _x12_856_ship_from(picking):
        """N1*SF: the warehouse's address (the company's without one)."""
        partner = picking.picking_type_id.warehouse_id.partner_id or picking.company_id.partner_id
        address = Address(
            lines=tuple(x for x in (partner.street, partner.street2) if x),
            city=partner.city or "",
            state=partner.state_id.code or "",
            postal_code=partner.zip or "",
            country=partner.country_id.code or "",
        )
        return Party("SF", name=(partner.name or "")[:60], address=address)

    def _x12_856_contents(self, picking, order, resolved):
        """``(packs, loose items)`` from the done move lines: each 850 line's shipped quantity in
        the partner's unit (our quantity divided by the intake factor), per package and lot."""
        by_number = {item.line.line_number: item for item in resolved}
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        step = Decimal(1).scaleb(-digits)
        totals = defaultdict(Decimal)
        for ml in picking.move_line_ids.filtered(lambda x: x.quantity and x.state == "done"):
            sale_line = ml.move_id.sale_line_id
            item = by_number.get(sale_line.dist_edi_line_number) if sale_line else None
            if item is None:
                self._fail(
                    f"{picking.name} ships {ml.product_id.display_name}, which is on no line of "
                    f"PO {order.po_number}: the 856 can only announce the partner's items",
                    category=Category.BUSINESS_RULE,
                    problem_key=f"856:unordered:{ml.product_id.id}",
                )
            product = ml.product_id
            ours = ml.product_uom_id._compute_quantity(ml.quantity, product.uom_id)
            key = (ml.result_package_id, item.line.line_number, ml.lot_id.name or "")
            totals[key] += Decimal(str(ours))
        packs = defaultdict(list)
        for (package, number, lot), ours in totals.items():
            item = by_number[number]
            line = item.line
            theirs = ours * line.quantity / Decimal(str(item.quantity)) if item.quantity else ours
            packs[package].append(
                ShipmentItem(
                    item=line.item,
                    quantity=theirs.quantize(step).normalize(),
                    unit=line.unit,
                    line_number=line.line_number,
                    ordered_quantity=line.quantity,
                    ordered_unit=line.unit,
                    lot_number=lot,
                )
            )
        order_of_lines = {line.line_number: i for i, line in enumerate(order.lines)}

        def ordered(items):
            return tuple(sorted(items, key=lambda x: (order_of_lines[x.line_number], x.lot_number)))

        package_model = self.env["stock.quant.package"]
        boxes = package_model.union(*(p for p in packs if p)).sorted("id")
        try:
            labels = boxes._dist_edi_sscc(picking.company_id)
        except UserError as exc:
            self._fail(str(exc), category=Category.BUSINESS_RULE, problem_key="856:sscc")
        out = [Pack(sscc=labels[box], items=ordered(packs[box])) for box in boxes]
        return out, ordered(packs.get(package_model, ()))

    # ----------------------------------------------------------------------------- writing

    def _x12_856_validate(self, text):
        """Our own validator and the HL checker on what we are about to send: anything wrong
        blocks the 856 (a permanent failure, nothing sent, the ledgers rolled back)."""
        problems = self._x12_document_problems(text)
        if problems == []:
            for transaction_set in read(text.encode()).sets:
                problems += hl_tree(transaction_set.body)[1]
        if problems or problems is None:
            self._x12_fail_invalid("856", problems)
