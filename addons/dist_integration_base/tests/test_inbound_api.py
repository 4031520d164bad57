# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import HttpCase, tagged

from dist_core.transports.signing import sign_headers

URL = "/dist/api/v1/{code}/messages"


@tagged("post_install", "-at_install")
class TestInboundApi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact_type = cls.env.ref("dist_integration_base.dist_message_type_generic_contact")
        cls.backend = cls.env["dist.backend"].create(
            {
                "name": "Portal",
                "code": "portal-api",
                "api_enabled": True,
                "api_default_type_id": cls.contact_type.id,
            }
        )
        cls.other = cls.env["dist.backend"].create(
            {"name": "Other", "code": "other-api", "api_enabled": True}
        )
        cls.key, cls.plain = cls.env["dist.api.key"]._generate(cls.backend, "portal")
        _other_key, cls.other_plain = cls.env["dist.api.key"]._generate(cls.other, "other")

    def _post(self, body=None, key=None, content_type="application/json", code=None, **headers):
        body = body if body is not None else json.dumps({"ref": "API-1", "name": "Acme"}).encode()
        all_headers = {"Content-Type": content_type}
        if key is not False:
            all_headers["Authorization"] = f"Bearer {key or self.plain}"
        all_headers.update(headers)
        response = self.url_open(
            URL.format(code=code or self.backend.code), data=body, headers=all_headers
        )
        self.assertNotIn("Traceback", response.text)
        return response

    def _events(self, kind):
        return self.env["dist.security.event"].search(
            [("kind", "=", kind), ("backend_id", "=", self.backend.id)]
        )

    def test_good_post_is_committed_and_queued(self):
        response = self._post()
        self.assertEqual(response.status_code, 202, response.text)
        body = response.json()
        message = self.env["dist.message"].browse(body["id"])
        self.assertEqual(message.backend_id, self.backend)
        self.assertEqual(message.state, "received")
        self.assertEqual(body["status_url"], f"/dist/api/v1/portal-api/messages/{message.id}")
        self.assertEqual(response.headers["Location"], body["status_url"])
        jobs = self.env["queue.job"].search(
            [("model_name", "=", "dist.message"), ("method_name", "=", "process")]
        )
        self.assertIn(message, jobs.mapped("records"))

    def test_missing_and_wrong_key_are_401_and_recorded(self):
        self.assertEqual(self._post(key=False).status_code, 401)
        self.assertEqual(self._post(key="dist_nope_nope").status_code, 401)
        response = self._post(key=self.other_plain)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.headers["Content-Type"], "application/problem+json")
        self.assertEqual(response.json()["status"], 401)
        self.assertTrue(self._events("missing_key"))
        self.assertEqual(len(self._events("bad_key")), 2)
        self.assertNotIn(self.other_plain, self._events("bad_key").mapped("detail"))

    def test_revoked_and_expired_keys_are_refused(self):
        revoked, revoked_plain = self.env["dist.api.key"]._generate(self.backend, "old")
        revoked.action_revoke()
        expired, expired_plain = self.env["dist.api.key"]._generate(
            self.backend, "temp", expires_at=fields.Datetime.now() - timedelta(minutes=1)
        )
        self.assertTrue(expired)
        self.assertEqual(self._post(key=revoked_plain).status_code, 401)
        self.assertEqual(self._post(key=expired_plain).status_code, 401)

    def test_two_active_keys_allow_rotation(self):
        _new, new_plain = self.env["dist.api.key"]._generate(self.backend, "rotation")
        self.assertEqual(self._post(key=new_plain).status_code, 202)
        body = json.dumps({"ref": "API-2", "name": "Acme"}).encode()
        self.assertEqual(self._post(body=body).status_code, 202)

    def test_signatures(self):
        self.backend.write({"api_require_signature": True, "api_hmac_secret": "s3cret"})
        body = json.dumps({"ref": "API-3", "name": "Signed"}).encode()
        self.assertEqual(self._post(body=body).status_code, 401)
        bad = sign_headers("wrong", body)
        self.assertEqual(self._post(body=body, **bad).status_code, 401)
        stale = sign_headers("s3cret", body, clock=lambda: time.time() - 3600)
        self.assertEqual(self._post(body=body, **stale).status_code, 401)
        good = sign_headers("s3cret", body)
        self.assertEqual(self._post(body=body, **good).status_code, 202)
        replay = self._post(body=body, **good)
        self.assertEqual(replay.status_code, 401)
        self.assertIn("replayed", replay.json()["detail"])
        self.assertEqual(len(self._events("bad_signature")), 4)

    def test_body_over_the_limit_is_413(self):
        self.backend.api_max_body_kb = 1
        response = self._post(body=b"{" + b" " * 4096 + b"}")
        self.assertEqual(response.status_code, 413)
        self.assertTrue(self._events("too_large"))

    def test_wrong_content_type_is_415(self):
        self.assertEqual(self._post(content_type="application/pdf").status_code, 415)

    def test_repeated_idempotency_key_returns_the_original(self):
        first = self._post(**{"Idempotency-Key": "order-42"})
        body = json.dumps({"ref": "API-4", "name": "Changed"}).encode()
        again = self._post(body=body, **{"Idempotency-Key": "order-42"})
        self.assertEqual(first.status_code, 202)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["id"], first.json()["id"])

    def test_same_payload_twice_returns_the_original(self):
        first = self._post()
        again = self._post()
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["id"], first.json()["id"])

    def test_rate_limit_is_429_with_retry_after(self):
        self.backend.api_rate_limit = 2
        statuses = []
        for ref in ("R1", "R2", "R3"):
            body = json.dumps({"ref": ref, "name": ref}).encode()
            response = self._post(body=body)
            statuses.append(response.status_code)
        self.assertEqual(statuses, [202, 202, 429])
        self.assertGreaterEqual(int(response.headers["Retry-After"]), 1)
        self.assertTrue(self._events("rate_limited"))

    def test_ip_allowlist(self):
        self.backend.api_ip_allowlist = "10.0.0.0/8"
        self.assertEqual(self._post().status_code, 403)
        self.backend.api_ip_allowlist = "10.0.0.0/8, 127.0.0.0/8"
        self.assertEqual(self._post().status_code, 202)

    def test_status_only_for_the_sending_backend(self):
        message_id = self._post().json()["id"]
        url = f"{URL.format(code=self.backend.code)}/{message_id}"
        own = self.url_open(url, headers={"Authorization": f"Bearer {self.plain}"})
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.json()["status"], "received")
        other_url = f"{URL.format(code=self.other.code)}/{message_id}"
        other = self.url_open(other_url, headers={"Authorization": f"Bearer {self.other_plain}"})
        self.assertEqual(other.status_code, 404)
        self.assertNotIn("received", other.text)

    def test_unknown_backend_and_missing_type(self):
        self.assertEqual(self._post(code="nope").status_code, 404)
        response = self._post(key=self.other_plain, code=self.other.code)
        self.assertEqual(response.status_code, 400)

    def test_openapi_document(self):
        response = self.url_open("/dist/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = response.json()
        self.assertEqual(document["openapi"], "3.0.3")
        self.assertIn("/dist/api/v1/{code}/messages", document["paths"])

    def test_empty_body_is_400(self):
        response = self.opener.post(
            self.base_url() + URL.format(code=self.backend.code),
            data=b"",
            headers={"Authorization": f"Bearer {self.plain}", "Content-Type": "application/json"},
            timeout=12,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["title"], "Empty payload.")

    def test_body_survives_a_retried_request(self):
        """Odoo replays a request after a serialization failure: the body must still be there."""
        from odoo.service import model as service_model

        original, attempts = service_model.retrying, []

        def retry_once(func, env):
            # What Odoo does on a serialization failure: roll back, then call the handler again.
            attempts.append(func())
            env.cr.rollback()
            env.reset()
            return original(func, env)

        body = json.dumps({"ref": "API-9", "name": "Retried"}).encode()
        with patch.object(service_model, "retrying", retry_once):
            response = self._post(body=body)
        self.assertEqual(len(attempts), 1)
        self.assertEqual(response.status_code, 202, response.text)
        message = self.env["dist.message"].browse(response.json()["id"])
        self.assertEqual(message._payload_bytes(), body)
