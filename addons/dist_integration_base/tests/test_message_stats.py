# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from dist_core import message_states as ms

from .common import DistCommon


@tagged("post_install", "-at_install")
class TestMessageStats(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("stats-backend")
        cls.customer = cls.env["res.partner"].create({"name": "Stats Retail Co"})

    def _message(self, ref, state=None, hours_ago=0):
        message = self._receive_contact(self.backend, ref=ref, partner_id=self.customer.id)
        if state:
            message._set_state(state, reason="test")
        if hours_ago:
            received = fields.Datetime.now() - timedelta(hours=hours_ago)
            message.write({"received_at": received})
        return message

    def _stats(self, domain=()):
        self.env.flush_all()
        stats = self.env["dist.message.stats"].search([("backend_id", "=", self.backend.id)])
        return stats.filtered_domain(list(domain))

    def test_counts_by_state_failures_and_oldest(self):
        self._message("S-1")
        oldest = self._message("S-2", hours_ago=3)
        self._message("S-3", ms.ERROR_PERMANENT)
        self._message("S-4", ms.DEAD)
        self._message("S-5", ms.PROCESSED)
        stats = self._stats()
        self.assertEqual(sum(stats.mapped("message_count")), 5)
        self.assertEqual(sum(stats.mapped("failed_count")), 2)
        self.assertEqual(sum(stats.mapped("pending_count")), 2)
        received = stats.filtered(lambda row: row.state == ms.RECEIVED)
        self.assertEqual(sum(received.mapped("message_count")), 2)
        self.assertEqual(min(received.mapped("oldest_received_at")), oldest.received_at)
        self.assertEqual(set(stats.mapped("partner_id")), {self.customer})
        self.assertEqual(len(set(stats.ids)), len(stats))

    def test_grouped_by_partner_and_state(self):
        self._message("G-1")
        self._message("G-2", ms.ERROR_TRANSIENT)
        self.env.flush_all()
        groups = self.env["dist.message.stats"]._read_group(
            [("backend_id", "=", self.backend.id)],
            ["partner_id", "state"],
            ["message_count:sum", "failed_count:sum"],
        )
        self.assertEqual(
            sorted((state, count, failed) for _p, state, count, failed in groups),
            [(ms.ERROR_TRANSIENT, 1, 1), (ms.RECEIVED, 1, 0)],
        )

    def test_company_rule(self):
        self._message("C-1")
        self.env.flush_all()
        user = self._create_user(
            "stats_other",
            "dist_integration_base.dist_integration_base_group_user",
            company=self.other_company,
        )
        stats = self.env["dist.message.stats"].with_user(user)
        self.assertFalse(stats.search([("backend_id", "=", self.backend.id)]))
