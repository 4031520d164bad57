# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What every X12 document we send shares: its envelope, numbered from the control-number
ledger with the partner's ids, version and delimiters, and our own validator on the result before
it may leave (855, 856 and the documents to come)."""

from odoo import fields, models

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

    @staticmethod
    def _x12_document_problems(text):
        """Every error our validator finds in ``text`` (interchange, groups and sets), and
        ``None`` when it holds no interchange at all."""
        results = list(validate(text.encode()))
        if not results:
            return None
        problems = [issue for result in results for issue in result.errors]
        for result in results:
            problems += [issue for group in result.groups for issue in group.errors]
            problems += [issue for group in result.groups for s in group.sets for issue in s.errors]
        return problems

    def _x12_fail_invalid(self, set_id, problems):
        """Block a generated document that is not valid X12 (a permanent failure)."""
        details = "; ".join(str(issue) for issue in (problems or [])[:5]) or "no interchange"
        self._fail(
            f"the generated {set_id} is not valid X12: {details}", problem_key=f"{set_id}:invalid"
        )
