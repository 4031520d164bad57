# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the 3PL's 945, 944 and 947 share: the one set read as a canonical document, the 3PL
profile and its warehouses, the picking a document names, and the items, quantities, lots and
packages of its lines resolved through the 3PL's cross-references."""

import hashlib
import json
from collections import defaultdict

from odoo import models
from odoo.tools import float_compare

from dist_core import message_states as ms
from dist_core.canonical import dump_document
from dist_core.errors import Category
from dist_core.gs1 import GS1Error, validate_sscc


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _x12_3pl_read(self, set_id, mapper):
        """``(document, profile, warehouses)``: the message's one ``set_id`` set mapped by
        ``mapper``, the 3PL that sent it and the warehouses it runs (none: a permanent error)."""
        transaction_set = self._x12_850_transaction_set(set_id)
        profile = self._x12_profile_for_message(transaction_set.interchange)
        warehouses = self.env["stock.warehouse"]._dist_3pl_of(profile)
        if not warehouses:
            self._fail(
                f"{profile.display_name} sent a {set_id} but runs no warehouse: set it as the 3PL "
                "of its warehouse (Inventory > Configuration > Warehouses)",
                category=Category.BUSINESS_RULE,
                problem_key=f"{set_id}:warehouse",
            )
        document = mapper(
            transaction_set.segments,
            transaction_set.delimiters,
            self._x12_850_mapper_options(profile),
        )
        return document, profile, warehouses

    @staticmethod
    def _x12_3pl_fingerprint(document):
        """SHA-256 of the canonical document: the same advice resent in a new envelope has the
        same fingerprint."""
        text = json.dumps(dump_document(document), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def _x12_3pl_claim(self, scope, key, document, set_id, mapper):
        """Claim the business key of what ``document`` applies: ``(claimed, claim)``.

        ``(True, claim)``: first time, apply it. ``(False, claim)``: this message applied it
        already (a replay). ``(False, None)``: another message applied the same content (a
        resend in a new envelope): this one is now a ``duplicate`` of it. Other content under the
        same key is a permanent error (category duplicate), nothing applied."""
        claimed, claim = self._claim_business_key(scope, key)
        if claimed or claim.message_id == self:
            return claimed, claim
        original = claim.message_id
        first = original._x12_3pl_read(set_id, mapper)[0] if original else None
        if first is not None and (
            self._x12_3pl_fingerprint(first) == self._x12_3pl_fingerprint(document)
        ):
            self._set_state(
                ms.DUPLICATE,
                reason=f"{set_id} already applied from {original.name}",
                duplicate_of_id=original.id,
            )
            return False, None
        self._fail(
            f"a second {set_id} with other content for what {original.name or 'another message'}"
            " already applied: nothing applied",
            category=Category.DUPLICATE,
            problem_key=f"{set_id}:again:{key}",
        )

    def _x12_3pl_take_picking(self, set_id, document, mapper, warehouses, code, wording):
        """The picking a 945 or 944 names (``document.depositor_order_number``), linked and
        claimed (business key ``stock.picking.<set>`` / picking id): ``(picking, claim,
        summary)``. A summary means there is nothing to apply: a duplicate of another message,
        or a replay of the one that applied it. A picking done or cancelled otherwise (by hand)
        fails, nothing applied. ``wording``: ``(done verb, advice id, record noun)`` of the
        messages, e.g. ``("validated", shipment id, "delivery")``."""
        done, advice_id, noun = wording
        picking = self._x12_3pl_picking(warehouses, code, document.depositor_order_number, set_id)
        self._link_record(picking)
        claimed, claim = self._x12_3pl_claim(
            f"stock.picking.{set_id}", str(picking.id), document, set_id, mapper
        )
        if claim is None:
            return (
                picking,
                claim,
                self.env._(
                    "%(picking)s: duplicate %(set)s, nothing applied",
                    picking=picking.name,
                    set=set_id,
                ),
            )
        if picking.state == "done" and not claimed:
            return (
                picking,
                claim,
                self.env._(
                    "%(picking)s: already %(done)s by this advice, nothing new",
                    picking=picking.name,
                    done=done,
                ),
            )
        if picking.state in ("done", "cancel"):
            self._fail(
                f"{picking.name} is already {picking.state} in Odoo: the {set_id} {advice_id} "
                f"was not applied; compare it with the {noun}",
                category=Category.BUSINESS_RULE,
                problem_key=f"{set_id}:{picking.state}:{picking.id}",
            )
        return picking, claim, None

    def _x12_3pl_picking(self, warehouses, code, reference, set_id):
        """The ``code`` (outgoing/incoming) picking of ``warehouses`` named ``reference`` (our
        picking name, which the 940 sent), else one whose origin it is (a receipt named by its
        purchase order). Unknown: a permanent error, the payload stays on the message."""
        Picking = self.env["stock.picking"].sudo()
        domain = [
            ("picking_type_id.warehouse_id", "in", warehouses.ids),
            ("picking_type_code", "=", code),
        ]
        picking = Picking.search(domain + [("name", "=", reference)], limit=1)
        if not picking and code == "incoming" and reference:
            picking = Picking.search(
                domain + [("origin", "=", reference), ("state", "not in", ("done", "cancel"))],
                order="id",
                limit=1,
            )
        if not picking:
            names = ", ".join(warehouses.mapped("name"))
            self._fail(
                f"{set_id} names {reference or 'no order'}, which is no "
                f"{'delivery' if code == 'outgoing' else 'receipt'} of {names}",
                category=Category.BUSINESS_RULE,
                problem_key=f"{set_id}:picking:{reference}",
            )
        return picking

    # ----------------------------------------------------------------------------- lines

    def _x12_3pl_resolve(self, lines, profile, set_id):
        """``[(line, product, quantity in the product's unit)]`` for the document's lines: items
        by the ids the 940 sent (the 3PL's cross-references, internal reference, barcode), units
        through the unit cross-references or the item's pack size. Unknown items and units raise
        ``mapping_missing`` (fix the cross-reference, then replay)."""
        resolver = self._xref_resolver(profile)
        matches = resolver.product_many(
            [[(item_id.qualifier, item_id.value) for item_id in line.item.ids] for line in lines]
        )
        out = []
        for line, match in zip(lines, matches, strict=True):
            product = match.product
            quantity = resolver.convert_quantity(
                product, float(abs(line.quantity)), line.unit, xref=match.xref
            )
            if product.tracking != "none" and not line.lot_number:
                self._fail(
                    f"{set_id} line {line.line_number}: {product.display_name} is tracked by "
                    f"{product.tracking} and the line carries none",
                    category=Category.VALIDATION,
                    problem_key=f"{set_id}:lot:{product.id}",
                )
            if product.tracking == "serial" and float_compare(quantity, 1, 6) > 0:
                self._fail(
                    f"{set_id} line {line.line_number}: {quantity:g} units of "
                    f"{product.display_name} under one serial number {line.lot_number}",
                    category=Category.VALIDATION,
                    problem_key=f"{set_id}:serial:{product.id}",
                )
            out.append((line, product, quantity))
        return out

    def _x12_3pl_plan(self, lines, picking, profile, set_id):
        """``[(move, quantity in the product's unit, line)]``: each line (shipped or received)
        on the picking's moves of its product, filling their demand in order. Checked before
        anything is written: an item not on the picking or beyond its demand is an error."""
        if not lines:
            self._fail(
                f"the {set_id} for {picking.name} carries no quantity: nothing to apply",
                category=Category.BUSINESS_RULE,
                problem_key=f"{set_id}:empty:{picking.id}",
            )
        moves = defaultdict(list)
        for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
            product = move.product_id
            demand = move.product_uom._compute_quantity(move.product_uom_qty, product.uom_id)
            moves[product].append([move, demand])
        plan = []
        for line, product, quantity in self._x12_3pl_resolve(lines, profile, set_id):
            if product not in moves:
                self._fail(
                    f"{set_id} line {line.line_number}: {product.display_name} is not on "
                    f"{picking.name}: nothing applied",
                    category=Category.BUSINESS_RULE,
                    problem_key=f"{set_id}:unordered:{product.id}",
                )
            left = quantity
            for slot in moves[product]:
                take = min(left, slot[1])
                if take > 0:
                    plan.append((slot[0], take, line))
                    slot[1] -= take
                    left -= take
            if float_compare(left, 0, precision_rounding=product.uom_id.rounding) > 0:
                self._fail(
                    f"{set_id} line {line.line_number}: more {product.display_name} than "
                    f"{picking.name} expects ({left:g} {product.uom_id.name} too many): nothing "
                    "applied",
                    category=Category.BUSINESS_RULE,
                    problem_key=f"{set_id}:over:{product.id}",
                )
        return plan

    def _x12_3pl_apply(self, picking, plan, set_id, shipped_at=None):
        """What the 3PL reports replaces the picking's planned move lines (one per line, with
        its lot and its package), then the picking is validated with a backorder for the rest:
        ``_action_done`` under ``cancel_backorder=False`` splits the moves done short.
        ``shipped_at``: when the goods left (the picking's done date), else now."""
        company = picking.company_id
        picking.move_ids.move_line_ids.unlink()
        values = []
        for move, quantity, line in plan:
            product = move.product_id
            package = self._x12_3pl_package(getattr(line, "sscc", ""), company, set_id)
            values.append(
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "quantity": quantity,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "lot_id": self._x12_3pl_lot(product, line.lot_number, company).id,
                    "result_package_id": package.id,
                    "picked": True,
                }
            )
        self.env["stock.move.line"].sudo().create(values)
        picking.move_ids.filtered("move_line_ids").picked = True
        picking.with_context(cancel_backorder=False, dist_shipped_at=shipped_at)._action_done()

    def _x12_3pl_lot(self, product, name, company):
        """The lot ``name`` of ``product`` (created when missing); empty when not tracked."""
        if product.tracking == "none" or not name:
            return self.env["stock.lot"]
        Lot = self.env["stock.lot"].sudo()
        lot = Lot.search(
            [
                ("product_id", "=", product.id),
                ("name", "=", name),
                ("company_id", "in", [False, company.id]),
            ],
            limit=1,
        )
        return lot or Lot.create({"product_id": product.id, "name": name, "company_id": company.id})

    def _x12_3pl_package(self, sscc, company, set_id):
        """The package labelled with the 3PL's SSCC-18 (created when new): our 856 announces
        the 3PL's label, not one of ours. An invalid SSCC is a permanent error."""
        if not sscc:
            return self.env["stock.quant.package"]
        try:
            sscc = validate_sscc(sscc)
        except GS1Error as exc:
            self._fail(f"{set_id}: {exc}", problem_key=f"{set_id}:sscc:{sscc}")
        Package = self.env["stock.quant.package"].sudo()
        package = Package.search([("dist_sscc", "=", sscc)], limit=1)
        return package or Package.create(
            {"name": sscc, "dist_sscc": sscc, "company_id": company.id}
        )

    def _x12_3pl_attach(self, picking, records=None):
        """This message (and the 997 answering it) on the order thread of an EDI order."""
        thread = picking.sale_id.dist_edi_message_id.thread_id
        if thread:
            messages = self | self._x12_answering_ack().filtered(lambda m: not m.thread_id)
            thread._add(messages=messages, records=records or picking, role="picking")
