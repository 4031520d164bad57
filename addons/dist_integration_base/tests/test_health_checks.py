# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged

from dist_core import message_states as ms

from .common import DistCommon


@tagged("post_install", "-at_install")
class TestHealthChecks(HttpCase):
    def test_runner_and_dead_letter_fields(self):
        body = self.url_open("/dist/health").json()
        self.assertEqual(body["status"], "pass")
        self.assertIn(body["checks"]["queue_job_runner"], ("pass", "warn"))
        for key in ("oldest_enqueued_job_age_seconds", "oldest_due_pending_job_age_seconds"):
            self.assertIsInstance(body["details"][key], float)
        before = body["details"]["dead_letters"]
        backend = self.env["dist.backend"].create({"name": "Health", "code": "health-backend"})
        payload = DistCommon._contact_payload("H-1", "Health Stores")
        message = self.env["dist.message"]._receive(
            backend, "generic.contact", payload, enqueue=False
        )
        message._set_state(ms.DEAD, reason="test")
        body = self.url_open("/dist/health").json()
        self.assertEqual(body["status"], "pass")
        self.assertEqual(body["details"]["dead_letters"], before + 1)
        self.assertEqual(body["checks"]["dead_letters"], "warn")

    def test_stuck_runner_warns_without_failing(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "dist_integration_base.health_runner_max_age", "1"
        )
        self.env.cr.execute(
            "INSERT INTO queue_job (uuid, name, model_name, method_name, state, channel,"
            " date_created, date_enqueued, records, args, kwargs)"
            " VALUES ('health-test', 'x', 'res.partner', 'exists', 'enqueued', 'root',"
            " (now() at time zone 'UTC') - interval '1 hour',"
            " (now() at time zone 'UTC') - interval '1 hour', '{}', '[]', '{}')"
        )
        response = self.url_open("/dist/health")
        body = response.json()
        self.assertEqual((response.status_code, body["status"]), (200, "pass"))
        self.assertEqual(body["checks"]["queue_job_runner"], "warn")
        self.assertGreaterEqual(body["details"]["oldest_enqueued_job_age_seconds"], 3599)
