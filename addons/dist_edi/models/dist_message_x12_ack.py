# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""997/999 in: mark the documents we sent accepted or rejected (matched by GS06 and ST02)."""

from odoo import fields, models

from dist_core import message_states as ms
from dist_core.errors import Category, ErrorClass, Failure
from dist_core.x12.ack_reader import read_acknowledgment
from dist_core.x12.reader import iter_sets

ACKNOWLEDGEABLE = (ms.SENT, ms.ACCEPTED, ms.REJECTED)


class DistMessage(models.Model):
    _inherit = "dist.message"

    x12_group_control = fields.Char(
        string="GS06", readonly=True, index="btree_not_null", help="Group control number sent."
    )
    x12_set_control = fields.Char(string="ST02", readonly=True, help="Set control number sent.")

    def _dist_handle_x12_997_in(self):
        sets = list(iter_sets(self._payload_bytes()))
        if len(sets) != 1:
            self._fail("an acknowledgment message must hold exactly one 997/999 set")
        self._set_state(ms.PARSED, reason=f"{sets[0].set_id} {sets[0].control_number}")
        counts = {"accepted": 0, "rejected": 0, "unknown": 0}
        for group in read_acknowledgment(sets[0].segments):
            verdicts = [(acked.control_number, acked) for acked in group.sets]
            if not verdicts:  # the whole group was judged (AK9 only)
                verdicts = [(None, group)]
            for set_control, acked in verdicts:
                documents = self._x12_acknowledged(group.control_number, set_control)
                if not documents:
                    counts["unknown"] += 1
                    continue
                accepted = acked.verdict in ("A", "E")
                documents._x12_apply_ack(accepted, acked.explanation(), self)
                counts["accepted" if accepted else "rejected"] += len(documents)
        return ", ".join(f"{count} {word}" for word, count in counts.items())

    def _x12_acknowledged(self, group_control, set_control):
        domain = [
            ("backend_id", "=", self.backend_id.id),
            ("direction", "=", ms.OUTBOUND),
            ("x12_group_control", "=", str(int(group_control or 0))),
            ("state", "in", ACKNOWLEDGEABLE),
        ]
        if self.partner_id:
            domain.append(("partner_id", "=", self.partner_id.id))
        if set_control is not None:
            domain.append(("x12_set_control", "=", set_control))
        return self.sudo().search(domain)

    def _x12_apply_ack(self, accepted, explanation, ack):
        thread = self.thread_id[:1]
        if thread and not ack.thread_id:
            # On the thread of the (first) document it acknowledges: 855 -> 997.
            thread._add(messages=ack)
        for document in self:
            target = ms.ACCEPTED if accepted else ms.REJECTED
            if document.state != target:
                document._set_state(
                    target,
                    reason=f"{ack.name}: {explanation}"[:255],
                    acknowledged_at=fields.Datetime.now(),
                )
            if not accepted:
                failure = Failure(
                    ErrorClass.PERMANENT,
                    Category.VALIDATION,
                    f"{document.name} rejected by the partner: {explanation}",
                )
                self.env["dist.exception"]._report(
                    document,
                    failure,
                    problem_key=f"ack:{document.x12_group_control}:{document.x12_set_control}",
                    severity="high",
                )
