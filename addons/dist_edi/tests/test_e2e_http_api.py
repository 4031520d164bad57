# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""End to end through the inbound HTTP API: the X12 file posted over real HTTP with an API key
(Odoo's HttpCase serves the routes on a real port); the 855s and 997s go to the backend's
outbox folder."""

from odoo.tests import HttpCase, tagged

from dist_core import message_states as ms

from .e2e_scenarios import CoreScenarios, E2eCase, MoreScenarios


@tagged("post_install", "-at_install")
class TestE2eHttpApi(CoreScenarios, E2eCase, HttpCase):
    test_three_pos_in_one_file = MoreScenarios.test_three_pos_in_one_file

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend.write({"api_enabled": True, "api_default_type_id": cls.interchange_type.id})
        _key, cls.api_key = cls.env["dist.api.key"]._generate(cls.backend, "acme")

    def _post(self, payload, name, **headers):
        response = self.url_open(
            f"/dist/api/v1/{self.backend.code}/messages",
            data=payload,
            headers=dict(
                {
                    "Authorization": f"Bearer {self.api_key}",
                    "Content-Type": "application/edi-x12",
                    "X-Dist-Reference": name,
                },
                **headers,
            ),
        )
        self.assertNotIn("Traceback", response.text)
        return response

    def _deliver_file(self, payload, name):
        response = self._post(payload, name)
        self.assertIn(response.status_code, (200, 202), response.text)
        body = response.json()
        self.assertEqual(body["type"], "x12.interchange")
        original = self.env["dist.message"].browse(body["id"])
        self.assertEqual(original.backend_id, self.backend)
        if response.status_code == 202:
            self.assertEqual(body["status"], ms.RECEIVED)
            self.assertEqual(original.external_ref, name)
            return original
        # Already received: the API answers with the original; the delivery is its duplicate.
        return self.env["dist.message"].search(
            [("duplicate_of_id", "=", original.id)], order="id desc", limit=1
        )

    def test_status_of_a_posted_order(self):
        interchange = self._deliver(self._x12("850_clean.x12"), "po-1001.x12")
        response = self.url_open(
            f"/dist/api/v1/{self.backend.code}/messages/{interchange.id}",
            headers={"Authorization": f"Bearer {self.api_key}"},
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["status"], ms.PROCESSED)
        self.assertEqual(len(self._orders("PO-1001")), 1)

    def test_without_a_key_nothing_is_received(self):
        response = self._post(self._x12("850_clean.x12"), "po-1001.x12", Authorization="")
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.env["dist.message"].search([("backend_id", "=", self.backend.id)]))
        self.assertFalse(self._orders("PO-1001"))
