# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""End-to-end scenarios of the EDI order flow, shared by every transport.

A transport case (local folder, SFTP on loopback, the HTTP API) says how a file reaches the hub
(:meth:`E2eCase._deliver_file`) and where the hub's outbound files land (:meth:`E2eCase._outbox`).
Everything else is the same for all of them: the queued jobs are performed until none is left
(routing, the 850s, the 855 and the 997 generated and sent through the backend's transport),
then the outbox files are read back with ``dist_core.x12.reader`` and checked, next to the sale
orders and the order threads.
"""

import os

from odoo import SUPERUSER_ID

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.x12.reader import read

from .test_x12_855_out import Edi855Case, ack_997

UNKNOWN_UPC = "099999999990"
# The clean sample's PO-1001: {PO101: (product attribute of the case, our quantity)}.
CLEAN_LINES = {"1": ("blue", 10.0), "2": ("green", 24.0), "3": ("red", 5.0)}
# Rounds of "perform what is queued"; a flow that keeps queueing beyond this is a bug.
MAX_JOB_ROUNDS = 10


def renumbered(payload, control):
    """``payload`` in a new envelope: ISA13/IEA02 and GS06/GE02 become ``control`` (what a
    partner's system does when it sends the same document again). Samples use ``*`` and ``~``."""
    segments = []
    for segment in payload.decode().split("~"):
        elements = segment.split("*")
        tag = elements[0].strip()
        if tag in ("ISA", "IEA"):
            elements[13 if tag == "ISA" else 2] = f"{control:09d}"
        elif tag in ("GS", "GE"):
            elements[6 if tag == "GS" else 2] = str(control)
        segments.append("*".join(elements))
    return "~".join(segments).encode()


def from_sender(payload, sender):
    """``payload`` sent by another ISA/GS sender (same length, so ISA06 keeps its width)."""
    assert len(sender) == len("ACMERETAIL")
    return payload.replace(b"ACMERETAIL", sender.encode())


class E2eCase(Edi855Case):
    """The 850 partner of :class:`Edi855Case` (X12 ids on both sides, stock for the samples),
    on a backend whose inbound files are X12 interchanges."""

    # The scenarios are mixins: Odoo's loader only takes a class's own test methods without it.
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.interchange_type = cls.env.ref("dist_edi.dist_message_type_x12_interchange")
        cls.backend.write({"inbound_type_id": cls.interchange_type.id, "transport_min_age": 60})

    # ----------------------------------------------------------------------------- transport

    def _deliver_file(self, payload, name):
        """Bring ``payload`` to the hub through the transport; return the message stored for
        this delivery (an original or a duplicate). Jobs are trapped by the caller."""
        raise NotImplementedError

    def _outbox(self):
        """The folder where the backend's transport writes what the hub sends."""
        return os.path.join(self.root, "out")

    # ----------------------------------------------------------------------------- running

    def _deliver(self, payload, name):
        """Deliver ``payload``, then perform every queued job (and what they queue)."""
        with trap_jobs() as trap:
            message = self._deliver_file(payload, name)
            self._perform_jobs(trap)
        self.env.invalidate_all()
        return message

    def _perform_jobs(self, trap):
        """Perform the trapped jobs and those they queue until none is left. A job queued in a
        cursor of its own (a poll commits each file in one; an HTTP request has its own) is
        performed in this test's transaction, where that cursor's work already is."""
        for _round in range(MAX_JOB_ROUNDS):
            jobs, trap.enqueued_jobs = trap.enqueued_jobs, []
            if not jobs:
                return
            for job in jobs:
                env = job.recordset.env
                if env.cr is not self.env.cr:
                    # As queue_job's runner loads it: a job queued without a user (an HTTP
                    # request with auth="none") runs as the runner's superuser.
                    user = env.uid or SUPERUSER_ID
                    job.recordset = job.recordset.with_env(env(cr=self.env.cr, user=user))
                job.perform()
        self.fail(f"jobs still queued after {MAX_JOB_ROUNDS} rounds: {trap.enqueued_jobs}")

    # ----------------------------------------------------------------------------- reading

    def _outbox_documents(self):
        """``{file name: Document}`` of the X12 files in the outbox (temporary names excluded)."""
        folder = self._outbox()
        documents = {}
        for name in sorted(os.listdir(folder)):
            if name.startswith("."):
                continue
            with open(os.path.join(folder, name), "rb") as handle:
                documents[name] = read(handle.read())
        return documents

    def _outbox_sets(self, set_id):
        """The transaction sets ``set_id`` of the outbox files, with their file name."""
        found = []
        for name, document in self._outbox_documents().items():
            self.assertFalse(document.issues, f"{name} is not clean X12: {document.issues}")
            found += [(name, s) for s in document.sets if s.set_id == set_id]
        return found

    def _x12(self, name):
        """A sample of ``tests/data`` as a partner would send it."""
        return self._sample(name)

    @staticmethod
    def _segments(set_, tag):
        return [segment for segment in set_.body if segment.tag == tag]

    def _children(self, parent):
        return self.env["dist.message"].search([("parent_id", "=", parent.id)], order="id")

    def _acks_of(self, interchange):
        """The 997s we queued for ``interchange``."""
        return self.env["dist.message"].search(
            [
                ("res_model", "=", "dist.message"),
                ("res_id", "=", interchange.id),
                ("type_id.code", "=", "x12.997.out"),
            ]
        )

    # ----------------------------------------------------------------------------- checks

    def _assert_997(self, interchange, functional_id, group, count):
        """One 997 answers ``interchange``; it is sent, and its file in the outbox accepts the
        group (AK1 with GS01/GS06, AK9 A with ``count`` sets)."""
        ack = self._acks_of(interchange)
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.state, ms.SENT, ack.last_error_message)
        files = dict(self._outbox_sets("997"))
        self.assertIn(ack.filename, files)
        set_ = files[ack.filename]
        self.assertEqual(set_.interchange.receiver_id, "ACMERETAIL")
        (ak1,) = self._segments(set_, "AK1")
        self.assertEqual(ak1.elements[:2], (functional_id, str(group)))
        (ak9,) = self._segments(set_, "AK9")
        self.assertEqual(ak9.elements[:4], ("A", str(count), str(count), str(count)))
        self.assertEqual([a[1] for a in self._segments(set_, "AK5")], ["A"] * count)
        return ack

    def _855(self, order):
        return self.env["dist.message"].search(
            [
                ("res_model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("type_id.code", "=", "x12.855.out"),
            ]
        )

    def _assert_855_sent(self, order, lines):
        """The order's one 855 is sent and its file in the outbox acknowledges the PO: BAK with
        the PO number and our order number, one ACK IA per line (``{PO101: quantity}``)."""
        message = self._855(order)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.state, ms.SENT, message.last_error_message)
        files = dict(self._outbox_sets("855"))
        self.assertIn(message.filename, files)
        set_ = files[message.filename]
        (bak,) = self._segments(set_, "BAK")
        self.assertEqual(bak.elements[:3], ("00", "AD", order.client_order_ref))
        self.assertEqual(bak[8], order.name)
        acks = {}
        number = None
        for segment in set_.body:
            if segment.tag == "PO1":
                number = segment[1]
            elif segment.tag == "ACK":
                acks.setdefault(number, []).append((segment[1], segment[2]))
        self.assertEqual(acks, {n: [("IA", q)] for n, q in lines.items()})
        self.assertEqual(message.x12_group_control, str(int(set_.group.control_number)))
        self.assertEqual(message.x12_set_control, set_.control_number)
        return message, set_

    def _assert_confirmed_order(self, po, lines, ack_lines):
        """One confirmed sale order for ``po`` with ``lines`` ({PO101: (product, quantity)}),
        its 855 sent (``ack_lines``), and the 850, the order and the 855 on one thread."""
        order = self._orders(po)
        self.assertEqual(len(order), 1, f"one sale order for {po}")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.partner_shipping_id, self.dc)
        got = {
            line.dist_edi_line_number: (line.product_id, line.product_uom_qty)
            for line in order.order_line.filtered(lambda x: not x.display_type)
        }
        self.assertEqual(got, lines)
        po_message = order.dist_edi_message_id
        self.assertEqual(po_message.type_id.code, "x12.850")
        self.assertEqual(po_message.state, ms.PROCESSED)
        message_855, _set = self._assert_855_sent(order, ack_lines)
        thread = po_message.thread_id
        self.assertTrue(thread)
        self.assertEqual(thread.key, f"{self.customer.id}:{po}")
        self.assertEqual(message_855.thread_id, thread)
        both = po_message | message_855
        self.assertEqual(thread.message_ids & both, both)
        links = thread.link_ids.filtered(lambda link: link.role == "sale_order")
        self.assertEqual(links.mapped("res_id"), [order.id])
        return order

    def _clean_lines(self):
        return {n: (getattr(self, attr), q) for n, (attr, q) in CLEAN_LINES.items()}

    def _assert_held(self, interchange, category, problem_key, po):
        """The one 850 of ``interchange`` is held as an exception; no order, no 855; the 997
        still accepts the group (the file is valid X12)."""
        (child,) = self._children(interchange)
        self.assertEqual(child.state, ms.ERROR_PERMANENT)
        exception = child.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual((exception.category, exception.problem_key), (category, problem_key))
        self.assertFalse(self._orders(po))
        self.assertFalse(self._outbox_sets("855"))
        self._assert_997(interchange, "PO", 101, 1)
        return child, exception


class CoreScenarios:
    """What every transport must show: a clean order, the same file twice, an unknown sender."""

    def test_clean_order(self):
        payload = self._x12("850_clean.x12")
        interchange = self._deliver(payload, "po-1001.x12")
        self.assertEqual(interchange.state, ms.PROCESSED, interchange.last_error_message)
        self.assertEqual(interchange._payload_bytes(), payload)
        (child,) = self._children(interchange)
        self.assertEqual(child.type_id.code, "x12.850")
        self.assertEqual(child.idempotency_key, "ZZ/ACMERETAIL:101:0001")
        self.assertEqual(child.state, ms.PROCESSED, child.last_error_message)
        order = self._assert_confirmed_order(
            "PO-1001", self._clean_lines(), {"1": "10", "2": "2", "3": "5"}
        )
        self.assertEqual(order.dist_edi_message_id, child)
        self._assert_997(interchange, "PO", 101, 1)
        self.assertEqual(len(self._outbox_documents()), 2, "one 997 and one 855, nothing else")
        # 850 -> 997 -> sale order -> 855 on one thread.
        self.assertEqual(self._acks_of(interchange).thread_id, child.thread_id)

    def test_same_file_twice(self):
        payload = self._x12("850_clean.x12")
        first = self._deliver(payload, "po-1001.x12")
        again = self._deliver(payload, "po-1001-again.x12")
        self.assertEqual(again.state, ms.DUPLICATE)
        self.assertEqual(again.duplicate_of_id, first)
        self.assertFalse(self._children(again), "a duplicate file is never routed")
        self.assertFalse(self._acks_of(again))
        # The partner's system sends the same PO again in a new envelope: a new file, routed
        # and acknowledged, whose 850 is a duplicate of the first.
        resent = self._deliver(renumbered(payload, 102), "po-1001-resent.x12")
        self.assertEqual(resent.state, ms.PROCESSED)
        (child,) = self._children(resent)
        self.assertEqual(child.state, ms.DUPLICATE)
        self.assertEqual(child.duplicate_of_id, self._children(first))
        self._assert_997(resent, "PO", 102, 1)
        order = self._assert_confirmed_order(
            "PO-1001", self._clean_lines(), {"1": "10", "2": "2", "3": "5"}
        )
        self.assertEqual(child.thread_id, order.dist_edi_message_id.thread_id)
        self.assertEqual(len(self._outbox_sets("855")), 1, "one order, one 855")
        self.assertEqual(len(self._outbox_sets("997")), 2)

    def test_unknown_sender(self):
        payload = from_sender(self._x12("850_clean.x12"), "STRANGERCO")
        interchange = self._deliver(payload, "stranger.x12")
        self.assertEqual(interchange.state, ms.ERROR_PERMANENT)
        exception = interchange.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.category, "mapping_missing")
        self.assertEqual(exception.problem_key, "sender:ZZ:STRANGERCO")
        self.assertIn("unknown X12 sender ZZ:STRANGERCO", exception.description)
        self.assertEqual(interchange._payload_bytes(), payload, "the payload is kept")
        self.assertFalse(self._children(interchange))
        self.assertFalse(self._orders("PO-1001"))
        self.assertFalse(self._acks_of(interchange))
        self.assertEqual(self._outbox_documents(), {}, "nothing is sent to a stranger")


class MoreScenarios:
    """The rest of the acceptance list (the local folder runs them all)."""

    def test_three_pos_in_one_file(self):
        interchange = self._deliver(self._x12("850_three_pos.x12"), "three.x12")
        self.assertEqual(interchange.state, ms.PROCESSED)
        children = self._children(interchange)
        self.assertEqual(children.mapped("state"), [ms.PROCESSED] * 3)
        orders = [
            self._assert_confirmed_order("PO-5001", {"1": (self.blue, 4.0)}, {"1": "4"}),
            self._assert_confirmed_order(
                "PO-5002", {"1": (self.green, 36.0), "2": (self.red, 2.0)}, {"1": "3", "2": "2"}
            ),
            self._assert_confirmed_order("PO-5003", {"1": (self.red, 7.0)}, {"1": "7"}),
        ]
        self.assertEqual([o.dist_edi_message_id for o in orders], list(children))
        threads = [o.dist_edi_message_id.thread_id for o in orders]
        self.assertEqual(len(set(threads)), 3, "one thread per PO")
        self._assert_997(interchange, "PO", 131, 3)
        self.assertEqual(len(self._outbox_sets("855")), 3)

    def test_unknown_item_held_then_replayed(self):
        interchange = self._deliver(self._x12("850_unknown_item.x12"), "po-2001.x12")
        child, exception = self._assert_held(
            interchange, "mapping_missing", f"item:UP:{UNKNOWN_UPC}", "PO-2001"
        )
        self.assertIn(UNKNOWN_UPC, exception.description)
        # The fix, then the exception's one-click replay; its job runs.
        self._create_xref(
            "product",
            profile_id=self.profile.id,
            qualifier="UP",
            value=UNKNOWN_UPC,
            product_id=self.red.id,
        )
        with trap_jobs() as trap:
            exception.action_replay()
            self._perform_jobs(trap)
        self.env.invalidate_all()
        self.assertEqual(child.state, ms.PROCESSED)
        self.assertEqual(exception.state, "resolved")
        order = self._assert_confirmed_order(
            "PO-2001", self._clean_lines(), {"1": "10", "2": "2", "3": "5"}
        )
        self.assertEqual(order.dist_edi_message_id, child)
        self.assertEqual(
            order.order_line.filtered(lambda x: x.dist_edi_line_number == "3").price_unit, 20.0
        )

    def test_unknown_ship_to(self):
        interchange = self._deliver(self._x12("850_unknown_ship_to.x12"), "po-3001.x12")
        _child, exception = self._assert_held(
            interchange, "mapping_missing", "location:92:0999", "PO-3001"
        )
        self.assertIn("ship-to not mapped", exception.description)

    def test_price_outside_tolerance(self):
        interchange = self._deliver(self._x12("850_price_high.x12"), "po-4001.x12")
        _child, exception = self._assert_held(interchange, "price_mismatch", "price:1", "PO-4001")
        self.assertIn("12.00 against pricelist 9.25 (+29.7%)", exception.description)

    def test_duplicate_po_with_changes(self):
        first = self._deliver(self._x12("850_clean.x12"), "po-1001.x12")
        changed = self._deliver(renumbered(self._x12("850_changed.x12"), 102), "changed.x12")
        self.assertEqual(changed.state, ms.PROCESSED)
        (child,) = self._children(changed)
        self.assertEqual(child.state, ms.ERROR_PERMANENT)
        exception = child.exception_ids
        self.assertEqual(
            (exception.category, exception.problem_key), ("duplicate", "duplicate:PO-1001")
        )
        self.assertIn("duplicate PO PO-1001 with changes; expected an 860", exception.description)
        self._assert_997(changed, "PO", 102, 1)
        order = self._assert_confirmed_order(
            "PO-1001", self._clean_lines(), {"1": "10", "2": "2", "3": "5"}
        )
        self.assertEqual(order.dist_edi_message_id, self._children(first))

    def test_860_change(self):
        self._deliver(self._x12("850_clean.x12"), "po-1001.x12")
        order = self._orders("PO-1001")
        change = self._deliver(self._x12("860_change_quantity.x12"), "change.x12")
        self.assertEqual(change.state, ms.PROCESSED)
        (child,) = self._children(change)
        self.assertEqual(child.type_id.code, "x12.860")
        self.assertEqual(child.state, ms.PROCESSED, child.last_error_message)
        self.assertEqual(order.state, "sale")
        quantities = {
            line.dist_edi_line_number: line.product_uom_qty
            for line in order.order_line.filtered(lambda x: not x.display_type)
        }
        self.assertEqual(quantities, {"1": 12.0, "2": 12.0, "3": 5.0})
        self.assertEqual(child.thread_id, order.dist_edi_message_id.thread_id)
        self._assert_997(change, "PC", 201, 1)

    def test_860_cancel(self):
        self._deliver(self._x12("850_clean.x12"), "po-1001.x12")
        order = self._orders("PO-1001")
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        cancel = self._deliver(self._x12("860_cancel.x12"), "cancel.x12")
        (child,) = self._children(cancel)
        self.assertEqual(child.state, ms.PROCESSED, child.last_error_message)
        self.assertEqual(order.state, "cancel")
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(child.thread_id, order.dist_edi_message_id.thread_id)
        self._assert_997(cancel, "PC", 207, 1)

    def test_997_rejecting_our_855(self):
        self._deliver(self._x12("850_clean.x12"), "po-1001.x12")
        order = self._orders("PO-1001")
        message_855, set_855 = self._assert_855_sent(order, {"1": "10", "2": "2", "3": "5"})
        group = int(set_855.group.control_number)
        text = ack_997(group, set_855.control_number, control=301)
        interchange = self._deliver(text.encode(), "997-from-acme.x12")
        self.assertEqual(interchange.state, ms.PROCESSED)
        (child,) = self._children(interchange)
        self.assertEqual(child.type_id.code, "x12.997")
        self.assertEqual(child.state, ms.PROCESSED, child.last_error_message)
        self.assertEqual(message_855.state, ms.REJECTED)
        exception = message_855.exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.severity, "high")
        self.assertEqual(exception.problem_key, f"ack:{group}:{set_855.control_number}")
        self.assertIn("rejected by the partner", exception.description)
        self.assertEqual(order.state, "sale", "a rejected 855 does not touch the order")
        self.assertEqual(child.thread_id, message_855.thread_id, "855 -> 997 on the thread")

    def test_test_mode_partner(self):
        self.profile.environment_override = "test"
        interchange = self._deliver(self._x12("850_clean.x12"), "po-1001.x12")
        (child,) = self._children(interchange)
        self.assertEqual(child.state, ms.PROCESSED)
        order = self._orders("PO-1001")
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft", "a test partner never gets a confirmed order")
        self.assertFalse(self._855(order), "the 855 waits for a confirmation")
        self.assertEqual(child.thread_id.key, f"{self.customer.id}:PO-1001")
        self._assert_997(interchange, "PO", 101, 1)

    def test_test_interchange(self):
        payload = self._x12("850_clean.x12").replace(b"*0*P*>", b"*0*T*>")
        interchange = self._deliver(payload, "po-1001-test.x12")
        order = self._orders("PO-1001")
        self.assertEqual(self._children(interchange).state, ms.PROCESSED)
        self.assertEqual(order.state, "draft", "ISA15 T never makes a confirmed order")
        self.assertFalse(self._855(order))
        self._assert_997(interchange, "PO", 101, 1)
