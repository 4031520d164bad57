# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two workers, two real database connections, the same business key at the same moment.

These tests commit in their own cursors (other connections cannot see a test transaction), then
remove what they created.
"""

import threading
import uuid

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import tagged

from dist_core import message_states as ms

from .common import DistCommon


@tagged("post_install", "-at_install")
class TestConcurrency(DistCommon):
    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:8]
        self.dbname = self.env.cr.dbname
        self.addCleanup(self._cleanup)

    def _run(self, func):
        """Run ``func(env)`` in a new real connection and commit."""
        with sql_db.db_connect(self.dbname).cursor() as cr:
            # Give the cursor our registry: Registry(dbname) would wait for the registry lock,
            # which the test runner holds for the whole run.
            cr.transaction = api.Transaction(self.registry)
            result = func(api.Environment(cr, SUPERUSER_ID, {}))
            # another connection must see it
            cr.commit()  # pylint: disable=invalid-commit
            return result

    def _in_parallel(self, func, count=2):
        """Run ``func(env)`` in ``count`` threads released together; retry serialization failures
        the way Odoo's HTTP layer and queue_job do."""
        barrier, errors, results = threading.Barrier(count), [], []

        def worker():
            barrier.wait(timeout=10)
            for _attempt in range(5):
                try:
                    results.append(self._run(func))
                    return
                except SerializationFailure:
                    continue
                except Exception as exc:
                    errors.append(exc)
                    return

        threads = [threading.Thread(target=worker) for _i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        return results

    def _setup_backend(self, env):
        return env["dist.backend"].create({"name": "Conc", "code": f"conc-{self.tag}"}).id

    def _cleanup(self):
        def purge(env):
            cr = env.cr
            cr.execute("SET LOCAL dist.allow_event_purge = 'on'")
            cr.execute("SELECT id FROM dist_backend WHERE code = %s", (f"conc-{self.tag}",))
            backend_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("SELECT id FROM dist_message WHERE backend_id IN %s", (backend_ids,))
            message_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("DELETE FROM dist_message_event WHERE message_id IN %s", (message_ids,))
            cr.execute("DELETE FROM dist_exception WHERE message_id IN %s", (message_ids,))
            cr.execute("DELETE FROM dist_business_key WHERE message_id IN %s", (message_ids,))
            cr.execute("DELETE FROM queue_job WHERE model_name = 'dist.message'")
            cr.execute(
                "DELETE FROM dist_message WHERE id IN %s AND duplicate_of_id IS NOT NULL",
                (message_ids,),
            )
            cr.execute("DELETE FROM dist_message WHERE id IN %s", (message_ids,))
            cr.execute("DELETE FROM dist_backend WHERE id IN %s", (backend_ids,))
            cr.execute("DELETE FROM res_partner WHERE ref = %s", (f"CONC-{self.tag}",))

        self._run(purge)

    def test_two_workers_same_business_key_one_effect(self):
        ref = f"CONC-{self.tag}"
        backend_id = self._run(self._setup_backend)

        def receive_two(env):
            backend = env["dist.backend"].browse(backend_id)
            messages = env["dist.message"]
            for key, name in (("first-delivery", "Acme"), ("second-delivery", "Acme Inc")):
                payload = self._contact_payload(ref, name)
                messages |= messages._receive(
                    backend, "generic.contact", payload, idempotency_key=key, enqueue=False
                )
            return messages.ids

        ids = self._run(receive_two)
        queue = list(ids)
        lock = threading.Lock()

        def process_next(env):
            with lock:
                message_id = queue.pop()
            return env["dist.message"].browse(message_id).process()

        self._in_parallel(process_next)

        def settle(env):
            messages = env["dist.message"].browse(ids)
            retry = messages.filtered(lambda m: m.state == ms.ERROR_TRANSIENT)
            retry.process()
            partners = env["res.partner"].search([("ref", "=", ref)])
            return messages.mapped("state"), len(partners)

        states, partner_count = self._run(settle)
        self.assertEqual(partner_count, 1)
        self.assertEqual(states, [ms.PROCESSED, ms.PROCESSED])

    def test_two_workers_same_delivery_one_original_one_duplicate(self):
        ref = f"CONC-{self.tag}"
        backend_id = self._run(self._setup_backend)

        def receive(env):
            backend = env["dist.backend"].browse(backend_id)
            payload = self._contact_payload(ref, "Acme")
            return (
                env["dist.message"]._receive(backend, "generic.contact", payload, enqueue=False).id
            )

        ids = self._in_parallel(receive)

        def states(env):
            return sorted(env["dist.message"].browse(ids).mapped("state"))

        self.assertEqual(len(set(ids)), 2)
        self.assertEqual(self._run(states), [ms.DUPLICATE, ms.RECEIVED])
