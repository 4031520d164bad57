# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .common import verdict_997
from .test_x12_856_out import Edi856Case


class TestX12OrderThread(Edi856Case):
    """One order's whole EDI life on its thread: 850 -> sale order -> 855 -> 997 -> picking ->
    856 -> 997 -> invoice -> 810 -> 997."""

    def _accept(self, message, functional_id, set_id, control):
        ack = self._route_997(
            verdict_997(
                functional_id, set_id, message.x12_group_control, message.x12_set_control, control
            )
        )
        self.assertEqual(message.state, ms.ACCEPTED)
        return ack

    def test_the_whole_order_on_one_thread(self):
        order = self._intake()
        po_message = order.dist_edi_message_id
        thread = po_message.thread_id
        self.assertTrue(thread)
        ack_855 = self._855(order)
        self._send(ack_855)
        ack_1 = self._accept(ack_855, "PR", "855", 501)

        picking = self._delivery(order)
        self._pack(picking, {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(2, 5)]})
        notice = self._validate(picking)
        self._856_set(self._send(notice))
        ack_2 = self._accept(notice, "SH", "856", 502)

        invoice = order._create_invoices()
        with trap_jobs():
            invoice.action_post()
        bill = invoice._dist_edi_810_messages()
        self.assertEqual(len(bill), 1)
        self._send(bill)
        ack_3 = self._accept(bill, "IN", "810", 503)

        flow = [po_message, ack_855, ack_1, notice, ack_2, bill, ack_3]
        self.assertEqual(
            [m for m in thread.message_ids.sorted("id") if m in flow],
            flow,
            "850 -> 855 -> 997 -> 856 -> 997 -> 810 -> 997, in that order",
        )
        self.assertEqual(
            [x.type_id.code for x in flow],
            [
                "x12.850",
                "x12.855.out",
                "x12.997",
                "x12.856.out",
                "x12.997",
                "x12.810.out",
                "x12.997",
            ],
        )
        links = thread.link_ids.sorted("id")
        records = [(x.res_model, x.res_id) for x in links]
        for record in (order, picking, invoice):
            self.assertIn((record._name, record.id), records)
        self.assertLess(
            records.index(("sale.order", order.id)), records.index(("stock.picking", picking.id))
        )
        self.assertLess(
            records.index(("stock.picking", picking.id)),
            records.index(("account.move", invoice.id)),
        )
        labels = {item["label"] for item in thread._timeline()}
        for message in flow:
            self.assertIn(message.name, labels)
        self.assertIn(invoice.display_name, labels)
