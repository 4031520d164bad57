# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.x12.reader import read
from dist_core.x12.validator import validate

from .common import verdict_997
from .test_x12_855_out import Edi855Case

BUFFER = 4
LOGGER = "odoo.addons.dist_edi.models.dist_partner_profile_846"


def ack_846(group, set_control, control=401):
    """The partner's 997 accepting our 846 (functional group IB)."""
    return verdict_997("IB", "846", group, set_control, control)


class Edi846Case(Edi855Case):
    """The partner buys green (its UP, in cases of 12), red (VN and IN) and yellow (BP) from two
    warehouses; blue it orders by barcode only, so it has no item id of the partner's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.warehouse
        cls.west = cls.env["stock.warehouse"].create(
            {
                "name": "West DC",
                "code": "WEST",
                "dist_edi_location_qualifier": "UL",
                "dist_edi_location_code": "0614141000036",
            }
        )
        cls.yellow = cls._create_product("Yellow Widget", is_storable=True)
        for qualifier, value, product, description in (
            ("IN", "77-RED", cls.red, ""),
            ("VN", "WID-RED", cls.red, ""),
            ("BP", "Y-100", cls.yellow, "YELLOW WIDGET 6IN"),
        ):
            cls._create_xref(
                "product",
                profile_id=cls.profile.id,
                qualifier=qualifier,
                value=value,
                product_id=product.id,
                description=description,
            )
        # Main: 100 of blue, green and red (Edi855Case), 20 red coming in.
        # West: 30 green with 8 going out, 3 red, 50 yellow with 7 going out.
        for product, quantity in ((cls.green, 30), (cls.red, 3), (cls.yellow, 50)):
            cls._put(product, cls.west, quantity)
        cls._move(cls.red, cls.main, 20)
        cls._move(cls.green, cls.west, -8)
        cls._move(cls.yellow, cls.west, -7)
        cls.profile.write({"inventory_846": True, "inventory_846_buffer_qty": BUFFER})

    @classmethod
    def _put(cls, product, warehouse, quantity):
        cls.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, quantity)

    @classmethod
    def _move(cls, product, warehouse, quantity):
        """A confirmed receipt (quantity > 0) or delivery (< 0) of ``warehouse``: forecast only."""
        outside = cls.env.ref(
            "stock.stock_location_suppliers" if quantity > 0 else "stock.stock_location_customers"
        )
        stock = warehouse.lot_stock_id
        move = cls.env["stock.move"].create(
            {
                "name": f"846 test {product.name}",
                "product_id": product.id,
                "product_uom_qty": abs(quantity),
                "product_uom": product.uom_id.id,
                "location_id": (outside if quantity > 0 else stock).id,
                "location_dest_id": (stock if quantity > 0 else outside).id,
                "picking_type_id": (
                    warehouse.in_type_id if quantity > 0 else warehouse.out_type_id
                ).id,
            }
        )
        move._action_confirm()
        return move

    def _846(self, profile=None):
        return self.env["dist.message"].search(
            [
                ("res_model", "=", "dist.partner.profile"),
                ("res_id", "=", (profile or self.profile).id),
                ("type_id.code", "=", "x12.846.out"),
            ],
            order="id",
        )

    def _send_now(self, profile=None):
        with trap_jobs() as trap:
            (profile or self.profile).action_send_846_now()
            trap.assert_jobs_count(1)
        return self._846(profile)[-1:]

    def _846_set(self, payload):
        results = list(validate(payload))
        self.assertTrue(results)
        self.assertTrue(all(result.accepted for result in results))
        for result in results:
            for group in result.groups:
                self.assertEqual([s.errors for s in group.sets], [()] * len(group.sets))
        document = read(payload)
        self.assertFalse(document.issues)
        self.assertEqual([s.set_id for s in document.sets], ["846"])
        return document.sets[0]

    @staticmethod
    def _quantities(set_):
        """``{(item id pairs, (N103, N104)): (QTY02, QTY03)}`` from the LIN > N1 > QTY loops."""
        out, item, location = {}, None, None
        for segment in set_.body:
            if segment.tag == "LIN":
                item, location = segment.elements[1:], None
            elif segment.tag == "N1":
                location = (segment[3], segment[4])
            elif segment.tag == "QTY" and location:
                out[item, location] = (segment[2], segment[3])
        return out


class TestX12846Out(Edi846Case):
    def test_feed_is_forecast_minus_buffer_per_warehouse_by_partner_ids(self):
        # The moves make the forecast differ from what is on hand.
        self.assertEqual(self.red.with_context(warehouse_id=self.main.id).virtual_available, 120)
        self.assertEqual(self.red.with_context(warehouse_id=self.main.id).qty_available, 100)
        self.assertEqual(self.yellow.with_context(warehouse_id=self.west.id).virtual_available, 43)
        message = self._send_now()
        self.assertEqual(message.state, ms.PENDING)
        self.assertEqual(message.partner_id, self.customer)
        self.assertRegex(message.idempotency_key, rf"^846:{self.profile.id}:\d{{8}}T\d{{6}}Z$")
        set_ = self._846_set(self._send(message))
        self.assertEqual(set_.group.functional_id, "IB")
        ids = {
            self.green: ("UP", "012345678912"),
            self.red: ("VN", "WID-RED", "IN", "77-RED"),
            self.yellow: ("BP", "Y-100"),
        }
        places = {self.main: ("91", self.main.code), self.west: ("UL", "0614141000036")}
        expected = {}
        for product, item in ids.items():
            per_unit, unit = (12, "CA") if product == self.green else (1, "EA")
            for warehouse, place in places.items():
                forecast = product.with_context(warehouse_id=warehouse.id).virtual_available
                available = math.floor(max(forecast - BUFFER, 0) / per_unit)
                expected[item, place] = (str(available), unit)
        self.assertEqual(self._quantities(set_), expected)
        self.assertEqual(
            {key: qty for key, (qty, _unit) in expected.items()},
            {
                (ids[self.green], places[self.main]): "8",  # 96 units: 8 full cases
                (ids[self.green], places[self.west]): "1",  # 30 - 8 - 4 = 18: one case
                (ids[self.red], places[self.main]): "116",  # 100 + 20 incoming - 4
                (ids[self.red], places[self.west]): "0",  # 3 - 4, floored at 0
                (ids[self.yellow], places[self.main]): "0",
                (ids[self.yellow], places[self.west]): "39",  # 50 - 7 outgoing - 4
            },
        )
        pid = [s for s in set_.body if s.tag == "PID"]
        self.assertIn("YELLOW WIDGET 6IN", [s[5] for s in pid])
        self.assertEqual([s[1] for s in set_.body if s.tag == "CTT"], ["3"])
        # The partner's 997 finds it by GS06 and ST02.
        self.assertEqual(message.x12_group_control, str(int(set_.group.control_number)))
        self.assertEqual(message.x12_set_control, set_.control_number)
        parent = self.env["dist.message"]._receive(
            self.backend,
            "x12.interchange",
            ack_846(message.x12_group_control, message.x12_set_control).encode(),
            enqueue=False,
        )
        with trap_jobs():
            parent.process()
            self.env["dist.message"].search([("parent_id", "=", parent.id)]).process()
        self.assertEqual(message.state, ms.ACCEPTED)

    def test_product_without_partner_item_id_is_not_sent(self):
        # Blue is in stock and the partner orders it (by barcode), but has no item id for it.
        self.assertGreater(self.blue.with_context(warehouse_id=self.main.id).virtual_available, 0)
        set_ = self._846_set(self._send(self._send_now()))
        lin = [s.elements[1:] for s in set_.body if s.tag == "LIN"]
        self.assertEqual(len(lin), 3)
        sent = {value for pairs in lin for value in pairs[1::2]}
        self.assertFalse(sent & {self.blue.barcode, self.blue.default_code})
        self.assertNotIn(self.blue.id, self._846().x12_846_snapshot["products"])

    def test_quantities_are_those_of_the_snapshot(self):
        message = self._send_now()
        snapshot = message.x12_846_snapshot
        self.assertEqual(snapshot["buffer_qty"], BUFFER)
        west = next(w for w in snapshot["warehouses"] if w["id"] == self.west.id)
        self.assertEqual(west["forecast"][str(self.yellow.id)], 43)
        summary = message.x12_846_snapshot_summary
        self.assertIn("West DC (UL 0614141000036)\n", summary)
        self.assertIn(f"    {self.yellow.display_name}: 43\n", summary)
        # Stock that arrives after the snapshot is for the next feed.
        self._put(self.yellow, self.west, 1000)
        set_ = self._846_set(self._send(message))
        west_code = ("UL", "0614141000036")
        self.assertEqual(self._quantities(set_)[("BP", "Y-100"), west_code], ("39", "EA"))

    def test_percent_buffer_and_chosen_warehouses(self):
        self.profile.write(
            {
                "inventory_846_buffer_qty": 0,
                "inventory_846_buffer_percent": 10,
                "inventory_846_warehouse_ids": [fields.Command.set(self.west.ids)],
            }
        )
        quantities = self._quantities(self._846_set(self._send(self._send_now())))
        self.assertEqual({place for _item, place in quantities}, {("UL", "0614141000036")})
        # 43 yellow less 10 %: 38.7, rounded down to whole units.
        self.assertEqual(quantities[("BP", "Y-100"), ("UL", "0614141000036")], ("38", "EA"))

    def test_disabled_or_empty_feed_cannot_be_sent(self):
        self.profile.inventory_846 = False
        with self.assertRaisesRegex(UserError, "not enabled"):
            self.profile.action_send_846_now()
        self.profile.write({"inventory_846": True, "xref_product_ids": [fields.Command.clear()]})
        with trap_jobs() as trap, self.assertRaisesRegex(UserError, "nothing to advise"):
            self.profile.action_send_846_now()
        trap.assert_jobs_count(0)
        self.assertFalse(self._846())

    def test_unit_without_mapping_is_an_exception(self):
        self.env["dist.xref.product"].search(
            [("profile_id", "=", self.profile.id), ("value", "=", "Y-100")]
        ).uom_code = "BX"
        message = self._send_now()
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.mapped("problem_key"), ["uom:BX"])
        self.assertFalse(message.payload_sha256)


class TestX12846Schedule(Edi846Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.others = {}
        for name in ("Beta Stores", "Gamma Stores", "Delta Stores"):
            partner = cls.env["res.partner"].create({"name": name, "is_company": True})
            profile = cls._create_edi_profile(
                partner,
                cls.backend,
                x12_isa_qualifier="ZZ",
                x12_isa_id=name.split()[0].upper(),
                inventory_846=True,
                inventory_846_interval_hours=24,
            )
            cls._create_xref(
                "product",
                profile_id=profile.id,
                qualifier="VN",
                value=f"{name[0]}-RED",
                product_id=cls.red.id,
            )
            cls.others[name.split()[0].lower()] = profile

    def test_cron_sends_due_feeds_and_moves_their_next_run(self):
        now = fields.Datetime.now()
        late, early = now - timedelta(hours=50), now + timedelta(hours=3)
        beta, gamma, delta = (self.others[k] for k in ("beta", "gamma", "delta"))
        self.profile.inventory_846_next_run = False  # never sent: due at once
        beta.inventory_846_next_run = late  # two runs missed: one feed, not three
        gamma.inventory_846_next_run = early  # not due
        delta.write({"inventory_846": False, "inventory_846_next_run": late})  # disabled
        with trap_jobs() as trap:
            sent = self.env["dist.partner.profile"]._cron_x12_846_send_due()
            trap.assert_jobs_count(2)
        self.assertEqual(sent.mapped("res_id"), [self.profile.id, beta.id])
        self.assertEqual(len(self._846()), 1)
        self.assertEqual(len(self._846(beta)), 1)
        self.assertFalse(self._846(gamma) | self._846(delta))
        self.assertEqual(beta.inventory_846_next_run, late + timedelta(hours=72))
        self.assertGreater(beta.inventory_846_next_run, now)
        self.assertEqual(gamma.inventory_846_next_run, early)
        self.assertEqual(delta.inventory_846_next_run, late)
        self.assertGreaterEqual(self.profile.inventory_846_next_run, now + timedelta(hours=24))
        # Nothing is due any more: a second pass sends nothing.
        with trap_jobs() as trap:
            self.assertFalse(self.env["dist.partner.profile"]._cron_x12_846_send_due())
            trap.assert_jobs_count(0)
        # The feed queued by the schedule is a valid 846 for Beta, by Beta's own item id.
        set_ = self._846_set(self._send(self._846(beta)))
        self.assertEqual(set_.interchange.receiver_id, "BETA")
        self.assertEqual([s.elements[1:] for s in set_.body if s.tag == "LIN"], [("VN", "B-RED")])

    def test_manual_send_leaves_the_schedule(self):
        planned = fields.Datetime.now() + timedelta(hours=5)
        self.profile.inventory_846_next_run = planned
        message = self._send_now()
        self.assertTrue(message.x12_846_snapshot)
        self.assertEqual(self.profile.inventory_846_next_run, planned)
        self.assertEqual(self._846_set(self._send(message)).set_id, "846")

    def test_a_failing_feed_does_not_hold_back_the_others(self):
        beta = self.others["beta"]
        owner = type(self.env["dist.partner.profile"])
        original = owner._x12_846_snapshot

        def snapshot(profile, taken):
            if profile == beta:
                raise ValueError("broken on purpose")
            return original(profile, taken)

        (self.others["gamma"] | self.others["delta"]).inventory_846 = False
        with (
            patch.object(owner, "_x12_846_snapshot", snapshot),
            self.assertLogs(LOGGER, "ERROR") as logs,
            trap_jobs(),
        ):
            sent = self.env["dist.partner.profile"]._cron_x12_846_send_due()
        self.assertIn("broken on purpose", str(logs.records[0].exc_info[1]))
        self.assertEqual(sent.mapped("res_id"), [self.profile.id])
        self.assertFalse(self._846(beta))
        self.assertGreater(beta.inventory_846_next_run, fields.Datetime.now())
