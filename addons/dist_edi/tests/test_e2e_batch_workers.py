# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two batches of orders for the same products, processed at the same moment by two workers."""

from odoo.tools import mute_logger

from dist_core import message_states as ms

from .common import Edi850Case
from .e2e_scenarios import renumbered
from .test_e2e_local_folder import E2eTwoWorkersCase


class TestE2eBatchTwoWorkers(E2eTwoWorkersCase):
    """Each worker processes the three POs of its own file in one transaction, as a job of a
    batch does, reserving stock of the same products at the same moment: every order once, every
    delivery reserved, and exactly the ordered quantities taken from the free stock. Odoo skips
    a quant another transaction holds; one the other batch changed and committed meanwhile fails
    with a serialization error (logged by ``odoo.sql_db``), and the engine retries that order."""

    def _stock(self, env):
        """Make the setup's products storable, with plenty on hand in the main warehouse; the
        quants go before the setup's own cleanup removes the products."""
        products = env["product.product"].browse(self.setup_ids["products"])
        products.write({"is_storable": True})
        warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
        for product in products:
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1000)
        self.addCleanup(self._run, self._remove_stock)

    def _remove_stock(self, env):
        customer = env["res.partner"].browse(self.setup_ids["customer"])
        env["sale.order"].search([("partner_id", "child_of", customer.id)])._action_cancel()
        env.cr.execute(
            "DELETE FROM stock_quant WHERE product_id IN %s", (tuple(self.setup_ids["products"]),)
        )

    def _batch_facts(self, env):
        customer = env["res.partner"].browse(self.setup_ids["customer"])
        orders = env["sale.order"].search([("partner_id", "child_of", customer.id)])
        Message = env["dist.message"]
        backend = self.setup_ids["backend"]
        pos = Message.search([("backend_id", "=", backend), ("type_id.code", "=", "x12.850")])
        acks = Message.search([("backend_id", "=", backend), ("type_id.code", "=", "x12.855.out")])
        ordered = {}
        for move in orders.picking_ids.move_ids:
            ordered[move.product_id.id] = ordered.get(move.product_id.id, 0.0) + move.product_qty
        products = env["product.product"].browse(self.setup_ids["products"])
        return {
            "orders": sorted((o.client_order_ref, o.state) for o in orders),
            "deliveries": sorted(set(orders.picking_ids.mapped("state"))),
            "850": sorted(set(pos.mapped("state"))),
            "reserved": {p.id: (1000 - p.free_qty, ordered.get(p.id, 0.0)) for p in products},
            "855": sorted(set(acks.mapped("state"))),
            "855 count": len(acks),
        }

    @mute_logger("odoo.sql_db")
    def test_two_batches_reserving_the_same_stock_make_every_order_once(self):
        self._run(self._stock)
        three = Edi850Case._sample("850_three_pos.x12")
        self._drop("batch-a.x12", three)
        self._drop("batch-b.x12", renumbered(three.replace(b"PO-500", b"PO-600"), 132))
        self._one_file_per_worker()
        facts = self._run(self._batch_facts)
        pos = [f"PO-{prefix}{n}" for prefix in ("500", "600") for n in (1, 2, 3)]
        self.assertEqual(facts["orders"], [(po, "sale") for po in pos])
        self.assertEqual(facts["deliveries"], ["assigned"])
        self.assertEqual(facts["850"], [ms.PROCESSED])
        for product, (taken, ordered) in facts["reserved"].items():
            self.assertGreater(ordered, 0)
            self.assertEqual(taken, ordered, f"product {product}")
        self.assertEqual((facts["855"], facts["855 count"]), ([ms.SENT], 6))
