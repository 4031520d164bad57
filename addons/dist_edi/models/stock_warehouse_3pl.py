# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockWarehouse(models.Model):
    """A warehouse operated by a third-party logistics provider (3PL) that speaks X12: its
    deliveries go out as 940 shipping orders, its 945/944/947 come back into Odoo."""

    _inherit = "stock.warehouse"

    dist_3pl_profile_id = fields.Many2one(
        comodel_name="dist.partner.profile",
        string="3PL (EDI)",
        index="btree_not_null",
        ondelete="restrict",
        help="The trading partner profile of the 3PL that runs this warehouse (its ISA/GS ids, "
        "X12 version and delimiters, on its EDI backend). Set: each delivery of this warehouse "
        "that becomes ready is sent to the 3PL as a 940; the 3PL's 945 validates it, its 944 "
        "receives and its 947 adjusts this warehouse's stock.",
    )

    def _dist_3pl_of(self, profile):
        """The warehouses ``profile`` operates (as superuser: the lookup runs in handlers)."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("dist_3pl_profile_id", "=", profile.id)])
        )
