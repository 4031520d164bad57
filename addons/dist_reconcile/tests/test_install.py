# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.dist_integration_base.tests.common import DistAreaCase


class TestReconcileInstall(DistAreaCase):
    area_module = "dist_reconcile"
    area_channel = "reconcile"

    def test_groups_and_channel(self):
        self.assert_area_wiring()

    def test_dependencies_installed(self):
        names = ["stock"]
        modules = self.env["ir.module.module"].search([("name", "in", names)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
