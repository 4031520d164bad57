# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What every X12 document we send shares: its envelope, numbered from the control-number
ledger with the partner's ids, version and delimiters, and our own validator, with the partner's
rules, on the result before it may leave (855, 856, 810, 846, 940)."""

from odoo import fields, models

from dist_core.errors import Category
from dist_core.x12.validator import validate
from dist_core.x12.writer import GroupOut, InterchangeOut, SetOut, write_interchange

ISA_VERSIONS = {"004010": "00401", "005010": "00501"}


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _x12_write_document(self, profile, set_id, functional_id, body):
        """``body`` (the segments between ST and SE) in its interchange, numbered from the
        ledger: ``(text, (ISA13, GS06, ST02))``. ISA15 is ``T`` unless the partner is in
        production."""
        ledger = self.env["dist.edi.control.number"]
        isa = ledger._next(profile, "isa")
        group = ledger._next(profile, "gs")
        set_control = str(ledger._next(profile, "st")).zfill(4)
        backend = self.backend_id
        version = profile.x12_version or "004010"
        interchange = InterchangeOut(
            backend.x12_isa_qualifier or "ZZ",
            backend.x12_isa_id,
            profile.x12_isa_qualifier,
            profile.x12_isa_id,
            control_number=isa,
            version=ISA_VERSIONS.get(version, "00401"),
            usage="P" if profile.environment == "production" else "T",
            groups=(
                GroupOut(
                    functional_id,
                    backend.x12_gs_id or backend.x12_isa_id,
                    profile.x12_gs_id or profile.x12_isa_id,
                    group,
                    (SetOut(set_id, set_control, body),),
                    version=version,
                ),
            ),
        )
        text = write_interchange(interchange, profile._x12_delimiters(), when=fields.Datetime.now())
        return text, (isa, group, set_control)

    def _x12_document(self, profile, set_id, functional_id, body, label, check=None):
        """The whole of sending a document we generate: ``body`` enveloped and numbered
        (:meth:`_x12_write_document`), validated with the partner's rules (and ``check(text)``
        when given), its numbers kept on this message for the 997 that answers it (external ref
        ``<set> <GS06>/<ST02> <label>``): ``(payload, file name)`` for the generator to return."""
        text, (isa, group, set_control) = self._x12_write_document(
            profile, set_id, functional_id, body
        )
        self._x12_check_document(text, profile, set_id)
        if check:
            check(text)
        self.sudo().write(
            {
                "partner_id": profile.partner_id.id,
                "x12_group_control": str(group),
                "x12_set_control": set_control,
                "external_ref": f"{set_id} {group}/{set_control} {label}",
            }
        )
        return text.encode(), f"{set_id}-{profile.x12_isa_id}-{isa:09d}.x12"

    def _x12_order_profile(self, sale, set_id):
        """``(850 message, partner profile)`` of EDI order ``sale``, the profile able to receive
        a ``set_id``: no profile is a mapping exception (``<set>:profile``), missing ids a
        business-rule one (``<set>:ids``)."""
        po_message = sale.dist_edi_message_id
        profile = po_message._partner_profile()
        if not profile:
            self._fail_mapping(
                f"no trading partner profile for {sale.partner_id.display_name} on "
                f"{po_message.backend_id.name}",
                problem_key=f"{set_id}:profile",
            )
        self._x12_check_ids(profile, set_id)
        return po_message, profile

    def _x12_check_ids(self, profile, set_id):
        """Fail (business rule, ``<set>:ids``) when the interchange of a ``set_id`` to
        ``profile`` cannot be addressed: our ISA id or the partner's qualifier or id missing."""
        backend = self.backend_id
        missing = [
            label
            for label, value in (
                (f"our ISA id on backend {backend.name}", backend.x12_isa_id),
                (f"the ISA qualifier of {profile.display_name}", profile.x12_isa_qualifier),
                (f"the ISA id of {profile.display_name}", profile.x12_isa_id),
            )
            if not value
        ]
        if missing:
            self._fail(
                f"cannot address an {set_id}: missing " + ", ".join(missing),
                category=Category.BUSINESS_RULE,
                problem_key=f"{set_id}:ids",
            )

    @staticmethod
    def _x12_document_problems(text, profile=None):
        """Every error our validator finds in ``text`` (interchange, groups and sets), with the
        partner rules of ``profile``, and ``None`` when it holds no interchange at all."""
        overlays = profile._x12_overlays() if profile else None
        results = list(validate(text.encode(), overlays=overlays))
        if not results:
            return None
        problems = [issue for result in results for issue in result.errors]
        for result in results:
            problems += [issue for group in result.groups for issue in group.errors]
            problems += [issue for group in result.groups for s in group.sets for issue in s.errors]
        return problems

    def _x12_check_document(self, text, profile, set_id):
        """Block ``text`` (a permanent failure, nothing sent) when our validator, with the
        partner's rules, finds anything wrong with it."""
        problems = self._x12_document_problems(text, profile)
        if problems or problems is None:
            self._x12_fail_invalid(set_id, problems)

    def _x12_fail_invalid(self, set_id, problems):
        """Block a generated document that is not valid X12 (a permanent failure)."""
        details = "; ".join(str(issue) for issue in (problems or [])[:5]) or "no interchange"
        self._fail(
            f"the generated {set_id} is not valid X12: {details}", problem_key=f"{set_id}:invalid"
        )
