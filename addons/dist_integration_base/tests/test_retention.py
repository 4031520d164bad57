# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from dist_core import message_states as ms

from .common import DistCommon

FINISHED = (ms.PROCESSED, ms.DUPLICATE, ms.CANCELLED)
KEPT = (ms.RECEIVED, ms.PARSED, ms.ERROR_TRANSIENT, ms.ERROR_PERMANENT, ms.DEAD)


@tagged("post_install", "-at_install")
class TestRetention(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("retention-backend", retention_days=30)
        cls.forever = cls._create_backend("retention-forever", retention_days=0)
        cls.env["dist.backend"].search([("id", "not in", (cls.backend | cls.forever).ids)]).write(
            {"retention_days": 0}
        )

    def _message(self, ref, state, days_ago, backend=None):
        message = self._receive_contact(backend or self.backend, ref=ref)
        if state == ms.DUPLICATE:
            message = self._receive_contact(backend or self.backend, ref=ref)
        elif state != ms.RECEIVED:
            for step in (ms.PARSED, state) if state == ms.DEAD else (state,):
                message._set_state(step, reason="test")
        message.write({"received_at": fields.Datetime.now() - timedelta(days=days_ago)})
        return message

    def _attachment(self, message):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "dist.message"),
                    ("res_field", "=", "payload"),
                    ("res_id", "=", message.id),
                ]
            )
        )

    def test_purges_exactly_the_finished_old_payloads(self):
        old_done = {s: self._message(f"D-{s}", s, 40) for s in FINISHED}
        old_kept = {s: self._message(f"K-{s}", s, 40) for s in KEPT}
        recent = self._message("R-1", ms.PROCESSED, 5)
        forever = self._message("F-1", ms.PROCESSED, 400, backend=self.forever)
        events_before = self.env["dist.message.event"].search_count([])
        sha = old_done[ms.PROCESSED].payload_sha256
        with self.assertLogs("odoo.addons.dist_integration_base.models.dist_message_retention"):
            purged = self.env["dist.message"]._purge_payloads()
        self.assertEqual(purged, len(FINISHED))
        self.env.invalidate_all()
        for state, message in old_done.items():
            self.assertTrue(message.payload_purged, state)
            self.assertFalse(message.payload_inline or message.payload, state)
            self.assertFalse(message._payload_bytes(), state)
            self.assertEqual(message.state, state)
        self.assertEqual(old_done[ms.PROCESSED].payload_sha256, sha)
        self.assertTrue(old_done[ms.PROCESSED].payload_size)
        for message in (*old_kept.values(), recent, forever):
            self.assertFalse(message.payload_purged, message.state)
            self.assertTrue(message._payload_bytes(), message.state)
        self.assertEqual(self.env["dist.message.event"].search_count([]), events_before)
        self.assertEqual(self.env["dist.message"]._purge_payloads(), 0)

    def test_purges_the_attachment_of_a_large_payload(self):
        payload = self._contact_payload("L-1", note="x" * (300 * 1024))
        message = self.env["dist.message"]._receive(
            self.backend, "generic.contact", payload, enqueue=False
        )
        message._set_state(ms.PROCESSED, reason="test")
        message.write({"received_at": fields.Datetime.now() - timedelta(days=40)})
        self.assertTrue(self._attachment(message))
        with self.assertLogs("odoo.addons.dist_integration_base.models.dist_message_retention"):
            self.assertEqual(self.env["dist.message"]._purge_payloads(), 1)
        self.env.invalidate_all()
        self.assertTrue(message.payload_purged)
        self.assertFalse(self._attachment(message))
        self.assertFalse(message._payload_bytes())

    def test_batches_and_triggers_the_next_run(self):
        for index in range(3):
            self._message(f"B-{index}", ms.PROCESSED, 40)
        cron = self.env.ref("dist_integration_base.ir_cron_dist_message_purge_payloads")
        triggers = self.env["ir.cron.trigger"].sudo()
        before = triggers.search_count([("cron_id", "=", cron.id)])
        self.assertEqual(self.env["dist.message"]._purge_payloads(limit=2), 2)
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), before + 1)
        self.assertEqual(self.env["dist.message"]._purge_payloads(limit=2), 1)
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), before + 1)
