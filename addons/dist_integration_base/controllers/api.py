# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The inbound API: thin routes. Authentication, limits and storage live in dist.backend
(models/dist_backend_api.py); the contract is docs/inbound-api.md and /dist/api/v1/openapi.json.
"""

import json

from odoo import http
from odoo.http import request

from ..models.dist_backend_api import ApiRequest
from ..openapi import openapi_document

MAX_READ = 64 * 1024 * 1024  # never read more than this, whatever a backend allows


class DistApiController(http.Controller):
    @http.route(
        "/dist/api/v1/<string:code>/messages",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,  # auth="none" routes default to read-only transactions in Odoo 18
    )
    def post_message(self, code, **_query):
        api_request = self._api_request(read_body=True)
        response = request.env["dist.backend"].sudo()._api_post_message(code, api_request)
        return self._reply(response)

    @http.route(
        "/dist/api/v1/<string:code>/messages/<int:message_id>",
        type="http",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=False,  # records last use of the key and security events
    )
    def get_message(self, code, message_id, **_query):
        api_request = self._api_request(read_body=False)
        response = (
            request.env["dist.backend"].sudo()._api_get_message(code, message_id, api_request)
        )
        return self._reply(response)

    @http.route(
        "/dist/api/v1/openapi.json",
        type="http",
        auth="none",
        methods=["GET"],
        save_session=False,
    )
    def openapi(self):
        return request.make_response(
            json.dumps(openapi_document(), indent=2),
            headers=[("Content-Type", "application/json")],
        )

    @staticmethod
    def _api_request(read_body):
        http_request = request.httprequest
        length = http_request.content_length
        body = b""
        if read_body and (length is None or length <= MAX_READ):
            # Cached: when Odoo retries the request after a serialization failure, the retry
            # must see the same body (an uncached stream would read as empty the second time).
            body = http_request.get_data(cache=True)
        return ApiRequest(
            method=http_request.method,
            path=http_request.path,
            headers=dict(http_request.headers),
            body=body,
            remote_addr=http_request.remote_addr or "",
            content_length=length,
            query=dict(http_request.args),
        )

    @staticmethod
    def _reply(response):
        content_type = "application/json"
        if response.status >= 400:
            content_type = "application/problem+json"
        headers = [("Content-Type", content_type), ("Cache-Control", "no-store")]
        return request.make_response(
            json.dumps(response.body),
            headers=headers + list(response.headers),
            status=response.status,
        )
