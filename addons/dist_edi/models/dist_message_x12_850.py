# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""850 purchase order -> sale order (messages of type ``x12.850``, one set each, from the router).

The order of the work is what keeps bad input from leaving junk behind:

1. read the one-set interchange and map it to a canonical ``Order`` (mapping errors are
   permanent: the engine classifies them);
2. find the trading partner profile and the customer;
3. claim the PO number per customer: a second copy with the same content is a duplicate, a copy
   with other content an exception ("expected an 860"), a replay of this message reuses its order;
4. resolve everything (ship-to, items, units, prices, carrier) before anything is written;
5. create the sale order with all its lines in one ``create``, link it, attach it to the order
   thread, and confirm it when the partner is in production and auto-confirm is on.

The values builders (``_get_x12_850_*_vals``) live in ``dist_message_x12_850_vals.py``.
"""

import hashlib
import json

from odoo import models

from odoo.addons.dist_integration_base.xref_resolver import parse_priority

from dist_core import message_states as ms
from dist_core.canonical import dump_document
from dist_core.errors import Category, MappingMissing
from dist_core.x12.errors import X12SyntaxError
from dist_core.x12.mappers import MapperOptions, order_from_850
from dist_core.x12.reader import read

PO_SCOPE = "sale.order.po"
# Parties that may name the customer through a location cross-reference, in this order.
CUSTOMER_ROLES = ("BT", "BY")
# The 850 settings of dist.partner.profile (X12 settings of this addon) and their defaults.
POLICY_DEFAULTS = {"auto_confirm": True, "price_tolerance_percent": 0.0, "price_policy": "hold"}


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_x12_850(self):
        """Handler of ``x12.850``: one purchase order into one sale order (see module doc)."""
        transaction_set = self._x12_850_transaction_set()
        profile = self._x12_profile_for_message(transaction_set.interchange)
        policy = self._x12_850_policy(profile)
        order = order_from_850(
            transaction_set.segments,
            transaction_set.delimiters,
            self._x12_850_mapper_options(profile),
        )
        self._set_state(ms.PARSED, reason=f"850 PO {order.po_number}, {len(order.lines)} line(s)")
        resolver = self._xref_resolver(profile)
        customer = self._x12_850_customer(order, profile, resolver)
        fingerprint = self._x12_850_fingerprint(order)
        key = f"{customer.commercial_partner_id.id}:{order.po_number}"
        claimed, claim = self._claim_business_key(PO_SCOPE, key)
        if not claimed and claim.message_id != self:
            return self._x12_850_duplicate(order, claim, customer, fingerprint)
        existing = claim._record() if not claimed else None
        if existing:
            # A replay of a message that already made its order: never a second one.
            self._x12_850_attach(order, customer, existing)
            return self.env._(
                "PO %(po)s: sale order %(order)s already created by this message, nothing new",
                po=order.po_number,
                order=existing.name,
            )
        values = self._get_x12_850_order_vals(order, policy, customer, resolver, fingerprint)
        sale = self.env["sale.order"].with_company(self.company_id).create(values)
        claim._link_record(sale)
        self._link_record(sale)
        self._x12_850_attach(order, customer, sale)
        outcome = self._x12_850_confirm(sale, profile, policy, transaction_set.interchange)
        return self.env._(
            "PO %(po)s: sale order %(order)s with %(count)s line(s), %(outcome)s",
            po=order.po_number,
            order=sale.name,
            count=len(order.lines),
            outcome=outcome,
        )

    # ----------------------------------------------------------------------------- reading

    def _x12_850_transaction_set(self, set_id="850"):
        """The only transaction set of the payload, which must be an 850 (or ``set_id``: the
        860 handler reads its set the same way)."""
        document = read(self._payload_bytes())
        if document.fatal:
            raise X12SyntaxError(document.fatal)
        sets = document.sets
        if len(sets) != 1 or sets[0].set_id != set_id:
            found = ", ".join(s.set_id for s in sets) or "none"
            self._fail(
                f"an x12.{set_id} message carries exactly one {set_id} transaction set; "
                f"found: {found}",
                problem_key=f"x12:{set_id}:sets",
            )
        return sets[0]

    def _x12_profile_for_message(self, interchange):
        """The trading partner: the message's partner on its backend (the router sets it), else
        the profile whose ISA qualifier and id sent the interchange."""
        profiles = self.env["dist.partner.profile"]
        profile = self._partner_profile()
        # The ISA lookup comes with the profile's X12 settings; without them the partner decides.
        find_sender = getattr(profiles, "_find_x12_sender", None)
        if not profile and find_sender:
            profile = find_sender(
                self.backend_id, interchange.sender_qualifier, interchange.sender_id
            )
        if not profile:
            sender = f"{interchange.sender_qualifier}:{interchange.sender_id}"
            self._fail_mapping(
                f"no trading partner profile for X12 sender {sender} on {self.backend_id.name}",
                problem_key=f"sender:{sender}",
            )
        if not self.partner_id:
            self.sudo().write({"partner_id": profile.partner_id.id})
        return profile

    @staticmethod
    def _x12_850_policy(profile):
        """The partner's 850 policy, read by name from the profile's EDI settings; a setting not
        installed yet keeps the default of the profile's X12 settings (confirm; hold any price
        difference)."""
        return {
            name: profile[name] if name in profile._fields else default
            for name, default in POLICY_DEFAULTS.items()
        }

    @staticmethod
    def _x12_850_mapper_options(profile):
        priority = parse_priority(profile.item_qualifier_priority)
        return MapperOptions(item_qualifiers=priority) if priority else MapperOptions()

    @staticmethod
    def _x12_850_fingerprint(order):
        """SHA-256 of the canonical order: envelopes and control numbers do not count, so the
        same PO in a new interchange is recognised as the same content."""
        text = json.dumps(dump_document(order), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    # ----------------------------------------------------------------------------- parties

    def _x12_850_customer(self, order, profile, resolver):
        """The profile's partner, unless a bill-to or buyer code maps to another customer."""
        for role in CUSTOMER_ROLES:
            party = order.party(role)
            if not party or not party.id_qualifier or not party.id:
                continue
            try:
                address = resolver.location(party.id_qualifier, party.id)
            except MappingMissing:
                # Bill-to and buyer codes are optional mappings: the profile names the customer.
                continue
            return address.commercial_partner_id
        return profile.partner_id

    def _x12_850_ship_to(self, order, customer, resolver):
        """The delivery address of N1*ST (store/DC number, GLN...); the customer without one."""
        party = order.ship_to
        if not party:
            return customer
        if not party.id_qualifier or not party.id:
            profile = resolver.profile
            if party.address and profile and profile.ship_to_without_code == "create":
                return customer._dist_edi_delivery_address(party)
            self._fail_mapping(
                f"ship-to {party.name or ''} carries no location code (N103/N104)",
                problem_key=f"location:ST:{party.name}",
            )
        try:
            return resolver.location(party.id_qualifier, party.id)
        except MappingMissing as exc:
            self._fail_mapping(f"ship-to not mapped: {exc}", problem_key=exc.problem_key)

    # ----------------------------------------------------------------------------- duplicates

    def _x12_850_duplicate(self, order, claim, customer, fingerprint):
        """The PO was claimed by another message: same content is a duplicate, else a problem."""
        original = claim.message_id
        sale = claim._record()
        if sale and sale.dist_edi_content_hash == fingerprint:
            self._set_state(
                ms.DUPLICATE,
                reason=f"PO {order.po_number} already received in {original.name}",
                duplicate_of_id=original.id,
            )
            self._link_record(sale)
            self._x12_850_attach(order, customer, sale)
            return self.env._(
                "PO %(po)s: duplicate of %(message)s (sale order %(order)s)",
                po=order.po_number,
                message=original.name,
                order=sale.name,
            )
        where = self.env._("sale order %s", sale.name) if sale else self.env._("no order left")
        self._fail(
            f"duplicate PO {order.po_number} with changes; expected an 860 (first received in "
            f"{original.name or original.id}, {where})",
            category=Category.DUPLICATE,
            problem_key=f"duplicate:{order.po_number}",
        )

    # ----------------------------------------------------------------------------- effects

    def _x12_850_attach(self, order, customer, sale):
        """Put this message, the 997 answering its interchange (when it has no thread yet: one
        997 acknowledging several POs sits on the first one's) and the sale order on the PO's
        order thread."""
        commercial = customer.commercial_partner_id
        return self.env["dist.order.thread"]._attach(
            f"{commercial.id}:{order.po_number}",
            commercial,
            messages=self | self._x12_answering_ack().filtered(lambda m: not m.thread_id),
            records=sale,
            role="sale_order",
            name=f"{commercial.name} PO {order.po_number}",
        )

    def _x12_answering_ack(self):
        """The 997/999 we send for the interchange this set came in (empty if none)."""
        if not self.parent_id:
            return self.browse()
        return self.sudo().search(
            [
                ("type_id.code", "=", "x12.997.out"),
                ("res_model", "=", "dist.message"),
                ("res_id", "=", self.parent_id.id),
            ]
        )

    def _x12_850_confirm(self, sale, profile, policy, interchange):
        """Confirm per partner policy; a test partner or a test interchange (ISA15 T) never
        creates a confirmed order. Returns the outcome for the summary."""
        if profile.environment != "production" or interchange.usage != "P":
            return self.env._("left as a quotation (test partner or test interchange)")
        if not policy["auto_confirm"]:
            return self.env._("left as a quotation (auto-confirm is off)")
        sale.action_confirm()
        return self.env._("confirmed")
