# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""856 advance ship notice out (messages of type ``x12.856.out``, one per delivery picking).

Queued by ``stock.picking._dist_edi_queue_856`` when a delivery of an EDI sale order is done
(a backorder is another picking, so it ships on its own 856). Generation:

1. read the 850 the order came from again: the PO number and date, the ship-to as the partner
   sent it, and per PO line the partner's own item ids and unit (the lines resolved as at
   intake, plus the lines 860s added); quantities go back into the partner's unit by the sale
   line's own ratio (the 850's, or the last 860's);
2. the carrier's SCAC from the carrier cross-reference of the order's requested carrier (a
   missing mapping blocks the 856 with an exception naming it);
3. the done move lines of the picking, per package (``result_package_id``): each package is a
   pack level with its SSCC-18 (assigned once from the company's ``dist.edi.sscc`` ledger and
   kept on the package), items summed per PO line and lot; unpacked lines are loose items; with
   the ``SOTPI`` structure the pallets the cartons are on (``dist_pallet_id``) are tare levels
   with their own SSCC;
3b. the delivery's bill of lading (REF*BM; required when the profile says so), trailer and seal
   (TD3) and estimated delivery (DTM*017: the delivery's own date, else the date the customer
   asked for when it is not before the ship date);
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
    Tare,
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
        po_message, profile = self._x12_order_profile(sale, "856")
        self._x12_856_check_documents(picking, profile)
        order, lines = self._x12_order_lines(po_message, profile, sale)
        routing = self._x12_856_routing(sale, order, profile)
        options = dataclasses.replace(
            po_message._x12_850_mapper_options(profile),
            asn_structure=profile.asn_structure or "SOPI",
        )
        shipment = self._x12_856_shipment(picking, sale, order, lines, routing, options)
        body = shipment_to_856(shipment, options)
        return self._x12_document(
            profile,
            "856",
            "SH",
            body,
            f"{picking.name} PO {order.po_number}",
            check=self._x12_856_check_hl,
        )

    def _x12_856_check_documents(self, picking, profile):
        if profile.asn_require_bill_of_lading and not picking.dist_bill_of_lading:
            self._fail(
                f"{picking.name} has no bill of lading number: {profile.display_name} requires "
                "REF*BM on its 856 (fill in 'Bill of lading' on the delivery, then regenerate)",
                category=Category.BUSINESS_RULE,
                problem_key="856:bill-of-lading",
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

    def _x12_856_shipment(self, picking, sale, order, lines, routing, options):
        """The canonical :class:`Shipment` of ``picking``: what shipped in it, per package."""
        when = fields.Datetime.context_timestamp(self, picking.date_done or fields.Datetime.now())
        weight = picking.shipping_weight
        weight_unit = self.env["product.template"]._get_weight_uom_name_from_ir_config_parameter()
        # The tracking number comes with the delivery addons (stock_delivery), when installed.
        tracking = picking._fields.get("carrier_tracking_ref") and picking.carrier_tracking_ref
        tares, packs, loose = self._x12_856_contents(picking, order, lines, options)
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
            tares=tuple(tares),
            packs=tuple(packs),
            items=tuple(loose),
        )
        return Shipment(
            shipment_id=picking.name,
            ship_date=when.date(),
            ship_time=when.strftime("%H%M"),
            estimated_delivery=self._x12_856_estimated_delivery(picking, sale, when.date()),
            routing=routing,
            bill_of_lading=picking.dist_bill_of_lading or "",
            tracking_number=tracking or "",
            gross_weight=Decimal(str(round(weight, 2))).normalize() if weight else None,
            weight_unit=WEIGHT_UNITS.get((weight_unit or "").lower(), "LB"),
            lading_quantity=len(shipment_order.all_packs()) or None,
            equipment_number=picking.dist_trailer_number or "",
            seal_number=picking.dist_seal_number or "",
            parties=tuple(parties),
            orders=(shipment_order,),
        )

    def _x12_856_estimated_delivery(self, picking, sale, ship_date):
        """DTM*017: the delivery's estimated date, else the customer's requested date when it
        is not before the ship date (a date in the past is no estimate)."""
        if picking.dist_estimated_delivery:
            return picking.dist_estimated_delivery
        if sale.commitment_date:
            requested = fields.Datetime.context_timestamp(self, sale.commitment_date).date()
            if requested >= ship_date:
                return requested
        return None

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

    def _x12_856_contents(self, picking, order, lines, options):
        """``(tares, packs, loose items)`` from the done move lines: each PO line's shipped
        quantity in the partner's unit, per package and lot. With the ``SOTPI`` structure the
        cartons on a pallet go under the pallet's tare; otherwise pallets are not announced."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        step = Decimal(1).scaleb(-digits)
        totals = defaultdict(Decimal)
        terms = {}
        for ml in picking.move_line_ids.filtered(lambda x: x.quantity and x.state == "done"):
            sale_line = ml.move_id.sale_line_id
            item = lines.get(sale_line.dist_edi_line_number) if sale_line else None
            if item is None:
                self._fail(
                    f"{picking.name} ships {ml.product_id.display_name}, which is on no line of "
                    f"PO {order.po_number}: the 856 can only announce the partner's items",
                    category=Category.BUSINESS_RULE,
                    problem_key=f"856:unordered:{ml.product_id.id}",
                )
            ours = ml.product_uom_id._compute_quantity(ml.quantity, ml.product_id.uom_id)
            key = (ml.result_package_id, item.line.line_number, ml.lot_id.name or "")
            totals[key] += Decimal(str(ours))
            terms[item.line.line_number] = (item, sale_line)
        packs = defaultdict(list)
        for (package, number, lot), ours in totals.items():
            item, sale_line = terms[number]
            theirs, unit, ordered_quantity = self._x12_partner_quantity(ours, item, sale_line)
            packs[package].append(
                ShipmentItem(
                    item=item.line.item,
                    quantity=theirs.quantize(step).normalize(),
                    unit=unit,
                    line_number=number,
                    ordered_quantity=ordered_quantity,
                    ordered_unit=unit,
                    lot_number=lot,
                )
            )
        order_of_lines = {number: i for i, number in enumerate(lines)}

        def ordered(items):
            return tuple(sorted(items, key=lambda x: (order_of_lines[x.line_number], x.lot_number)))

        package_model = self.env["stock.quant.package"]
        boxes = package_model.union(*(p for p in packs if p)).sorted("id")
        pallets = boxes.dist_pallet_id if options.asn_structure == "SOTPI" else package_model
        if pallets & boxes:
            self._fail(
                f"{picking.name}: {(pallets & boxes)[0].display_name} is a pallet carrying "
                "cartons and holds items itself; put those items in a carton on it",
                category=Category.BUSINESS_RULE,
                problem_key="856:pallet",
            )
        try:
            labels = (boxes | pallets)._dist_edi_sscc(picking.company_id)
        except UserError as exc:
            self._fail(str(exc), category=Category.BUSINESS_RULE, problem_key="856:sscc")
        by_box = {box: Pack(sscc=labels[box], items=ordered(packs[box])) for box in boxes}
        tares = [
            Tare(
                sscc=labels[pallet],
                packs=tuple(by_box[b] for b in boxes if b.dist_pallet_id == pallet),
            )
            for pallet in pallets.sorted("id")
        ]
        alone = [by_box[b] for b in boxes if not (b.dist_pallet_id & pallets)]
        return tares, alone, ordered(packs.get(package_model, ()))

    # ----------------------------------------------------------------------------- writing

    def _x12_856_check_hl(self, text):
        """The HL checker on what we are about to send (after our validator): a broken tree
        blocks the 856 (a permanent failure, nothing sent, the ledgers rolled back)."""
        problems = [p for s in read(text.encode()).sets for p in hl_tree(s.body)[1]]
        if problems:
            self._x12_fail_invalid("856", problems)
