# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestHealth(HttpCase):
    def test_health_reports_database(self):
        response = self.url_open("/dist/health")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/health+json")
        body = response.json()
        self.assertEqual(body["status"], "pass")
        self.assertEqual(body["checks"]["database"], "pass")

    def test_health_refuses_post(self):
        response = self.url_open("/dist/health", data=b"{}")
        self.assertEqual(response.status_code, 405)
