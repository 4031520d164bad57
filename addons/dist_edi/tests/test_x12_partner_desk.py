# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools.safe_eval import safe_eval

from .common import Edi850Case


class TestX12PartnerDesk(Edi850Case):
    def test_profile_counts_and_opens_documents_exceptions_and_ledger(self):
        clean = self._receive_850("850_clean.x12")
        self._process(clean)
        held = self._receive_850("850_unknown_item.x12")
        self._process(held)
        other = self._create_profile(
            self.env["res.partner"].create({"name": "Other Retail", "is_company": True}),
            self.backend,
        )
        self.assertEqual(other.x12_document_count, 0)

        self.profile.invalidate_recordset(["x12_document_count", "x12_exception_count"])
        documents = self.env["dist.message"].search(
            self.profile.action_open_x12_documents()["domain"]
        )
        self.assertIn(clean, documents)
        self.assertIn(held, documents)
        self.assertTrue(documents.filtered(lambda m: m.type_id.code == "x12.855.out"))
        self.assertEqual(self.profile.x12_document_count, len(documents))

        exceptions = self.env["dist.exception"].search(
            self.profile.action_open_x12_exceptions()["domain"]
        )
        self.assertEqual(exceptions, held.exception_ids)
        self.assertEqual(self.profile.x12_exception_count, 1)
        self.assertTrue(exceptions.mapping_fixable, exceptions.problem_key)

        # The EDI menu's exception list holds it too; a generic backend's exception is not EDI.
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_edi.dist_edi_exception_action")
        listed = self.env["dist.exception"].search(safe_eval(action["domain"]))
        self.assertIn(exceptions, listed)

        self.env["dist.edi.control.number"]._next(self.profile, "isa")
        ledger = self.env["dist.edi.control.number"].search(
            self.profile.action_open_x12_ledger()["domain"]
        )
        self.assertEqual(ledger.profile_id, self.profile)
