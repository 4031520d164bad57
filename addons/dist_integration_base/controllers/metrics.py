# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import http
from odoo.http import request


class DistMetricsController(http.Controller):
    """Prometheus scrape endpoint: bearer-token check, then the text the model renders."""

    @http.route("/dist/metrics", type="http", auth="none", methods=["GET"], save_session=False)
    def metrics(self):
        metrics = request.env["dist.metrics"].sudo()
        if not metrics._check_token(request.httprequest.headers.get("Authorization")):
            # No detail: a scanner learns nothing about why (no token configured, wrong token).
            return request.make_response(
                "",
                headers=[("WWW-Authenticate", "Bearer"), ("Cache-Control", "no-store")],
                status=401,
            )
        return request.make_response(
            metrics._render(),
            headers=[
                ("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                ("Cache-Control", "no-store"),
            ],
        )
