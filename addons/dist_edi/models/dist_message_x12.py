# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Inbound X12 routing and the 997/999 we send back.

``x12.interchange`` (a file or a post): read and validate every interchange, find the trading
partner by its ISA sender, store one child message per accepted transaction set (type ``x12.<set
id>``, idempotency key partner + GS06 + ST02, payload = a one-set interchange with the partner's
envelope), open an exception per rejected set, and queue the functional acknowledgment.
"""

from odoo import models

from dist_core.errors import Category, ErrorClass, Failure
from dist_core.idempotency import derive_key
from dist_core.x12.ack import ack_interchange
from dist_core.x12.errors import X12NotX12Error
from dist_core.x12.reader import iter_sets
from dist_core.x12.validator import validate
from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange


class DistMessage(models.Model):
    _inherit = "dist.message"

    # ----------------------------------------------------------------------------- routing

    def _dist_handle_x12_interchange(self):
        payload = self._payload_bytes()  # read once: a large file comes from the filestore
        results = self._x12_validate(payload)
        self._set_state("parsed", reason=f"{len(results)} interchange(s)")
        sets_by_interchange = {}
        for set_ in iter_sets(payload):
            sets_by_interchange.setdefault(set_.interchange.index, []).append(set_)
        summary = []
        for index, result in enumerate(results, start=1):
            sets = sets_by_interchange.get(result.header.index, [])
            summary.append(self._x12_route_interchange(index, result, sets))
        return "; ".join(summary)

    def _x12_validate(self, payload=None):
        try:
            results = list(validate(self._payload_bytes() if payload is None else payload))
        except X12NotX12Error as exc:
            self._fail(f"not an X12 interchange: {exc}", problem_key="x12:not-x12")
        if not results:
            self._fail("no interchange found", problem_key="x12:empty")
        return results

    def _x12_route_interchange(self, index, result, sets):
        header = result.header
        profile = self.env["dist.partner.profile"]._find_x12_sender(
            self.backend_id, header.sender_qualifier, header.sender_id
        )
        if not profile:
            self._fail_mapping(
                f"unknown X12 sender {header.sender_qualifier}:{header.sender_id}",
                problem_key=f"sender:{header.sender_qualifier}:{header.sender_id}",
            )
        if not self.partner_id:
            self.sudo().write({"partner_id": profile.partner_id.id})
        stored, rejected = self._x12_split(result, profile, sets)
        self._x12_queue_ack(index, profile, result)
        return (
            f"ISA {header.control_number} from {profile.display_name}: "
            f"{stored} set(s) stored, {rejected} rejected"
        )

    def _x12_split(self, result, profile, sets):
        """One child message per accepted set; an exception per rejected one."""
        sets = {(set_.group.control_number, set_.control_number): set_ for set_ in sets}
        stored = rejected = 0
        types = {}  # message type per set id: one lookup per kind of set, not per set
        for group in result.groups:
            for set_result in group.sets:
                key = (group.header.control_number, set_result.control_number)
                if set_result.errors or key not in sets:
                    rejected += 1
                    self._x12_report_rejected(group, set_result)
                    continue
                if self._x12_store_set(profile, result.header, sets[key], types):
                    stored += 1
        return stored, rejected

    def _x12_store_set(self, profile, header, set_, types=None):
        """Store one transaction set as its own message of type ``x12.<id>``. ``types`` caches
        the message type of each set id across the sets of one interchange."""
        type_code = f"x12.{set_.set_id}"
        types = {} if types is None else types
        if type_code not in types:
            types[type_code] = (
                self.env["dist.message.type"]
                .sudo()
                .search([("code", "=", type_code), ("direction", "=", "inbound")], limit=1)
            )
        message_type = types[type_code]
        if not message_type:
            failure = Failure(
                ErrorClass.PERMANENT,
                Category.VALIDATION,
                f"transaction set {set_.set_id} is not handled by any installed addon",
            )
            self.env["dist.exception"]._report(self, failure, problem_key=f"set:{type_code}")
            return False
        group_number = set_.group.control_number
        key = derive_key(
            f"{header.sender_qualifier}/{header.sender_id}",
            group_number,
            set_.control_number,
        )
        child = self._receive(
            self.backend_id,
            message_type,
            self._x12_single_set(header, set_).encode(),
            idempotency_key=key,
            parent_id=self.id,
            partner_id=profile.partner_id.id,
            external_ref=f"{set_.set_id} {set_.group.control_number}/{set_.control_number}",
            filename=f"{self.filename or self.name}#{group_number}-{set_.control_number}",
            ordering_key=self.ordering_key or False,
        )
        return bool(child)

    @staticmethod
    def _x12_single_set(header, set_):
        """The set alone in an interchange with its partner's envelope values and delimiters."""
        group = set_.group
        interchange = InterchangeOut(
            header.sender_qualifier,
            header.sender_id,
            header.receiver_qualifier,
            header.receiver_id,
            control_number=header.control_number,
            version=header.version,
            usage=header.usage,
            isa11=header.isa[11],
            groups=(
                GroupOut(
                    group.functional_id,
                    group.sender,
                    group.receiver,
                    group.control_number,
                    (SetOut(set_.set_id, set_.control_number, set_.body, set_.convention),),
                    version=group.version,
                ),
            ),
        )
        return write_interchange(interchange, header.delimiters)

    def _x12_report_rejected(self, group, set_result):
        codes = ", ".join(issue.code.name for issue in set_result.errors[:5]) or "not readable"
        failure = Failure(
            ErrorClass.PERMANENT,
            Category.VALIDATION,
            f"set {set_result.set_id} {group.header.control_number}/{set_result.control_number} "
            f"rejected ({codes}); the 997 tells the partner",
        )
        self.env["dist.exception"]._report(
            self,
            failure,
            problem_key=f"rejected:{group.header.control_number}:{set_result.control_number}",
        )

    # ----------------------------------------------------------------------------- 997 / 999

    def _x12_queue_ack(self, index, profile, result):
        """Queue the 997/999 of one received interchange, per the partner's policy. An
        interchange of acknowledgments only (FA groups) is never acknowledged in turn."""
        if profile.x12_ack == "none":
            return None
        if result.groups and all(g.header.functional_id == "FA" for g in result.groups):
            return None
        return self._create_outbound(
            self.backend_id,
            "x12.997.out",
            self,
            idempotency_key=f"ack:{self.id}:{index}",
        )

    def _dist_generate_x12_997(self):
        """Generate the functional acknowledgment of the received interchange this answers."""
        received = self.env["dist.message"].browse(self.res_id).exists()
        if not received:
            self._fail("the acknowledged message no longer exists", problem_key="ack:gone")
        index = int(self.idempotency_key.rsplit(":", 1)[1])
        result = list(validate(received._payload_bytes()))[index - 1]
        profile = self.env["dist.partner.profile"]._find_x12_sender(
            received.backend_id, result.header.sender_qualifier, result.header.sender_id
        )
        kind = "999" if profile.x12_ack == "999" else "997"
        number = self.env["dist.edi.control.number"]._next(profile, "isa")
        text = ack_interchange(result, control_number=number, kind=kind)
        self.sudo().write({"partner_id": profile.partner_id.id})
        return text.encode(), f"{kind}-{profile.x12_isa_id}-{number:09d}.x12"
