# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from dist_core import message_states as ms

from .common import DistCommon

# Indexes the message list, the overview, the metrics and retention rely on at a million rows.
EXPECTED_INDEXES = {
    "dist_message_state_id_idx",
    "dist_message_backend_state_idx",
    "dist_message_backend_received_idx",
    "dist_message_partner_id_idx",
    "dist_message_received_id_idx",
    "dist_message_processed_at_idx",
    "dist_message_retention_idx",
    "dist_message__thread_id_index",
}


@tagged("post_install", "-at_install")
class TestBackendOverview(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("overview-backend")
        cls.quiet = cls._create_backend("overview-quiet")

    def _message(self, ref, state=None, hours_ago=0):
        message = self._receive_contact(self.backend, ref=ref)
        if state:
            message._set_state(state, reason="test")
        if hours_ago:
            message.write({"received_at": fields.Datetime.now() - timedelta(hours=hours_ago)})
        return message

    def test_last_24_hours_figures(self):
        self._message("O-1", ms.PROCESSED)
        self._message("O-2", ms.PROCESSED)
        self._message("O-3", ms.ERROR_PERMANENT)
        self._message("O-4", ms.DEAD)
        self._message("O-5", hours_ago=2)
        self._message("O-6", ms.PROCESSED, hours_ago=48)  # outside the window
        failing = self._message("O-7")
        self.env["dist.exception"].create(
            {
                "name": "Bad",
                "category": "validation",
                "problem_key": "x",
                "backend_id": self.backend.id,
                "message_id": failing.id,
            }
        )
        self.env.invalidate_all()
        backend = self.backend
        self.assertEqual(backend.messages_24h, 6)
        self.assertEqual(backend.failed_24h, 2)
        self.assertAlmostEqual(backend.failure_rate, 33.3, places=1)
        self.assertEqual(backend.pending_count, 2)
        self.assertIn(backend.oldest_pending_age_minutes, (119, 120, 121))
        self.assertEqual(backend.dead_count, 1)
        self.assertEqual(backend.open_exception_count, 1)
        self.assertEqual(
            (
                self.quiet.messages_24h,
                self.quiet.failure_rate,
                self.quiet.oldest_pending_age_minutes,
            ),
            (0, 0.0, 0),
        )

    def test_stat_buttons_filter_the_backend(self):
        failed = self._message("B-1", ms.ERROR_PERMANENT)
        self._message("B-2", ms.PROCESSED)
        action = self.backend.action_open_failed_24h()
        self.assertEqual(self.env["dist.message"].search(action["domain"]), failed)
        pending = self.env["dist.message"].search(self.backend.action_open_pending()["domain"])
        self.assertFalse(pending)
        exceptions = self.backend.action_open_exceptions()
        self.assertIn(("backend_id", "=", self.backend.id), exceptions["domain"])
        self.assertEqual(self.backend.action_open_dead()["res_model"], "dist.message")

    def test_list_indexes_exist(self):
        self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'dist_message'")
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertLessEqual(EXPECTED_INDEXES, names)
