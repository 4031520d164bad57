# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from dist_core import message_states as ms

from .common import DistCommon


@tagged("post_install", "-at_install")
class TestOrderThread(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls._create_backend("thread-backend")
        cls.customer = cls.env["res.partner"].create({"name": "Thread Retail Co"})
        cls.threads = cls.env["dist.order.thread"]

    def test_attach_is_idempotent(self):
        order = self._receive_contact(self.backend, ref="PO-1")
        ack = self._receive_contact(self.backend, ref="PO-1-ACK")
        key = f"{self.customer.id}:PO-1"
        thread = self.threads._attach(key, self.customer, messages=order, name="PO PO-1")
        again = self.threads._attach(
            key, self.customer, messages=order | ack, records=self.customer, role="customer"
        )
        again = self.threads._attach(key, messages=ack, records=self.customer, role="customer")
        self.assertEqual(again, thread)
        self.assertEqual(self.threads.search_count([("key", "=", key)]), 1)
        self.assertEqual(thread.name, "PO PO-1")
        self.assertEqual(thread.partner_id, self.customer)
        self.assertEqual(thread.message_ids, order | ack)
        self.assertEqual(len(thread.link_ids), 1)
        self.assertEqual(thread.link_ids.record_name, self.customer.display_name)
        self.assertEqual(thread.message_count, 2)

    def test_same_key_in_two_companies_two_threads(self):
        first = self.threads._attach("K-1")
        second = self.threads._attach("K-1", company=self.other_company)
        self.assertNotEqual(first, second)
        self.assertEqual(second.company_id, self.other_company)

    def test_timeline_merges_events_and_records_by_date(self):
        message = self._receive_contact(self.backend, ref="PO-2")
        key = f"{self.customer.id}:PO-2"
        later = fields.Datetime.now() + timedelta(hours=1)
        thread = self.threads._attach(key, messages=message, records=self.customer, date=later)
        message._set_state(ms.PARSED, reason="parsed in test")
        earlier = fields.Datetime.now() - timedelta(hours=1)
        self.threads._attach(key, records=self.env.company.partner_id, role="ship_to", date=earlier)
        items = thread._timeline()
        self.assertEqual([item["date"] for item in items], sorted(item["date"] for item in items))
        self.assertEqual(
            [(item["kind"], item["detail"].split(":")[0]) for item in items],
            [
                ("record", "ship_to"),
                ("message", "- -> received"),
                ("message", "received -> parsed"),
                ("record", "res.partner"),
            ],
        )
        self.assertIn("received -&gt; parsed", thread.timeline_html)
        self.assertIn(f"/odoo/res.partner/{self.customer.id}", thread.timeline_html)

    def test_message_smart_button_opens_its_thread(self):
        message = self._receive_contact(self.backend, ref="PO-3")
        self.assertFalse(message.action_open_thread())
        thread = self.threads._attach("PO-3", messages=message)
        action = message.action_open_thread()
        self.assertEqual((action["res_model"], action["res_id"]), (thread._name, thread.id))
        self.assertEqual(thread.action_open_messages()["domain"], [("thread_id", "=", thread.id)])
