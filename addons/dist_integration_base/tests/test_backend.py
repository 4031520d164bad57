# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import DistCommon


class TestBackend(DistCommon):
    def test_job_channel_follows_kind(self):
        self.assertEqual(self._create_backend("edi-1").job_channel, "root.dist.edi")
        self.assertEqual(self._create_backend("wms-1", kind="wms").job_channel, "root.dist.wms")
        self.assertEqual(self._create_backend("gen-1", kind="generic").job_channel, "root.dist")

    def test_custom_job_channel_is_kept(self):
        backend = self._create_backend("edi-2", job_channel="root.special")
        backend.kind = "wms"
        self.assertEqual(backend.job_channel, "root.special")

    @mute_logger("odoo.sql_db")
    def test_code_is_unique(self):
        self._create_backend("dup")
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._create_backend("dup")

    def test_user_reads_but_cannot_configure(self):
        backend = self._create_backend("acl-1")
        user = self._create_user(
            "dist_user", "dist_integration_base.dist_integration_base_group_user"
        )
        self.assertEqual(backend.with_user(user).name, "Backend acl-1")
        with self.assertRaises(AccessError):
            backend.with_user(user).write({"name": "changed"})

    def test_company_isolation(self):
        ours = self._create_backend("ours")
        theirs = self._create_backend("theirs", company_id=self.other_company.id)
        manager = self._create_user(
            "dist_manager", "dist_integration_base.dist_integration_base_group_manager"
        )
        visible = self.env["dist.backend"].with_user(manager).search([])
        self.assertIn(ours, visible)
        self.assertNotIn(theirs, visible)

    def test_channel_data_exists(self):
        channel = self.env.ref("dist_integration_base.queue_job_channel_dist")
        self.assertEqual(channel.complete_name, "root.dist")
