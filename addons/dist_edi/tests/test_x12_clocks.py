# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .test_x12_855_out import Edi855Case

ALERTS = "odoo.addons.dist_edi.models.dist_edi_clock_alerts"


class EdiClockCase(Edi855Case):
    """The 850 partner with deadlines: 855 in 24 h, 856 in 24 h, 810 in 3 days, a to-do when a
    quarter of the window is left, a responsible user. ``850_clean.x12`` asks for delivery on
    2024-01-15 (the order's commitment date, noon UTC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dist.edi.sscc"].create(
            {"company_id": cls.company.id, "gs1_company_prefix": "0614141", "extension_digit": 3}
        )
        cls.planner = cls._create_user(
            "edi_planner", "dist_edi.dist_edi_group_user,base.group_user"
        )
        cls.profile.write(
            {
                "ack_855_hours": 24,
                "ship_notice_856_hours": 24,
                "clock_warn_percent": 25,
                "clock_user_id": cls.planner.id,
            }
        )

    def _clock(self, kind, record):
        key = f"{kind}:{record.id}"
        return self.env["dist.edi.clock"].search([("key", "=", key)])

    def _cron(self):
        return self.env["dist.edi.clock"]._cron_check_deadlines()

    def _ship(self, order):
        """Deliver everything ordered in one picking (its 856 job is trapped, not run)."""
        picking = order.picking_ids.filtered(lambda x: x.state not in ("done", "cancel"))
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        with trap_jobs():
            self.assertIs(picking.button_validate(), True)
        self.assertEqual(picking.state, "done")
        return picking

    def _document(self, code, record):
        return self.env["dist.message"].search(
            [
                ("type_id.code", "=", code),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
            ]
        )


class TestX12Clocks(EdiClockCase):
    def test_855_sent_in_time(self):
        with freeze_time("2024-01-10 09:00:00") as frozen:
            order = self._intake()
            clock = self._clock("855", order)
            self.assertEqual(len(clock), 1)
            self.assertEqual((clock.res_model, clock.res_id), ("sale.order", order.id))
            self.assertEqual(clock.start_at, datetime(2024, 1, 10, 9))
            self.assertEqual(clock.due_at, datetime(2024, 1, 11, 9))
            self.assertEqual(clock.warn_at, datetime(2024, 1, 11, 3), "6 h (25 %) left")
            self.assertEqual(clock.state, "running")
            frozen.move_to("2024-01-10 15:30:00")
            self.assertEqual(self._cron(), (0, 0), "nothing is near its deadline")
            message = self._855(order)
            self._send(message)
            self.assertEqual(clock.state, "met")
            self.assertEqual(clock.message_id, message)
            self.assertEqual(clock.stopped_at, datetime(2024, 1, 10, 15, 30))
            self.assertAlmostEqual(clock.measured_hours, 6.5)
            frozen.move_to("2024-01-12 00:00:00")
            self.assertEqual(self._cron(), (0, 0), "a stopped clock raises nothing")
            self.assertFalse(order.activity_ids)
            # Sending it again (a resend) keeps the first measure.
            with trap_jobs():
                message.action_resend()
            self._send(message)
            self.assertEqual(clock.stopped_at, datetime(2024, 1, 10, 15, 30))
        self.assertEqual(self._clock("855", order), clock, "one clock per order")

    def test_late_856_warns_then_breaches_then_stops_late(self):
        with freeze_time("2024-01-10 09:00:00") as frozen:
            order = self._intake()
            frozen.move_to("2024-01-10 10:00:00")
            self._send(self._855(order))
            frozen.move_to("2024-01-11 10:00:00")
            picking = self._ship(order)
            clock = self._clock("856", picking)
            self.assertEqual(len(clock), 1)
            self.assertEqual((clock.res_model, clock.res_id), ("stock.picking", picking.id))
            self.assertEqual(clock.sale_id, order)
            self.assertEqual(clock.start_at, datetime(2024, 1, 11, 10))
            self.assertEqual(clock.due_at, datetime(2024, 1, 12, 10), "24 h, before the 15th")
            self.assertEqual(clock.delivery_due_at, datetime(2024, 1, 15, 12))
            self.assertEqual(clock.warn_at, datetime(2024, 1, 12, 4))
            message = self._document("x12.856.out", picking)
            self.assertEqual(message.state, ms.PENDING, "its job is trapped: not sent")

            frozen.move_to("2024-01-12 03:59:00")
            self.assertEqual(self._cron(), (0, 0))
            frozen.move_to("2024-01-12 05:00:00")
            self.assertEqual(self._cron(), (1, 0), "the warning")
            self.assertEqual(clock.state, "warned")
            activity = picking.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(clock.activity_id, activity)
            self.assertEqual(activity.user_id, self.planner)
            self.assertEqual(activity.date_deadline, date(2024, 1, 12))
            self.assertIn("856", activity.summary)
            self.assertEqual(self._cron(), (0, 0), "warned once")
            self.assertFalse(message.exception_ids)

            frozen.move_to("2024-01-12 11:00:00")
            self.assertEqual(self._cron(), (0, 1), "the breach")
            self.assertEqual(clock.state, "breached")
            exception = message.exception_ids
            self.assertEqual(len(exception), 1)
            self.assertEqual(clock.exception_id, exception)
            self.assertEqual(exception.problem_key, f"clock:856:{picking.id}")
            self.assertEqual((exception.category, exception.severity), ("sla_breach", "high"))
            self.assertEqual(exception.state, "open")
            self.assertEqual((exception.res_model, exception.res_id), ("stock.picking", picking.id))
            self.assertEqual(exception.partner_id, self.customer)
            self.assertIn("is pending", exception.description)
            frozen.move_to("2024-01-12 12:00:00")
            self.assertEqual(self._cron(), (0, 0), "reported once")
            self.assertEqual(len(message.exception_ids), 1)

            frozen.move_to("2024-01-12 14:00:00")
            self._send(message)
            self.assertEqual(clock.state, "late")
            self.assertEqual(clock.message_id, message)
            self.assertEqual(clock.stopped_at, datetime(2024, 1, 12, 14))
            self.assertAlmostEqual(clock.measured_hours, 28.0)
            self.assertEqual(exception.state, "resolved")
            self.assertIn("28.0 h, late", exception.resolution_note)
            self.assertFalse(picking.activity_ids, "the to-do is done")
        self.assertEqual(self._clock("855", order).state, "met")

    def test_856_due_before_the_expected_delivery(self):
        with freeze_time("2024-01-14 09:00:00") as frozen:
            order = self._intake()
            frozen.move_to("2024-01-15 00:00:00")
            clock = self._clock("856", self._ship(order))
            self.assertEqual(clock.due_at, datetime(2024, 1, 15, 12), "the expected delivery")
            self.assertEqual(clock.warn_at, datetime(2024, 1, 15, 9))
            frozen.move_to("2024-01-15 13:00:00")
            self.assertEqual(self._cron(), (0, 2), "the 855 and the 856 are late")
            self.assertIn("expected delivery", clock.exception_id.description)
        with freeze_time("2024-01-16 09:00:00"):
            order = self._intake("850_clean.x12", payload_po="PO-1002")
            clock = self._clock("856", self._ship(order))
            self.assertEqual(clock.due_at, datetime(2024, 1, 17, 9), "shipped after: hours only")
            self.assertFalse(clock.delivery_due_at)

    def test_810_clock_from_the_shipment(self):
        self.profile.invoice_810_days = 3
        with freeze_time("2024-01-10 09:00:00") as frozen:
            order = self._intake()
            frozen.move_to("2024-01-11 10:00:00")
            picking = self._ship(order)
            clock = self._clock("810", picking)
            self.assertEqual((clock.res_model, clock.res_id), ("sale.order", order.id))
            self.assertEqual(clock.picking_id, picking)
            self.assertEqual(clock.due_at, datetime(2024, 1, 14, 10))
            frozen.move_to("2024-01-14 11:00:00")
            self.assertEqual(self._cron(), (0, 3), "855, 856 and 810 are all late")
            self.assertFalse(clock.exception_id.message_id)
            self.assertEqual(clock.exception_id.res_model, "sale.order")
            frozen.move_to("2024-01-15 10:00:00")
            invoice = order._create_invoices()
            with trap_jobs():
                invoice.action_post()
            message = self._document("x12.810.out", invoice)
            self.assertEqual(message.state, ms.PENDING)
            self.assertEqual(clock.state, "breached", "queued is not sent")
            self._send(message)
            self.assertEqual(clock.state, "late")
            self.assertEqual(clock.message_id, message)
            self.assertAlmostEqual(clock.measured_hours, 96.0)
            self.assertEqual(clock.exception_id.state, "resolved")

    def test_no_clock_for_documents_the_partner_does_not_get(self):
        self.profile.write({"ack_855_trigger": "never", "ship_notice_856": False})
        order = self._intake()
        picking = self._ship(order)
        self.assertFalse(self._clock("855", order))
        self.assertFalse(self._clock("856", picking))
        self.assertFalse(self._clock("810", picking), "no 810 deadline set")

    def test_a_person_cancels_a_clock(self):
        order = self._intake()
        clock = self._clock("855", order)
        clock.with_user(self.planner).check_access("read")
        clock.action_cancel()
        self.assertEqual(clock.state, "cancelled")
        self._send(self._855(order))
        self.assertEqual(clock.state, "cancelled", "no measure for a document not due")
        self.assertFalse(clock.message_id)

    def test_one_failing_clock_does_not_hold_back_the_others(self):
        with freeze_time("2024-01-10 09:00:00") as frozen:
            first = self._intake()
            second = self._intake("850_clean.x12", payload_po="PO-1002")
            bad = self._clock("855", first)
            Clock = type(self.env["dist.edi.clock"])
            original = Clock._breach

            def breach(records):
                if bad in records:
                    raise ValueError("boom")
                return original(records)

            frozen.move_to("2024-01-12 09:00:00")
            with patch.object(Clock, "_breach", breach), self.assertLogs(ALERTS, "ERROR"):
                self.assertEqual(self._cron(), (1, 1), "the other breached, this one warned")
            self.assertEqual(bad.state, "warned")
            self.assertFalse(bad.exception_id)
            self.assertEqual(self._clock("855", second).state, "breached")
            self.assertEqual(self._cron(), (0, 1), "the failed one on the next run")
            self.assertEqual(bad.state, "breached")

    # ----------------------------------------------------------------------------- helpers

    def _intake(self, name="850_clean.x12", po="PO-1001", payload_po=None):
        if not payload_po:
            return super()._intake(name, po)
        payload = self._sample(name).replace(b"PO-1001", payload_po.encode())
        message = self._receive_850(name, key=f"test:{payload_po}", payload=payload)
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        return self._orders(payload_po)
