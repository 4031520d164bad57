# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from freezegun import freeze_time

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .test_x12_855_out import ack_997
from .test_x12_clocks import EdiClockCase

MEASURES = [
    "due_count:sum",
    "on_time_count:sum",
    "late_count:sum",
    "on_time_rate:avg",
    "answered_count:sum",
    "rejected_count:sum",
    "rejection_rate:avg",
    "exception_count:sum",
]


class TestX12Scorecard(EdiClockCase):
    """Three orders in January 2024: the 855 of PO-A in time, of PO-B late, of PO-C never (past
    due); the 856 of PO-A in time; the partner's 997s reject the 855 of PO-A and accept the one
    of PO-B."""

    def _intake_po(self, po):
        payload = self._sample("850_clean.x12").replace(b"PO-1001", po.encode())
        message = self._receive_850("850_clean.x12", key=f"test:{po}", payload=payload)
        summary = self._process(message)
        self.assertEqual(message.state, ms.PROCESSED, summary)
        return self._orders(po)

    def _answer(self, document, accepted, control):
        verdict = {"ack": "AK5*A~", "verdict": "A*1*1*1"} if accepted else {}
        text = ack_997(
            document.x12_group_control, document.x12_set_control, control=control, **verdict
        )
        parent = self.env["dist.message"]._receive(
            self.backend, "x12.interchange", text.encode(), enqueue=False
        )
        with trap_jobs():
            parent.process()
            self.env["dist.message"].search([("parent_id", "=", parent.id)]).process()
        self.assertEqual(document.state, ms.ACCEPTED if accepted else ms.REJECTED)

    def _card(self, groupby):
        rows = self.env["dist.edi.scorecard"]._read_group(
            [("profile_id", "=", self.profile.id)], groupby, MEASURES
        )
        size = len(groupby)
        return {row[:size]: dict(zip(MEASURES, row[size:], strict=True)) for row in rows}

    def test_scorecard_of_a_month(self):
        with freeze_time("2024-01-10 09:00:00") as frozen:
            order_a, order_b, order_c = (self._intake_po(f"PO-{x}") for x in "ABC")
            frozen.move_to("2024-01-10 10:00:00")
            self._send(self._855(order_a))
            picking = self._ship(order_a)
            frozen.move_to("2024-01-10 12:00:00")
            self._send(self._document("x12.856.out", picking))
            frozen.move_to("2024-01-11 10:00:00")
            self.assertEqual(self._cron(), (0, 2), "the 855s of PO-B and PO-C are late")
            frozen.move_to("2024-01-11 12:00:00")
            self._send(self._855(order_b))
            self._answer(self._855(order_a), accepted=False, control=301)
            self._answer(self._855(order_b), accepted=True, control=302)
        states = {
            order.client_order_ref: self._clock("855", order).state
            for order in order_a | order_b | order_c
        }
        self.assertEqual(states, {"PO-A": "met", "PO-B": "late", "PO-C": "breached"})

        by_document = self._card(["month:month", "document"])
        january = date(2024, 1, 1)
        ack = by_document[(january, "855")]
        self.assertEqual(
            (ack["due_count:sum"], ack["on_time_count:sum"], ack["late_count:sum"]), (3, 1, 2)
        )
        self.assertAlmostEqual(ack["on_time_rate:avg"], 100 / 3)
        self.assertEqual((ack["answered_count:sum"], ack["rejected_count:sum"]), (2, 1))
        self.assertAlmostEqual(ack["rejection_rate:avg"], 50.0)
        # The two late 855s and the rejected one.
        self.assertEqual(ack["exception_count:sum"], 3)
        ship = by_document[(january, "856")]
        self.assertEqual((ship["due_count:sum"], ship["on_time_count:sum"]), (1, 1))
        self.assertAlmostEqual(ship["on_time_rate:avg"], 100.0)
        self.assertFalse(ship["rejection_rate:avg"], "no 997 judged an 856")

        # Grouped per partner: rates are weighted (2 of 4 documents), not averaged (66.7).
        (total,) = self._card(["profile_id"]).values()
        self.assertEqual((total["due_count:sum"], total["on_time_count:sum"]), (4, 2))
        self.assertAlmostEqual(total["on_time_rate:avg"], 50.0)
        self.assertAlmostEqual(total["rejection_rate:avg"], 50.0)

        by_category = self._card(["category"])
        counts = {key[0]: values["exception_count:sum"] for key, values in by_category.items()}
        self.assertEqual(counts.get("sla_breach"), 2)
        self.assertEqual(counts.get("validation"), 1)
        exceptions = self.env["dist.exception"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(sum(v for k, v in counts.items() if k), len(exceptions))

    def test_profile_buttons(self):
        with freeze_time("2024-01-10 09:00:00") as frozen:
            self._intake_po("PO-A")
            frozen.move_to("2024-01-12 09:00:00")
            self._cron()
        self.assertEqual(self.profile.clock_count, 1)
        action = self.profile.action_open_clocks()
        self.assertEqual(self.env["dist.edi.clock"].search(action["domain"]).kind, "855")
        action = self.profile.action_open_scorecard()
        rows = self.env["dist.edi.scorecard"].search(action["domain"])
        self.assertEqual(set(rows.mapped("document")), {"855"})
        self.assertEqual(sum(rows.mapped("due_count")), 1)
