# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.dist_integration_base.tests.common import DistAreaCase


class TestEdiInstall(DistAreaCase):
    area_module = "dist_edi"
    area_channel = "edi"

    def test_groups_and_channel(self):
        self.assert_area_wiring()

    def test_dependencies_installed(self):
        names = ["sale_stock", "account"]
        modules = self.env["ir.module.module"].search([("name", "in", names)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})

    def test_area_menu_visible_to_area_user(self):
        user = self.assert_area_wiring()
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertIn(self.env.ref("dist_edi.dist_edi_menu_root").id, menus)
