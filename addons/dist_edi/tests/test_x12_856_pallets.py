# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime, timedelta

from reportlab.graphics.barcode.code128 import Code128

from odoo.exceptions import ValidationError

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.gs1 import check_digit

from .test_x12_856_out import Edi856Case

# Code 128 symbol values: start code C, then FNC1 (which makes the symbol GS1-128).
START_C, FNC1_VALUE = 105, 102


class TestX12856Pallets(Edi856Case):
    """Pallets as tare levels, the delivery's shipping documents (TD3, REF*BM, DTM*017), lines
    an 860 added, and the GS1-128 label of each package."""

    def _sscc_ok(self, label):
        self.assertEqual(len(label), 18)
        self.assertEqual(label[-1], check_digit(label[:-1]), "GS1 check digit")

    def test_pallets_are_tare_levels_with_their_own_sscc(self):
        self.profile.asn_structure = "SOTPI"
        order = self._intake()
        picking = self._delivery(order)
        picking.write(
            {
                "dist_bill_of_lading": "BOL-77",
                "dist_trailer_number": "TRL-9",
                "dist_seal_number": "SEAL-5",
                "dist_estimated_delivery": date(2031, 5, 4),
            }
        )
        box_1, box_2, box_3 = self._pack(
            picking, {self.blue: [(1, 10)], self.green: [(2, 24)], self.red: [(3, 5)]}
        )
        pallet = self.env["stock.quant.package"].create({"name": "PALLET-1"})
        (box_1 | box_2).dist_pallet_id = pallet
        set_ = self._856_set(self._send(self._validate(picking)))

        self.assertEqual(next(s for s in set_.body if s.tag == "BSN")[5], "0001")
        dates = {s[1]: s[2] for s in set_.body if s.tag == "DTM"}
        self.assertEqual(dates["017"], "20310504")
        shipment = self._tree(set_)
        td3 = self._first(shipment, "TD3")
        self.assertEqual((td3[1], td3[3], td3[9]), ("TL", "TRL-9", "SEAL-5"))
        refs = {s[1]: s[2] for s in shipment.segments if s.tag == "REF"}
        self.assertEqual(refs["BM"], "BOL-77")
        self.assertEqual(self._first(shipment, "TD1")[2], "3", "three cartons")
        (po,) = shipment.children
        self.assertEqual([c.level for c in po.children], ["T", "P"])
        tare, alone = po.children
        self.assertEqual(self._first(tare, "MAN")[2], pallet.dist_sscc)
        self.assertEqual([c.level for c in tare.children], ["P", "P"])
        self.assertEqual(
            [self._first(c, "MAN")[2] for c in tare.children], [box_1.dist_sscc, box_2.dist_sscc]
        )
        self.assertEqual([c.parent_id for c in tare.children], [tare.id, tare.id])
        self.assertEqual(self._first(alone, "MAN")[2], box_3.dist_sscc)
        self.assertEqual(self._items(alone), {"3": (("VN", "WID-RED"), 5, "EA")})
        labels = [s[2] for s in set_.body if s.tag == "MAN"]
        self.assertEqual(len(set(labels)), 4)
        for label in labels:
            self._sscc_ok(label)

    def test_without_the_tare_structure_pallets_are_not_announced(self):
        order = self._intake()
        picking = self._delivery(order)
        box_1, box_2 = self._pack(
            picking, {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(2, 5)]}
        )
        pallet = self.env["stock.quant.package"].create({"name": "PALLET-2"})
        box_1.dist_pallet_id = pallet
        set_ = self._856_set(self._send(self._validate(picking)))
        (po,) = self._tree(set_).children
        self.assertEqual([c.level for c in po.children], ["P", "P"])
        self.assertFalse(pallet.dist_sscc, "no SSCC spent on a pallet the 856 does not name")
        self.assertFalse([s for s in set_.body if s.tag in ("TD3",)])
        self.assertNotIn("BM", [s[1] for s in set_.body if s.tag == "REF"])

    def test_a_pallet_stands_on_no_other_pallet(self):
        packages = self.env["stock.quant.package"].create([{"name": f"X-{i}"} for i in range(3)])
        packages[0].dist_pallet_id = packages[1]
        with self.assertRaises(ValidationError):
            packages[1].dist_pallet_id = packages[2]
        with self.assertRaises(ValidationError):
            packages[2].dist_pallet_id = packages[2]

    def test_estimated_delivery_from_the_requested_date_when_still_ahead(self):
        order = self._intake()
        ahead = datetime.now() + timedelta(days=9)
        order.commitment_date = ahead.replace(hour=12, minute=0, second=0, microsecond=0)
        picking = self._delivery(order)
        self._pack(picking, {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(1, 5)]})
        set_ = self._856_set(self._send(self._validate(picking)))
        dates = {s[1]: s[2] for s in set_.body if s.tag == "DTM"}
        self.assertEqual(dates["017"], ahead.strftime("%Y%m%d"))

    def test_requested_date_in_the_past_is_no_estimate(self):
        order = self._intake()
        order.commitment_date = datetime(2020, 1, 2, 12)
        picking = self._delivery(order)
        self._pack(picking, {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(1, 5)]})
        set_ = self._856_set(self._send(self._validate(picking)))
        self.assertEqual([s[1] for s in set_.body if s.tag == "DTM"], ["011"])

    def test_required_bill_of_lading_blocks_the_856(self):
        self.profile.asn_require_bill_of_lading = True
        order = self._intake()
        picking = self._delivery(order)
        self._pack(picking, {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(1, 5)]})
        message = self._validate(picking)
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, "856:bill-of-lading")
        self.assertIn("no bill of lading", message.exception_ids.description)
        self.assertFalse(message.payload_sha256)
        # Filled in and regenerated: it goes.
        picking.dist_bill_of_lading = "BOL-1"
        with trap_jobs():
            message.action_regenerate()
        set_ = self._856_set(self._send(message))
        self.assertIn(("BM", "BOL-1"), [(s[1], s[2]) for s in set_.body if s.tag == "REF"])

    def test_line_added_by_an_860_ships_under_the_partners_ids(self):
        order, yellow = self._intake_with_added_line()
        picking = self._delivery(order)
        self._pack(
            picking,
            {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(1, 5)], yellow: [(2, 6)]},
        )
        set_ = self._856_set(self._send(self._validate(picking)))
        (po,) = self._tree(set_).children
        self.assertEqual(self._items(po.children[1]), {"4": (("VN", "WID-YEL"), 6, "EA")})
        self.assertEqual(
            self._shipped(set_), {"1": 10, "2": 2, "3": 5, "4": 6}, "partner's units throughout"
        )

    # ----------------------------------------------------------------------------- labels

    def test_labels_printed_before_shipping_carry_the_856_ssccs(self):
        self.profile.asn_structure = "SOTPI"
        order = self._intake()
        picking = self._delivery(order)
        box_1, box_2 = self._pack(
            picking, {self.blue: [(1, 10)], self.green: [(2, 24)], self.red: [(2, 5)]}
        )
        pallet = self.env["stock.quant.package"].create({"name": "PALLET-3"})
        (box_1 | box_2).dist_pallet_id = pallet
        report = self.env.ref("dist_edi.action_report_sscc_label_picking")
        html = str(report._render_qweb_html(report.report_name, picking.ids)[0])
        labels = box_1 | box_2 | pallet
        self.assertTrue(all(labels.mapped("dist_sscc")), "printing assigns the SSCCs")
        for package in labels:
            self._sscc_ok(package.dist_sscc)
            text = package._dist_sscc_human_readable()
            self.assertEqual(text.replace(" ", ""), f"(00){package.dist_sscc}")
            self.assertIn(text, html)
        self.assertEqual(text.split(" ")[2], "0614141", "company prefix grouped on its own")
        self.assertEqual(html.count("dist-edi-sscc-barcode"), 3)
        self.assertIn("PO-1001", html)
        self.assertIn("CARTON", html)
        self.assertIn("PALLET", html)
        self.assertEqual(html.count("1 OF 2"), 1)
        self.assertEqual(html.count("1 OF 1"), 1, "the pallet is counted among pallets")
        # The symbol is GS1-128: start C, FNC1, then (00) and the SSCC.
        value = box_1._dist_sscc_barcode_value()
        symbol = Code128(value=value)
        symbol.validate()
        symbol.encode()
        self.assertEqual(symbol.encoded[:2], [START_C, FNC1_VALUE])
        self.assertEqual(value[1:], "00" + box_1.dist_sscc)
        # Shipping keeps the numbers the labels carry.
        before = {package: package.dist_sscc for package in labels}
        set_ = self._856_set(self._send(self._validate(picking)))
        self.assertEqual(
            [s[2] for s in set_.body if s.tag == "MAN"],
            [before[pallet], before[box_1], before[box_2]],
        )
        # A single package's label, from the package itself.
        single = self.env.ref("dist_edi.action_report_sscc_label")
        html = str(single._render_qweb_html(single.report_name, box_2.ids)[0])
        self.assertIn(box_2._dist_sscc_human_readable(), html)
        self.assertIn(picking.name, html)
        self.assertIn("2 OF 2", html)
