# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""860 purchase order change or cancel -> the sale order an 850 made (messages of type ``x12.860``).

1. read the one-set interchange and map it to a canonical ``OrderChange``;
2. find the trading partner profile and the customer as the 850 does, then the sale order through
   the PO's business key (``sale.order.po``, linked to the order by the 850); an unknown PO is an
   exception, the payload kept, to replay once the 850 has made its order;
3. claim the change per order (``sale.order.change``: ``<order id>:seq:<BCH05>``, or the content
   fingerprint when BCH05 is empty): the same change in another message is a duplicate, other
   content under a change sequence already applied is an exception, and a replay of this message
   applies nothing twice;
4. plan every line change and resolve every added item before anything is written (values
   helpers in ``dist_message_x12_860_vals.py``); the whole 860 is refused when a line it changes
   has shipped (a cancel: when anything has);
5. apply, link, attach the message to the PO's order thread and note the change on the order.
"""

from markupsafe import Markup

from odoo import models

from dist_core import message_states as ms
from dist_core.errors import Category
from dist_core.x12.mappers import order_change_from_860

from .dist_message_x12_850 import PO_SCOPE

CHANGE_SCOPE = "sale.order.change"


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_x12_860(self):
        """Handler of ``x12.860``: change or cancel one sale order (see module doc)."""
        profile, change = self._x12_860_read()
        what = self.env._("cancel") if change.is_cancellation else self.env._("change")
        self._set_state(
            ms.PARSED,
            reason=f"860 {what} of PO {change.po_number}, {len(change.lines)} line(s)",
        )
        resolver = self._xref_resolver(profile)
        customer = self._x12_850_customer(change, profile, resolver)
        sale = self._x12_860_sale_order(change, customer)
        fingerprint = self._x12_850_fingerprint(change)
        claimed, claim = self._claim_business_key(
            CHANGE_SCOPE, self._x12_860_change_key(change, sale, fingerprint)
        )
        if not claimed and claim.message_id != self:
            return self._x12_860_duplicate(change, claim, customer, sale, fingerprint)
        if not claimed:
            # A replay of a message whose change is applied (a failed run leaves no claim).
            self._link_record(sale)
            self._x12_850_attach(change, customer, sale)
            return self.env._(
                "PO %(po)s: 860 already applied to sale order %(order)s by this message, "
                "nothing new",
                po=change.po_number,
                order=sale.name,
            )
        self._x12_860_check_sequence(change, sale, claim)
        if change.is_cancellation:
            texts = self._x12_860_cancel(change, sale)
        else:
            plan = self._x12_860_plan(change, sale, self._x12_850_policy(profile), resolver)
            texts = self._x12_860_apply(sale, plan)
        claim._link_record(sale)
        self._link_record(sale)
        self._x12_850_attach(change, customer, sale)
        self._x12_860_post_note(change, sale, texts)
        return self.env._(
            "PO %(po)s: 860 %(what)s applied to sale order %(order)s: %(changes)s",
            po=change.po_number,
            what=what,
            order=sale.name,
            changes="; ".join(texts) or self.env._("nothing to change"),
        )

    # ----------------------------------------------------------------------------- reading

    def _x12_860_read(self):
        """The trading partner profile and the canonical change of this message's one 860."""
        transaction_set = self._x12_850_transaction_set("860")
        profile = self._x12_profile_for_message(transaction_set.interchange)
        change = order_change_from_860(
            transaction_set.segments,
            transaction_set.delimiters,
            self._x12_850_mapper_options(profile),
        )
        return profile, change

    def _x12_860_sale_order(self, change, customer):
        """The sale order the 850 of this PO made, through the PO's business key claim."""
        commercial = customer.commercial_partner_id
        claim = (
            self.env["dist.business.key"]
            .sudo()
            .search(
                [("scope", "=", PO_SCOPE), ("key", "=", f"{commercial.id}:{change.po_number}")],
                limit=1,
            )
        )
        sale = claim._record() if claim else None
        if not sale:
            self._fail(
                f"860 for unknown PO {change.po_number} of {commercial.name}: no 850 made a sale "
                "order for it (if its 850 is held as an exception, fix and replay it, then replay "
                "this 860)",
                category=Category.VALIDATION,
                problem_key=f"860:unknown-po:{change.po_number}",
            )
        return sale.with_company(sale.company_id)

    @staticmethod
    def _x12_860_change_key(change, sale, fingerprint):
        """``<order id>:seq:<BCH05>``; without a change sequence, the content decides."""
        if change.change_sequence:
            return f"{sale.id}:seq:{change.change_sequence}"
        return f"{sale.id}:content:{fingerprint}"

    def _x12_860_check_sequence(self, change, sale, claim):
        """A numeric change sequence lower than one already applied to the order arrives late:
        applying it would undo a newer change (POC03 is an absolute quantity)."""
        if not change.change_sequence.isdigit():
            return
        claims = (
            self.env["dist.business.key"]
            .sudo()
            .search(
                [
                    ("scope", "=", CHANGE_SCOPE),
                    ("key", "=like", f"{sale.id}:seq:%"),
                    ("id", "!=", claim.id),
                ]
            )
        )
        sequences = [c.key.rsplit(":", 1)[1] for c in claims]
        newer = max((int(seq) for seq in sequences if seq.isdigit()), default=0)
        if newer > int(change.change_sequence):
            self._fail(
                f"860 change sequence {change.change_sequence} of PO {change.po_number} arrives "
                f"after change sequence {newer} was applied to sale order {sale.name}; applying "
                "it would undo the newer change, nothing was changed",
                category=Category.BUSINESS_RULE,
                problem_key=f"860:out-of-order:{change.po_number}",
            )

    # ----------------------------------------------------------------------------- duplicates

    def _x12_860_duplicate(self, change, claim, customer, sale, fingerprint):
        """The change was claimed by another message: same content is a duplicate, other content
        under the same change sequence a problem for a person."""
        original = claim.message_id
        if not original or self._x12_860_original_fingerprint(original) == fingerprint:
            self._set_state(
                ms.DUPLICATE,
                reason=f"860 of PO {change.po_number} already applied from {original.name}",
                duplicate_of_id=original.id,
            )
            self._link_record(sale)
            self._x12_850_attach(change, customer, sale)
            return self.env._(
                "PO %(po)s: 860 duplicate of %(message)s (sale order %(order)s)",
                po=change.po_number,
                message=original.name,
                order=sale.name,
            )
        self._fail(
            f"860 change sequence {change.change_sequence} of PO {change.po_number} was already "
            f"applied from {original.name} with other content (sale order {sale.name}); "
            "nothing was changed",
            category=Category.DUPLICATE,
            problem_key=f"860:sequence:{change.po_number}:{change.change_sequence}",
        )

    def _x12_860_original_fingerprint(self, original):
        _profile, change = original._x12_860_read()
        return self._x12_850_fingerprint(change)

    # ----------------------------------------------------------------------------- cancel

    def _x12_860_cancel(self, change, sale):
        """``BCH*01``: cancel the whole order, only when nothing of it has shipped."""
        if sale.state == "cancel":
            return [self.env._("the order was already cancelled")]
        shipped = sale._dist_edi_shipped_lines()
        deliveries = sale._dist_edi_done_deliveries()
        if shipped or deliveries:
            what = ", ".join(
                [self._x12_860_line_label(line) for line in shipped] + deliveries.mapped("name")
            )
            self._x12_860_fail_shipped(change, sale, f"it cannot be cancelled, shipped: {what}")
        self._x12_860_check_locked(change, sale)
        state = sale.state
        sale.with_context(disable_cancel_warning=True).action_cancel()
        return [self.env._("order cancelled (it was in state %s)", state)]

    # ----------------------------------------------------------------------------- checks

    def _x12_860_fail_shipped(self, change, sale, detail):
        self._fail(
            f"860 change after shipment: PO {change.po_number}, sale order {sale.name}: {detail}; "
            "nothing was changed",
            category=Category.BUSINESS_RULE,
            problem_key=f"860:shipped:{change.po_number}",
        )

    def _x12_860_check_locked(self, change, sale):
        if sale.locked:
            self._fail(
                f"860 for PO {change.po_number}: sale order {sale.name} is locked; unlock it, "
                "then replay this 860",
                category=Category.BUSINESS_RULE,
                problem_key=f"860:locked:{change.po_number}",
            )

    @staticmethod
    def _x12_860_line_label(line):
        number = line.dist_edi_line_number
        return f"line {number} ({line.product_id.display_name})" if number else line.display_name

    # ----------------------------------------------------------------------------- note

    def _x12_860_post_note(self, change, sale, texts):
        """A note on the sale order: what this 860 changed, and its notes (MSG/NTE)."""
        what = self.env._("cancellation") if change.is_cancellation else self.env._("change")
        title = self.env._(
            "EDI 860 %(what)s of PO %(po)s (change sequence %(sequence)s, %(message)s)",
            what=what,
            po=change.po_number,
            sequence=change.change_sequence or "-",
            message=self.name,
        )
        texts = list(texts) or [self.env._("nothing to change")]
        texts += [note.text for note in change.notes if note.text]
        # Markup % escapes each text: partner data never becomes HTML.
        items = Markup("").join(Markup("<li>%s</li>") % text for text in texts)
        sale.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>") % (title, items),
            subtype_xmlid="mail.mt_note",
        )
