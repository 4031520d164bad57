# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
from decimal import Decimal

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.gs1 import check_digit
from dist_core.x12.hl import hl_tree
from dist_core.x12.reader import read
from dist_core.x12.validator import validate

from .test_x12_855_out import Edi855Case


class Edi856Case(Edi855Case):
    """From a sale order created by an 850 (``850_clean.x12``: 10 EA blue, 2 CA of 12 green,
    5 EA red) to the 856 of each delivery: the SSCC ledger and the helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dist.edi.sscc"].create(
            {"company_id": cls.company.id, "gs1_company_prefix": "0614141", "extension_digit": 3}
        )

    # ----------------------------------------------------------------------------- helpers

    def _delivery(self, order):
        return order.picking_ids.filtered(lambda x: x.state not in ("done", "cancel"))

    def _pack(self, picking, contents):
        """Ship ``{product: [quantity per package, ...]}`` (None as package: loose); returns the
        packages created, in order."""
        packages = {}
        for product, parts in contents.items():
            move = picking.move_ids.filtered(lambda x, p=product: x.product_id == p)
            move.move_line_ids.unlink()
            for key, quantity in parts:
                if key is not None and key not in packages:
                    packages[key] = self.env["stock.quant.package"].create({"name": f"T-{key}"})
                self.env["stock.move.line"].create(
                    {
                        "move_id": move.id,
                        "picking_id": picking.id,
                        "product_id": product.id,
                        "product_uom_id": move.product_uom.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "quantity": quantity,
                        "result_package_id": packages[key].id if key is not None else False,
                    }
                )
        picking.move_ids.picked = True
        return [packages[key] for key in sorted(packages)]

    def _validate(self, picking):
        with trap_jobs():
            result = picking.with_context(skip_backorder=True).button_validate()
        self.assertIs(result, True)
        self.assertEqual(picking.state, "done")
        return self._856(picking)

    def _856(self, picking):
        return self.env["dist.message"].search(
            [
                ("res_model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
                ("type_id.code", "=", "x12.856.out"),
            ]
        )

    def _856_set(self, payload):
        results = list(validate(payload))
        self.assertTrue(results)
        self.assertTrue(all(result.accepted for result in results))
        document = read(payload)
        self.assertFalse(document.issues)
        self.assertEqual([s.set_id for s in document.sets], ["856"])
        return document.sets[0]

    def _tree(self, set_):
        roots, problems = hl_tree(set_.body)
        self.assertFalse(problems)
        self.assertEqual(len(roots), 1)
        return roots[0]

    @staticmethod
    def _first(node, tag):
        return next(s for s in node.segments if s.tag == tag)

    def _items(self, node):
        """``{LIN01: (LIN ids, SN1 quantity, SN1 unit)}`` of the item levels under ``node``."""
        out = {}
        for child in node.children:
            if child.level == "I":
                lin, sn1 = self._first(child, "LIN"), self._first(child, "SN1")
                out[lin[1]] = (lin.elements[1:], Decimal(sn1[2]), sn1[3])
        return out

    def _shipped(self, set_):
        """``{LIN01: total SN1 quantity}`` over the whole 856."""
        totals = {}
        for segment in set_.body:
            if segment.tag == "SN1":
                totals[segment[1]] = totals.get(segment[1], Decimal(0)) + Decimal(segment[2])
        return totals


class TestX12856Out(Edi856Case):
    """Packages, partial shipments, structures and the blocking checks of the 856."""

    def test_two_packages_pick_and_pack(self):
        order = self._intake()
        picking = self._delivery(order)
        self.assertEqual(len(picking), 1)
        box_a, box_b = self._pack(
            picking, {self.blue: [(1, 10)], self.green: [(2, 24)], self.red: [(2, 5)]}
        )
        message = self._validate(picking)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.state, ms.PENDING)
        self.assertEqual(message.idempotency_key, f"856:{picking.id}")
        thread = order.dist_edi_message_id.thread_id
        self.assertEqual(message.thread_id, thread)
        self.assertIn(
            ("stock.picking", picking.id, "picking"),
            [(x.res_model, x.res_id, x.role) for x in thread.link_ids],
        )
        self.assertEqual(picking._dist_edi_queue_856(), message, "one 856 per picking")

        set_ = self._856_set(self._send(message))
        self.assertEqual(set_.group.functional_id, "SH")
        bsn = next(s for s in set_.body if s.tag == "BSN")
        self.assertEqual(bsn.elements[:2], ("00", picking.name))
        self.assertEqual(bsn[5], "0001")
        dtm = next(s for s in set_.body if s.tag == "DTM")
        self.assertEqual(dtm[1], "011")
        shipment = self._tree(set_)
        self.assertEqual((shipment.level, shipment.parent_id), ("S", ""))
        td5 = self._first(shipment, "TD5")
        self.assertEqual(td5.elements[1:3], ("2", "UPSN"))
        self.assertEqual(self._first(shipment, "TD1")[2], "2", "two cartons")
        ship_to = [s for s in shipment.segments if s.tag == "N1" and s[1] == "ST"]
        self.assertEqual(ship_to[0].elements[:4], ("ST", "ACME DC 42", "92", "0042"))
        (po,) = shipment.children
        self.assertEqual((po.level, po.parent_id), ("O", shipment.id))
        self.assertEqual(self._first(po, "PRF")[1], "PO-1001")
        packs = po.children
        self.assertEqual([p.level for p in packs], ["P", "P"])
        ssccs = [self._first(p, "MAN") for p in packs]
        self.assertEqual([m[1] for m in ssccs], ["GM", "GM"])
        labels = [m[2] for m in ssccs]
        self.assertEqual(labels, [box_a.dist_sscc, box_b.dist_sscc])
        self.assertEqual(len(set(labels)), 2)
        for label in labels:
            self.assertEqual(len(label), 18)
            self.assertTrue(label.startswith("30614141"))
            self.assertEqual(label[-1], check_digit(label[:-1]), "GS1 check digit")
        for pack in packs:
            self.assertEqual(pack.parent_id, po.id)
            self.assertTrue(all(child.level == "I" for child in pack.children))
        self.assertEqual(
            self._items(packs[0]), {"1": (("UP", "012345678905", "VN", "ABC-1"), 10, "EA")}
        )
        self.assertEqual(
            self._items(packs[1]),
            {"2": (("UP", "012345678912"), 2, "CA"), "3": (("VN", "WID-RED"), 5, "EA")},
        )
        ctt = next(s for s in set_.body if s.tag == "CTT")
        self.assertEqual(ctt[1], str(len(list(shipment.walk()))))
        self.assertEqual(message.x12_group_control, str(int(set_.group.control_number)))
        self.assertEqual(message.x12_set_control, set_.control_number)
        self.assertIn(message.filename, os.listdir(os.path.join(self.root, "out")))
        # A regeneration keeps each package's SSCC: the labels are on the cartons already.
        with trap_jobs():
            message.action_regenerate()
        again = self._856_set(self._send(message))
        self.assertEqual(
            [s[2] for s in again.body if s.tag == "MAN"], labels, "SSCCs are assigned once"
        )
        self.assertEqual(self.env["dist.edi.sscc"].search([]).last_serial, 2)

    def test_partial_shipment_and_backorder(self):
        order = self._intake()
        first = self._delivery(order)
        self._pack(first, {self.blue: [(1, 4)], self.green: [(1, 12)], self.red: [(2, 5)]})
        message_1 = self._validate(first)
        backorder = self._delivery(order)
        self.assertEqual(len(backorder), 1)
        self.assertEqual(backorder.backorder_id, first)
        self.assertFalse(self._856(backorder), "nothing shipped yet")
        (box,) = self._pack(backorder, {self.blue: [(1, 6)], self.green: [(1, 12)]})
        message_2 = self._validate(backorder)
        self.assertEqual(len(message_1 | message_2), 2)
        set_1 = self._856_set(self._send(message_1))
        set_2 = self._856_set(self._send(message_2))
        self.assertEqual(self._shipped(set_1), {"1": Decimal(4), "2": Decimal(1), "3": Decimal(5)})
        self.assertEqual(self._shipped(set_2), {"1": Decimal(6), "2": Decimal(1)})
        totals = {
            key: self._shipped(set_1).get(key, 0) + self._shipped(set_2).get(key, 0)
            for key in ("1", "2", "3")
        }
        self.assertEqual(totals, {"1": 10, "2": 2, "3": 5}, "the order, in the partner's units")
        self.assertNotEqual(set_1.control_number, set_2.control_number)
        self.assertEqual(
            [s[2] for s in set_2.body if s.tag == "MAN"], [box.dist_sscc], "one carton"
        )
        labels = [s[2] for s in set_1.body + set_2.body if s.tag == "MAN"]
        self.assertEqual(len(labels), len(set(labels)), "never reused")

    def test_standard_carton_structure(self):
        self.profile.asn_structure = "SOI"
        order = self._intake()
        picking = self._delivery(order)
        self._pack(
            picking, {self.blue: [(1, 6), (2, 4)], self.green: [(2, 24)], self.red: [(1, 5)]}
        )
        set_ = self._856_set(self._send(self._validate(picking)))
        self.assertEqual(next(s for s in set_.body if s.tag == "BSN")[5], "0004")
        (po,) = self._tree(set_).children
        self.assertEqual({c.level for c in po.children}, {"I"})
        self.assertEqual(
            {k: v[1:] for k, v in self._items(po).items()},
            {"1": (10, "EA"), "2": (2, "CA"), "3": (5, "EA")},
        )
        self.assertFalse([s for s in set_.body if s.tag == "MAN"])

    def test_missing_carrier_mapping_blocks_the_856(self):
        order = self._intake()
        self.assertEqual(order.dist_edi_carrier_partner_id, self.ups)
        self.env["dist.xref.carrier"].search(
            [("carrier_partner_id", "=", self.ups.id)]
        ).active = False
        picking = self._delivery(order)
        self._pack(picking, {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(1, 5)]})
        message = self._validate(picking)
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertFalse(message.payload_sha256)
        exception = message.exception_ids
        self.assertEqual(exception.problem_key, f"carrier-partner:{self.ups.id}")
        self.assertIn("missing carrier cross-reference (SCAC)", exception.description)
        self.assertIn("UPS Freight", exception.description)
        self.assertFalse(os.listdir(os.path.join(self.root, "out")))
        self.assertFalse(
            self.env["stock.quant.package"].search([("dist_sscc", "!=", False)]),
            "no SSCC taken for a blocked 856",
        )

    def test_no_856_for_a_partner_without_ship_notices(self):
        self.profile.ship_notice_856 = False
        order = self._intake()
        picking = self._delivery(order)
        self._pack(
            picking, {self.blue: [(None, 10)], self.green: [(None, 24)], self.red: [(None, 5)]}
        )
        self.assertFalse(self._validate(picking))
