# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models

from dist_core.idempotency import checksum


class DistMessage(models.Model):
    _inherit = "dist.message"

    @api.model
    def _stored_for_file(self, backend, filename, data):
        """The message already stored for this file name and content, if any (poll checkpoint)."""
        return self.search(
            [
                ("backend_id", "=", backend.id),
                ("filename", "=", filename),
                ("payload_sha256", "=", checksum(data)),
                ("direction", "=", "inbound"),
            ],
            limit=1,
        )
