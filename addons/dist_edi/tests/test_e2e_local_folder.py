# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""End to end through a local folder: X12 files dropped in the backend's inbox, polled, routed,
turned into orders, answered with 855s and 997s written to the outbox folder."""

import os
import shutil
import tempfile
import threading
import time
import uuid

from odoo.tests import tagged

from odoo.addons.dist_integration_base.tests.common import DistCommon
from odoo.addons.dist_integration_base.tests.test_concurrency import TestConcurrency
from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .common import Edi850Case
from .e2e_scenarios import CoreScenarios, E2eCase, MoreScenarios, renumbered


class E2eLocalFolderCase(E2eCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Polling commits each file in a cursor of its own: in test mode that cursor is a
        # savepoint of the test transaction.
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)

    def _drop(self, payload, name, age=120):
        """Write a file in the inbox, older than the backend's minimum age."""
        path = os.path.join(self.root, "in", name)
        with open(path, "wb") as handle:
            handle.write(payload)
        then = time.time() - age
        os.utime(path, (then, then))

    def _deliver_file(self, payload, name):
        self._drop(payload, name)
        report = self.backend._poll_inbox()
        self.assertEqual([o.outcome.value for o in report.outcomes], ["done"])
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), [], "the file was taken")
        archived = os.listdir(os.path.join(self.root, "archive"))
        self.assertTrue(any(n.endswith(f"_{name}") for n in archived), archived)
        return self.env["dist.message"].browse(report.outcomes[0].result)


class TestE2eLocalFolder(CoreScenarios, MoreScenarios, E2eLocalFolderCase):
    def test_young_file_waits_for_the_next_poll(self):
        self._drop(self._x12("850_clean.x12"), "po-1001.x12", age=0)
        report = self.backend._poll_inbox()
        self.assertEqual([o.outcome.value for o in report.outcomes], ["skipped_young"])
        self.assertFalse(self._orders("PO-1001"))
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), ["po-1001.x12"])


@tagged("post_install", "-at_install")
class E2eTwoWorkersCase(DistCommon):
    """Files handled at the same moment by two workers, each with a real database connection
    of its own. Other connections cannot see a test transaction, so these tests commit their
    setup and remove everything they made afterwards."""

    # The real-connection helpers of the backbone's concurrency tests, without their tests.
    _run = TestConcurrency._run
    _in_parallel = TestConcurrency._in_parallel
    _perform_jobs = E2eCase._perform_jobs
    _outbox_documents = E2eCase._outbox_documents
    _outbox_sets = E2eCase._outbox_sets

    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:8]
        self.dbname = self.env.cr.dbname
        self.root = tempfile.mkdtemp(prefix="dist-e2e-workers-")
        self.addCleanup(shutil.rmtree, self.root, True)
        for folder in ("in", "archive", "out"):
            os.mkdir(os.path.join(self.root, folder))
        self.addCleanup(self._cleanup)
        self.setup_ids = self._run(self._setup)
        self.payload = Edi850Case._sample("850_clean.x12")

    def _outbox(self):
        return os.path.join(self.root, "out")

    def _setup(self, env):
        backend = env["dist.backend"].create(
            {
                "name": f"E2E workers {self.tag}",
                "code": f"e2e-workers-{self.tag}",
                "kind": "edi_provider",
                "environment": "production",
                "transport": "local",
                "transport_root": self.root,
                "transport_min_age": 0,
                "x12_isa_id": "OURDIST",
                "inbound_type_id": env.ref("dist_edi.dist_message_type_x12_interchange").id,
            }
        )
        Partner = env["res.partner"]
        customer = Partner.create({"name": f"Acme {self.tag}", "is_company": True})
        dc = Partner.create({"name": "Acme DC 42", "type": "delivery", "parent_id": customer.id})
        carrier = Partner.create({"name": f"UPS {self.tag}"})
        pricelist = env["product.pricelist"].create(
            {"name": f"Acme {self.tag}", "currency_id": env.company.currency_id.id}
        )
        customer.property_product_pricelist = pricelist
        profile = env["dist.partner.profile"].create(
            {
                "partner_id": customer.id,
                "backend_id": backend.id,
                "code": f"acme-{self.tag}",
                "x12_isa_qualifier": "ZZ",
                "x12_isa_id": "ACMERETAIL",
                "x12_gs_id": "ACMERETAIL",
            }
        )
        Product = env["product.product"]
        products = Product
        for name, price, qualifier, value, pack in (
            ("Blue", 9.25, "UP", "012345678905", 0),
            ("Green", 3.5, "UP", "012345678912", 12),
            ("Red", 20.0, "VN", "WID-RED", 0),
        ):
            product = Product.create({"name": f"{name} {self.tag}", "list_price": price})
            values = {"profile_id": profile.id, "qualifier": qualifier, "value": value}
            if pack:
                values.update(uom_code="CA", pack_size=pack)
            env["dist.xref.product"].create(dict(values, product_id=product.id))
            products |= product
        env["dist.xref.location"].create(
            {"profile_id": profile.id, "qualifier": "92", "value": "0042", "address_id": dc.id}
        )
        env["dist.xref.carrier"].create(
            {"profile_id": profile.id, "scac": "UPSN", "carrier_partner_id": carrier.id}
        )
        return {
            "backend": backend.id,
            "customer": customer.id,
            "partners": (customer | dc | carrier).ids,
            "pricelist": pricelist.id,
            "profile": profile.id,
            "products": products.ids,
        }

    def _cleanup(self):
        ids = getattr(self, "setup_ids", None)
        if not ids:
            return

        def purge(env):
            customer = env["res.partner"].browse(ids["customer"])
            orders = env["sale.order"].search([("partner_id", "child_of", customer.id)])
            pickings = orders.picking_ids
            groups = orders.procurement_group_id
            orders._action_cancel()
            pickings.unlink()
            orders.unlink()
            groups.unlink()
            cr = env.cr
            cr.execute("SET LOCAL dist.allow_event_purge = 'on'")
            cr.execute("SELECT id FROM dist_message WHERE backend_id = %s", (ids["backend"],))
            messages = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute("DELETE FROM dist_message_event WHERE message_id IN %s", (messages,))
            cr.execute("DELETE FROM dist_exception WHERE message_id IN %s", (messages,))
            cr.execute("DELETE FROM dist_business_key WHERE message_id IN %s", (messages,))
            cr.execute("DELETE FROM dist_business_key WHERE key LIKE %s", (f"{customer.id}:%",))
            cr.execute("UPDATE dist_message SET duplicate_of_id = NULL WHERE id IN %s", (messages,))
            cr.execute("DELETE FROM dist_message WHERE id IN %s", (messages,))
            cr.execute("DELETE FROM dist_order_thread WHERE key LIKE %s", (f"{customer.id}:%",))
            env["dist.partner.profile"].browse(ids["profile"]).unlink()
            env["dist.backend"].browse(ids["backend"]).unlink()
            env["product.product"].browse(ids["products"]).product_tmpl_id.unlink()
            env["res.partner"].browse(ids["partners"]).unlink()
            env["product.pricelist"].browse(ids["pricelist"]).unlink()

        self._run(purge)

    def _settle(self, trap):
        """What the queue does next, in one more connection: every job the workers queued
        (the 850s again, a retry after a serialization failure, the 855 and the 997s)."""

        def settle(env):
            self.env = env  # _perform_jobs runs the trapped jobs in self.env's cursor
            self._perform_jobs(trap)

        original = self.env
        try:
            self._run(settle)
        finally:
            self.env = original

    def _facts(self, env):
        backend = env["dist.backend"].browse(self.setup_ids["backend"])
        customer = env["res.partner"].browse(self.setup_ids["customer"])
        Message = env["dist.message"]
        orders = env["sale.order"].search([("partner_id", "child_of", customer.id)])
        pos = Message.search([("backend_id", "=", backend.id), ("type_id.code", "=", "x12.850")])
        acks = Message.search(
            [("backend_id", "=", backend.id), ("type_id.code", "=", "x12.855.out")]
        )
        threads = env["dist.order.thread"].search([("key", "=", f"{customer.id}:PO-1001")])
        return {
            "orders": [(o.client_order_ref, o.state, o.dist_edi_message_id.id) for o in orders],
            "lines": sorted(orders.order_line.filtered("product_id").mapped("product_uom_qty")),
            "850": sorted((m.state, m.duplicate_of_id.id or 0) for m in pos),
            "850_ids": sorted(pos.ids),
            "855": [(m.state, m.thread_id.id, m.filename) for m in acks],
            "threads": [(t.id, sorted(t.message_ids.ids)) for t in threads],
        }

    def _one_file_per_worker(self):
        """Poll the inbox's two files, let two workers handle one each at the same moment (the
        route, then its sets in one transaction, as a job of a batch does), then run what the
        queue does next."""
        with trap_jobs() as trap:
            delivered = self._run(self._poll)
            self.assertEqual(len(delivered), 2)
            queue, taken, lock = list(delivered), {}, threading.Lock()

            def work(env):
                # One file per worker, kept when a serialization failure makes it start again.
                with lock:
                    if threading.get_ident() not in taken:
                        taken[threading.get_ident()] = queue.pop()
                interchange = env["dist.message"].browse(taken[threading.get_ident()])
                interchange.process()
                interchange.child_ids.process()

            self._in_parallel(work)
            self._settle(trap)

    def _poll(self, env):
        report = env["dist.backend"].browse(self.setup_ids["backend"])._poll_inbox()
        self.assertEqual({o.outcome.value for o in report.outcomes}, {"done"})
        return [o.result for o in report.outcomes]

    def _drop(self, name, payload):
        path = os.path.join(self.root, "in", name)
        with open(path, "wb") as handle:
            handle.write(payload)
        then = time.time() - 120
        os.utime(path, (then, then))

    def _assert_outbox(self, facts, acks):
        ((state, thread_id, filename),) = facts["855"]
        self.assertEqual(state, ms.SENT)
        ((thread, thread_messages),) = facts["threads"]
        self.assertEqual(thread_id, thread)
        self.assertTrue(set(facts["850_ids"]) <= set(thread_messages))
        files_855 = self._outbox_sets("855")
        self.assertEqual([name for name, _set in files_855], [filename])
        (bak,) = [s for s in files_855[0][1].body if s.tag == "BAK"]
        self.assertEqual(bak[3], "PO-1001")
        files_997 = self._outbox_sets("997")
        self.assertEqual(len(files_997), acks)
        for _name, set_ in files_997:
            (ak9,) = [s for s in set_.body if s.tag == "AK9"]
            self.assertEqual(ak9.elements[:4], ("A", "1", "1", "1"))


class TestE2eLocalFolderTwoWorkers(E2eTwoWorkersCase):
    """The same file delivered twice and handled at the same moment by two workers."""

    def test_same_po_in_two_files_two_workers_one_order(self):
        """The partner sends the file, then the same PO again in a new envelope; a worker
        handles each at the same moment (route, then the 850): one order."""
        self._drop("po-1001.x12", self.payload)
        self._drop("po-1001-resent.x12", renumbered(self.payload, 102))
        self._one_file_per_worker()
        facts = self._run(self._facts)
        (order,) = facts["orders"]
        self.assertEqual(order[:2], ("PO-1001", "sale"))
        self.assertEqual(facts["lines"], [5.0, 10.0, 24.0])
        self.assertEqual(len(facts["850_ids"]), 2, "one 850 message per file")
        self.assertIn(order[2], facts["850_ids"])
        # The other file's 850 is a duplicate of the one that made the order.
        self.assertEqual(facts["850"], sorted([(ms.PROCESSED, 0), (ms.DUPLICATE, order[2])]))
        self._assert_outbox(facts, acks=2)

    def test_same_file_two_workers_one_order(self):
        """One file, its job run by two workers at the same moment (queue_job is
        at-least-once): one order, one 850, one 855, one 997."""
        self._drop("po-1001.x12", self.payload)
        with trap_jobs() as trap:
            (interchange_id,) = self._run(self._poll)

            def work(env):
                interchange = env["dist.message"].browse(interchange_id)
                interchange.process()
                interchange.child_ids.process()

            self._in_parallel(work)
            self._settle(trap)
        facts = self._run(self._facts)
        (order,) = facts["orders"]
        self.assertEqual(order[:2], ("PO-1001", "sale"))
        self.assertEqual(facts["850"], [(ms.PROCESSED, 0)])
        self._assert_outbox(facts, acks=1)
