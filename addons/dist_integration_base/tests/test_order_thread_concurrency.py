# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two workers attaching the same order at the same moment: one thread, one link per record."""

import uuid

from odoo.tests import tagged

from .common import DistCommon
from .test_concurrency import TestConcurrency


@tagged("post_install", "-at_install")
class TestOrderThreadConcurrency(DistCommon):
    # The real-connection helpers of the backbone's concurrency tests, without their tests.
    _run = TestConcurrency._run
    _in_parallel = TestConcurrency._in_parallel

    def setUp(self):
        super().setUp()
        self.key = f"CONC-THREAD-{uuid.uuid4().hex[:8]}"
        self.dbname = self.env.cr.dbname
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        def purge(env):
            env.cr.execute("DELETE FROM dist_order_thread WHERE key = %s", (self.key,))

        self._run(purge)

    def test_two_workers_attach_same_key_one_thread(self):
        def attach(env):
            partner = env.company.partner_id
            thread = env["dist.order.thread"]._attach(self.key, records=partner, role="customer")
            return thread.id

        ids = self._in_parallel(attach)

        def count(env):
            threads = env["dist.order.thread"].search([("key", "=", self.key)])
            return len(threads), len(threads.link_ids)

        self.assertEqual(len(set(ids)), 1)
        self.assertEqual(self._run(count), (1, 1))
