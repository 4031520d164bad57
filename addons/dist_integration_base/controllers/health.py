# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging

from psycopg2 import Error as DatabaseError

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)


class DistHealthController(http.Controller):
    """Liveness and readiness of the integration hub for load balancers and monitors."""

    @http.route("/dist/health", type="http", auth="none", methods=["GET"], save_session=False)
    def health(self):
        status, checks = "pass", {}
        try:
            request.env.cr.execute("SELECT 1")
            checks["database"] = "pass"
        except (DatabaseError, RuntimeError, AttributeError):
            _logger.info("dist health: database check failed", exc_info=True)
            status, checks["database"] = "fail", "fail"
        details = {}
        if status == "pass":
            # Job runner activity and dead letters warn, they never fail the probe.
            extra_checks, details = request.env["dist.metrics"].sudo()._health_checks()
            checks.update(extra_checks)
        body = json.dumps({"status": status, "checks": checks, "details": details})
        return request.make_response(
            body,
            headers=[("Content-Type", "application/health+json"), ("Cache-Control", "no-store")],
            status=200 if status == "pass" else 503,
        )
