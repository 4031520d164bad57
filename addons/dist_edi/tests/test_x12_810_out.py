# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import os
from datetime import timedelta
from decimal import Decimal
from unittest.mock import patch

from odoo import Command

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.x12.reader import read
from dist_core.x12.validator import validate

from .common import verdict_997
from .test_x12_855_out import Edi855Case

GENERATOR = "odoo.addons.dist_edi.models.dist_message_x12_810"


def ack_997(group, set_control, control=401, verdict="A"):
    """A 997 from the partner (ACMERETAIL) to us (OURDIST) judging our 810 group and set."""
    return verdict_997("IN", "810", group, set_control, control, verdict)


class TestX12810Out(Edi855Case):
    """From a sale order created by an 850 (``850_clean.x12``: 10 EA blue at 9.25, 2 CA of 12
    green at 42.00, 5 EA red at 20.00), delivered and invoiced, to its 810."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax = cls.env["account.tax"].create(
            {"name": "Sales tax 10%", "amount": 10, "type_tax_use": "sale"}
        )
        (cls.blue | cls.green | cls.red).taxes_id = cls.tax
        cls.term = cls.env["account.payment.term"].create(
            {
                "name": "2% 10 Net 30",
                "early_discount": True,
                "discount_percentage": 2,
                "discount_days": 10,
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})
                ],
            }
        )
        cls.customer.property_payment_term_id = cls.term

    # ----------------------------------------------------------------------------- helpers

    def _delivered_order(self, po="PO-1001"):
        if po == "PO-1001":
            order = self._intake()
        else:
            payload = self._sample("850_clean.x12").replace(b"PO-1001", po.encode())
            message = self._receive_850("850_clean.x12", key=f"test:{po}", payload=payload)
            self._process(message)
            order = self._orders(po)
            self.assertEqual(order.state, "sale", message.last_error_message)
        picking = order.picking_ids.filtered(lambda x: x.state not in ("done", "cancel"))
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        with trap_jobs():
            self.assertIs(picking.with_context(skip_backorder=True).button_validate(), True)
        return order

    def _invoice(self, order):
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax)
        return invoice

    def _post(self, move):
        with trap_jobs():
            move.action_post()
        return move._dist_edi_810_messages()

    def _810_set(self, payload):
        """The one 810 set of ``payload``, read back and found clean by our validator."""
        results = list(validate(payload))
        self.assertTrue(results)
        self.assertTrue(all(result.accepted for result in results))
        document = read(payload)
        self.assertFalse(document.issues)
        self.assertEqual([s.set_id for s in document.sets], ["810"])
        return document.sets[0]

    @staticmethod
    def _one(set_, tag):
        (segment,) = [s for s in set_.body if s.tag == tag]
        return segment

    @staticmethod
    def _it1(set_):
        """``{IT101: (quantity, unit, price, item id pairs)}``."""
        return {
            s[1]: (Decimal(s[2]), s[3], Decimal(s[4]), s.elements[5:])
            for s in set_.body
            if s.tag == "IT1"
        }

    @staticmethod
    def _cents(amount):
        return str(round(Decimal(str(amount)) * 100))

    # ----------------------------------------------------------------------------- tests

    def test_posted_invoice_sends_its_810(self):
        order = self._delivered_order()
        invoice = self._invoice(order)
        message = self._post(invoice)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.state, ms.PENDING)
        self.assertEqual(message.idempotency_key, f"810:{invoice.id}")
        self.assertEqual(message.partner_id, self.customer)
        thread = order.dist_edi_message_id.thread_id
        self.assertEqual(message.thread_id, thread)
        self.assertIn(
            ("account.move", invoice.id, "invoice"),
            [(x.res_model, x.res_id, x.role) for x in thread.link_ids],
        )
        self.assertEqual(invoice._dist_edi_queue_810(), message, "one 810 per invoice")

        set_ = self._810_set(self._send(message))
        self.assertEqual(set_.group.functional_id, "IN")
        big = self._one(set_, "BIG")
        self.assertEqual(
            big.elements,
            (invoice.invoice_date.strftime("%Y%m%d"), invoice.name, "20240102", "PO-1001"),
        )
        self.assertEqual(
            self._it1(set_),
            {
                "1": (10, "EA", Decimal("9.25"), ("UP", "012345678905", "VN", "ABC-1")),
                "2": (2, "CA", 42, ("UP", "012345678912")),
                "3": (5, "EA", 20, ("VN", "WID-RED")),
            },
        )
        self.assertEqual(invoice.amount_untaxed, 276.5)
        self.assertEqual(self._one(set_, "TDS")[1], self._cents(invoice.amount_total))
        self.assertEqual(self._one(set_, "TDS")[1], "30415")
        txi = self._one(set_, "TXI")
        self.assertEqual((txi[1], Decimal(txi[2]), txi[3]), ("ST", Decimal("27.65"), "10"))
        itd = self._one(set_, "ITD")
        discount_due = invoice.invoice_date + timedelta(days=10)
        self.assertEqual(
            itd.elements[:7],
            (
                "08", "3", "2", discount_due.strftime("%Y%m%d"), "10",
                invoice.invoice_date_due.strftime("%Y%m%d"), "30",
            ),
        )  # fmt: skip
        self.assertEqual(itd[12], "2% 10 Net 30")
        parties = {s[1]: s.elements[1:4] for s in set_.body if s.tag == "N1"}
        self.assertEqual(parties["ST"], ("ACME DC 42", "92", "0042"), "as the 850 sent it")
        self.assertEqual(parties["RI"][0], self.company.name)
        self.assertEqual(parties["BT"][0], "Acme Retail")
        refs = {s[1]: s[2] for s in set_.body if s.tag == "REF"}
        self.assertEqual(refs, {"DP": "038", "VN": order.name})
        self.assertEqual(self._one(set_, "CTT").elements, ("3", "17"))
        self.assertFalse([s for s in set_.body if s.tag == "SAC"], "the 850's SAC is a note")
        self.assertEqual(message.x12_group_control, str(int(set_.group.control_number)))
        self.assertEqual(message.x12_set_control, set_.control_number)
        self.assertIn(message.filename, os.listdir(os.path.join(self.root, "out")))

        # The partner's 997 accepts it: ... -> invoice -> 810 -> 997 on the thread.
        text = ack_997(message.x12_group_control, message.x12_set_control)
        child = self._route_997(text)
        self.assertEqual(message.state, ms.ACCEPTED)
        self.assertTrue(message.acknowledged_at)
        self.assertEqual(child.thread_id, thread)

    def test_allowance_and_charge_lines(self):
        order = self._delivered_order()
        invoice = self._invoice(order)
        discount = self._create_product("Promo allowance", type="service", taxes_id=False)
        handling = self._create_product("Handling", type="service", taxes_id=False)
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create({"product_id": discount.id, "quantity": 1, "price_unit": -15.0}),
                    Command.create({"product_id": handling.id, "quantity": 1, "price_unit": 7.5}),
                ]
            }
        )
        self.tax.dist_x12_tax_type = "LS"
        set_ = self._810_set(self._send(self._post(invoice)))
        self.assertEqual(self._one(set_, "TXI").elements[:3], ("LS", "27.65", "10"))
        sacs = [s.elements[:5] + (s[15],) for s in set_.body if s.tag == "SAC"]
        self.assertEqual(
            sacs,
            [
                ("A", "C310", "", "", "1500", "Promo allowance"),
                ("C", "ZZZZ", "", "", "750", "Handling"),
            ],
        )
        self.assertEqual(len(self._it1(set_)), 3, "allowances and charges are no IT1")
        self.assertEqual(self._one(set_, "TDS")[1], self._cents(invoice.amount_total))
        self.assertEqual(self._one(set_, "TDS")[1], "29665")

    def test_credit_note_is_an_810_credit_memo(self):
        order = self._delivered_order()
        invoice = self._invoice(order)
        self._send(self._post(invoice))
        credit = invoice._reverse_moves([{"ref": "Damaged red widgets"}])
        credit.invoice_line_ids.filtered(lambda x: x.product_id != self.red).unlink()
        credit.invoice_line_ids.quantity = 2
        message = self._post(credit)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.idempotency_key, f"810:{credit.id}")
        self.assertEqual(message.thread_id, order.dist_edi_message_id.thread_id)
        set_ = self._810_set(self._send(message))
        big = self._one(set_, "BIG")
        self.assertEqual(big.elements[1], credit.name)
        self.assertEqual(big[7], "CR")
        self.assertEqual(self._it1(set_), {"3": (2, "EA", 20, ("VN", "WID-RED"))})
        self.assertEqual(self._one(set_, "TDS")[1], "4400", "positive: 2 x 20.00 + 10 %")
        refs = {s[1]: s[2] for s in set_.body if s.tag == "REF"}
        self.assertEqual(refs["OI"], invoice.name)

    def test_credit_notes_not_sent_when_the_partner_settles_them_elsewhere(self):
        self.profile.credit_note_810 = "none"
        order = self._delivered_order()
        invoice = self._invoice(order)
        self.assertTrue(self._post(invoice))
        credit = invoice._reverse_moves([{"ref": "Price correction"}])
        self.assertFalse(self._post(credit))

    def test_no_810_when_the_profile_does_not_want_it(self):
        self.profile.invoice_810 = False
        order = self._delivered_order()
        self.assertFalse(self._post(self._invoice(order)))

    def test_repost_sends_again_only_what_changed(self):
        order = self._delivered_order()
        invoice = self._invoice(order)
        first = self._post(invoice)
        self._send(first)
        # Reset and posted again unchanged: the 810 sent is the one.
        invoice.button_draft()
        self.assertEqual(first.state, ms.SENT, "a sent 810 is history")
        self.assertEqual(self._post(invoice), first)
        # Changed, then posted: a new revision, sent as a replacement.
        invoice.button_draft()
        line = invoice.invoice_line_ids.filtered(lambda x: x.product_id == self.red)
        line.price_unit = 19.0
        messages = self._post(invoice)
        self.assertEqual(len(messages), 2)
        second = messages[0]
        self.assertEqual(second.idempotency_key, f"810:{invoice.id}:1")
        self.assertEqual(invoice.dist_edi_810_revision, 1)
        set_ = self._810_set(self._send(second))
        self.assertEqual(self._one(set_, "BIG")[8], "05", "replace")
        self.assertEqual(self._it1(set_)["3"][2], 19)
        self.assertEqual(self._one(set_, "TDS")[1], self._cents(invoice.amount_total))
        # Changed again, reset before it went out: that 810 is cancelled, never sent.
        invoice.button_draft()
        self.assertEqual(second.state, ms.SENT)
        line.price_unit = 18.0
        third = self._post(invoice)[0]
        self.assertEqual(third.idempotency_key, f"810:{invoice.id}:2")
        invoice.button_draft()
        self.assertEqual(third.state, ms.CANCELLED)
        # Posted again unchanged: the cancelled one never left, so a new revision goes.
        fourth = self._post(invoice)[0]
        self.assertEqual(fourth.idempotency_key, f"810:{invoice.id}:3")
        self.assertEqual(
            invoice._dist_edi_810_messages().mapped("state"),
            [ms.PENDING, ms.CANCELLED, ms.SENT, ms.SENT],
        )

    def test_unaddressable_810_is_an_exception_nothing_sent(self):
        order = self._delivered_order()
        message = self._post(self._invoice(order))
        self.profile.x12_isa_id = False
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertFalse(message.payload_sha256)
        self.assertEqual(message.exception_ids.problem_key, "810:ids")
        self.assertIn("the ISA id of", message.exception_ids.description)
        self.assertFalse(os.listdir(os.path.join(self.root, "out")))

    def test_an_invalid_810_is_blocked_not_sent(self):
        order = self._delivered_order()
        message = self._post(self._invoice(order))

        def no_big(invoice, options):
            return []

        with patch(f"{GENERATOR}.invoice_to_810", no_big), trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertFalse(message.payload_sha256)
        self.assertEqual(message.exception_ids.problem_key, "810:invalid")
        self.assertIn("not valid X12", message.exception_ids.description)
        self.assertFalse(os.listdir(os.path.join(self.root, "out")))

    def test_unordered_product_blocks_the_810(self):
        order = self._delivered_order()
        invoice = self._invoice(order)
        extra = self._create_product("Yellow Widget", list_price=5.0)
        invoice.write(
            {"invoice_line_ids": [Command.create({"product_id": extra.id, "quantity": 1})]}
        )
        message = self._post(invoice)
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, f"810:unordered:{extra.id}")
        self.assertIn("Yellow Widget", message.exception_ids.description)

    def test_one_invoice_for_two_purchase_orders_is_refused(self):
        orders = self._delivered_order() | self._delivered_order("PO-1002")
        invoice = orders._create_invoices()
        self.assertEqual(len(invoice), 1)
        message = self._post(invoice)
        self.assertEqual(message.thread_id, orders[0].dist_edi_message_id.thread_id)
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, "810:orders")
        self.assertIn("PO-1001, PO-1002", message.exception_ids.description)
        self.assertFalse(os.listdir(os.path.join(self.root, "out")))
        # Invoiced again per order (reset, then cancelled), the 810 waiting for it is cancelled.
        invoice.button_cancel()
        self.assertEqual(message.state, ms.CANCELLED)
        self.assertEqual(message.exception_ids.state, "resolved")

    def test_line_added_by_an_860_is_billed_under_the_partners_ids(self):
        order, yellow = self._intake_with_added_line(taxes_id=self.tax.ids)
        picking = order.picking_ids.filtered(lambda x: x.state not in ("done", "cancel"))
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        with trap_jobs():
            picking.with_context(skip_backorder=True).button_validate()
        invoice = self._invoice(order)
        set_ = self._810_set(self._send(self._post(invoice)))
        lines = self._it1(set_)
        self.assertEqual(list(lines), ["1", "2", "3", "4"], "PO order, the added line last")
        self.assertEqual(lines["4"], (6, "EA", Decimal("7.5"), ("VN", "WID-YEL")))
        self.assertEqual(self._one(set_, "TDS")[1], self._cents(invoice.amount_total))

    def test_a_billing_user_without_integration_rights_posts_and_resets(self):
        order = self._delivered_order()
        invoice = self._invoice(order)
        biller = self._create_user("biller_810", "account.group_account_invoice")
        self.assertFalse(biller.has_group("dist_edi.dist_edi_group_user"))
        as_biller = invoice.with_user(biller)
        with trap_jobs():
            as_biller.action_post()
        message = invoice._dist_edi_810_messages()
        self.assertEqual(message.idempotency_key, f"810:{invoice.id}")
        as_biller.button_draft()
        self.assertEqual(message.state, ms.CANCELLED)

    def test_a_partner_rule_the_810_breaks_blocks_it(self):
        # Their guide wants a currency (CUR) on every invoice; the 850 sent none, so we write none.
        self.profile.x12_partner_rules = json.dumps({"810": {"structure": {"CUR": {"req": "M"}}}})
        order = self._delivered_order()
        message = self._post(self._invoice(order))
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertEqual(message.exception_ids.problem_key, "810:invalid")
        self.assertIn("CUR", message.exception_ids.description)
        self.assertFalse(os.listdir(os.path.join(self.root, "out")))
