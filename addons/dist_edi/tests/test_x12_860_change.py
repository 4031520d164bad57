# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime

from dist_core import message_states as ms

from .common_860 import Edi860Case

UNKNOWN_UPC = "099999999990"


class TestX12860Change(Edi860Case):
    def test_quantity_increase_and_decrease_update_the_confirmed_order(self):
        message = self._receive_860("860_change_quantity.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertEqual(self.order.state, "sale")
        # QI line 1: 10 -> 12 EA; QD line 2: 2 CA -> 1 CA, 12 units in the 850's proportion.
        self.assertEqual(self._quantities(), {"1": 12.0, "2": 12.0, "3": 5.0})
        self.assertEqual(self._line("1").dist_edi_quantity, 12.0)
        self.assertEqual(self._line("2").dist_edi_quantity, 1.0)
        self.assertEqual(self._line("2").price_unit, 3.5)
        moves = self.order.picking_ids.move_ids.filtered(lambda m: m.state != "cancel")
        by_product = {
            product: sum(
                moves.filtered(lambda m, p=product: m.product_id == p).mapped("product_uom_qty")
            )
            for product in (self.blue, self.green, self.red)
        }
        self.assertEqual(by_product, {self.blue: 12.0, self.green: 12.0, self.red: 5.0})
        self.assertEqual((message.res_model, message.res_id), ("sale.order", self.order.id))
        self.assertEqual(message.thread_id, self.message_850.thread_id)
        note = str(self._notes_860().body)
        self.assertIn("EDI 860 change of PO PO-1001 (change sequence 1", note)
        self.assertIn("line 1 ([ABC-1] Blue Widget): quantity 10 -&gt; 12 Units", note)
        self.assertIn("line 2 (Green Widget): quantity 24 -&gt; 12 Units", note)

    def test_added_item_is_resolved_like_an_850_line(self):
        message = self._receive_860("860_add_item.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        line = self._line("4")
        self.assertEqual(line.product_id, self.yellow)
        self.assertEqual((line.product_uom_qty, line.price_unit), (6.0, 7.5))
        self.assertEqual((line.dist_edi_quantity, line.dist_edi_unit), (6.0, "EA"))
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 5.0, "4": 6.0})
        yellow_moves = self.order.picking_ids.move_ids.filtered(
            lambda m: m.product_id == self.yellow
        )
        self.assertEqual(sum(yellow_moves.mapped("product_uom_qty")), 6.0)
        note = str(self._notes_860().body)
        self.assertIn("line 4 added: [WID-YEL] Yellow Widget, 6 Units at 7.50", note)

    def test_unknown_added_item_holds_the_whole_860(self):
        message = self._receive_860("860_add_unknown_item.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(exception.category, "mapping_missing")
        self.assertEqual(exception.problem_key, f"item:UP:{UNKNOWN_UPC}")
        # The QI of line 1 in the same 860 is not applied either.
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 5.0})
        self.assertFalse(self._notes_860())
        # Fixed, then replayed: everything at once.
        self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="UP",
            value=UNKNOWN_UPC,
            product_id=self.yellow.id,
        )
        summary = self._replay(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertEqual(exception.state, "resolved")
        self.assertEqual(self._quantities(), {"1": 12.0, "2": 24.0, "3": 5.0, "4": 6.0})

    def test_deleted_item_of_a_confirmed_order_goes_to_zero(self):
        message = self._receive_860("860_delete_item.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        red = self._line("3")
        # Odoo forbids deleting a confirmed line: it stays, with quantity 0.
        self.assertEqual(red.product_id, self.red)
        self.assertEqual((red.product_uom_qty, red.dist_edi_quantity), (0.0, 0.0))
        red_moves = self.order.picking_ids.move_ids.filtered(
            lambda m: m.product_id == self.red and m.state != "cancel"
        )
        self.assertEqual(sum(red_moves.mapped("product_uom_qty")), 0.0)
        self.assertIn("line 3 ([WID-RED] Red Widget): deleted (quantity 5 -> 0)", summary)

    def test_price_change_outside_tolerance_is_held(self):
        message = self._receive_860("860_price_change.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(exception.category, "price_mismatch")
        self.assertEqual(exception.problem_key, "price:1")
        self.assertIn("PO PO-1001: price outside the 0% tolerance", exception.description)
        self.assertEqual(self._line("1").price_unit, 9.25)

    def test_price_change_accepted_per_partner_policy(self):
        message = self._receive_860("860_price_change.x12")
        with self._policy(price_policy="accept"):
            summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        line = self._line("1")
        self.assertEqual((line.price_unit, line.dist_edi_unit_price), (9.0, 9.0))
        self.assertEqual(line.product_uom_qty, 10.0)
        note = str(self._notes_860().body)
        self.assertIn("line 1 ([ABC-1] Blue Widget): price 9.25 -&gt; 9.00", note)
        self.assertIn("(accepted per partner policy)", note)

    def test_header_dates_change_the_commitment_date(self):
        message = self._receive_860("860_date_change.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertEqual(self.order.commitment_date, datetime(2024, 1, 22, 12, 0))
        deadlines = set(self.order.picking_ids.move_ids.mapped("date_deadline"))
        self.assertEqual(deadlines, {datetime(2024, 1, 22, 12, 0)})
        note = str(self._notes_860().body)
        self.assertIn("commitment date 2024-01-15 -&gt; 2024-01-22", note)
        self.assertIn("Requested ship: 2024-01-19", note)

    def test_change_after_shipment_is_an_exception_and_changes_nothing(self):
        self._ship_everything()
        message = self._receive_860("860_change_quantity.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(exception.category, "business_rule")
        self.assertEqual(exception.problem_key, "860:shipped:PO-1001")
        self.assertIn("860 change after shipment: PO PO-1001", exception.description)
        self.assertIn("line 1 ([ABC-1] Blue Widget)", exception.description)
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 5.0})

    def test_860_for_an_unknown_po_is_an_exception_and_keeps_its_payload(self):
        message = self._receive_860("860_unknown_po.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.category, "validation")
        self.assertEqual(exception.problem_key, "860:unknown-po:PO-9999")
        self.assertIn("860 for unknown PO PO-9999 of Acme Retail", exception.description)
        self.assertEqual(message._payload_bytes(), self._sample("860_unknown_po.x12"))
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 5.0})

    def test_860_file_is_routed_and_applied(self):
        self.profile.write({"x12_isa_qualifier": "ZZ", "x12_isa_id": "ACMERETAIL"})
        parent = self.env["dist.message"]._receive(
            self.backend,
            "x12.interchange",
            self._sample("860_change_quantity.x12"),
            enqueue=False,
        )
        self._process(parent)
        self.assertEqual(parent.state, ms.PROCESSED)
        child = self.env["dist.message"].search([("parent_id", "=", parent.id)])
        self.assertEqual(child.type_id.code, "x12.860")
        self.assertEqual(child.idempotency_key, "ZZ/ACMERETAIL:201:0001")
        summary = self._process(child)
        self.assertEqual(child.state, ms.PROCESSED, summary)
        self.assertEqual(self._quantities(), {"1": 12.0, "2": 12.0, "3": 5.0})
        self.assertEqual(child.thread_id, self.message_850.thread_id)


class TestX12860Idempotency(Edi860Case):
    def _resent(self, name, control):
        """The same 860 in a new envelope (new ISA13/GS06), as a partner's resend."""
        text = self._sample(name).decode()
        old = text.split("*")[13]
        number = str(int(old))
        text = text.replace(old, f"{control:09d}").replace(f"*{number}*X", f"*{control}*X")
        return text.replace(f"GE*1*{number}", f"GE*1*{control}").encode()

    def test_replay_of_an_applied_860_applies_nothing_twice(self):
        message = self._receive_860("860_add_item.x12")
        self._process(message)
        summary = self._replay(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertIn("860 already applied to sale order", summary)
        yellow = self.order.order_line.filtered(lambda line: line.product_id == self.yellow)
        self.assertEqual(len(yellow), 1)
        self.assertEqual(len(self._notes_860()), 1)
        self.assertIn("nothing to do", self._process(message))

    def test_same_860_in_another_envelope_is_a_duplicate(self):
        first = self._receive_860("860_add_item.x12", key="first")
        self._process(first)
        second = self._receive_860(
            "860_add_item.x12", key="second", payload=self._resent("860_add_item.x12", 302)
        )
        summary = self._process(second)
        self.assertEqual(second.state, ms.DUPLICATE, summary)
        self.assertEqual(second.duplicate_of_id, first)
        self.assertEqual(second.thread_id, self.message_850.thread_id)
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 5.0, "4": 6.0})

    def test_other_content_under_an_applied_change_sequence_is_an_exception(self):
        first = self._receive_860("860_change_quantity.x12", key="first")
        self._process(first)
        # Same BCH05 (1), another quantity: the partner reused a change sequence.
        payload = self._sample("860_change_quantity.x12").replace(b"QI*12*12", b"QI*15*15")
        second = self._receive_860("860_change_quantity.x12", key="second", payload=payload)
        self._process(second)
        self.assertEqual(second.state, ms.ERROR_PERMANENT)
        exception = second.exception_ids
        self.assertEqual(exception.category, "duplicate")
        self.assertEqual(exception.problem_key, "860:sequence:PO-1001:1")
        self.assertIn("already applied from", exception.description)
        self.assertEqual(self._line("1").product_uom_qty, 12.0)

    def test_an_older_change_sequence_arriving_late_is_an_exception(self):
        self._process(self._receive_860("860_delete_item.x12"))  # BCH05 4
        message = self._receive_860("860_change_quantity.x12")  # BCH05 1
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        exception = message.exception_ids
        self.assertEqual(exception.problem_key, "860:out-of-order:PO-1001")
        self.assertIn(
            "860 change sequence 1 of PO PO-1001 arrives after change sequence 4",
            exception.description,
        )
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 0.0})


class TestX12860PartlyShippedOrLocked(Edi860Case):
    def _ship_blue_only(self):
        """Deliver line 1 (blue) alone; the rest goes to a backorder."""
        picking = self.order.picking_ids
        blue = picking.move_ids.filtered(lambda m: m.product_id == self.blue)
        blue.quantity = blue.product_uom_qty
        blue.picked = True
        picking._action_done()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._line("1").qty_delivered, 10.0)

    def test_change_of_a_line_not_shipped_is_applied(self):
        self._ship_blue_only()
        message = self._receive_860("860_delete_item.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 0.0})

    def test_change_of_a_shipped_line_refuses_the_whole_860(self):
        self._ship_blue_only()
        message = self._receive_860("860_change_quantity.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        description = message.exception_ids.description
        self.assertIn("already shipped: line 1 ([ABC-1] Blue Widget);", description)
        # Line 2 was not shipped, but the 860 is applied whole or not at all.
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0, "3": 5.0})

    def test_locked_order_is_an_exception(self):
        self.order.action_lock()
        message = self._receive_860("860_change_quantity.x12")
        self._process(message)
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, "860:locked:PO-1001")
        self.assertEqual(self._line("1").product_uom_qty, 10.0)


class TestX12860Quotation(Edi860Case):
    def setUp(self):
        with self._policy(auto_confirm=False):
            super().setUp()

    def _expected_state(self):
        return "draft"

    def test_deleted_item_of_a_quotation_is_deleted(self):
        self.assertEqual(self.order.state, "draft")
        message = self._receive_860("860_delete_item.x12")
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        self.assertEqual(self._quantities(), {"1": 10.0, "2": 24.0})
        self.assertNotIn(self.red, self.order.order_line.product_id)
