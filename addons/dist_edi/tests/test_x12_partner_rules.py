# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import os

from odoo.exceptions import ValidationError

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms

from .test_x12_856_out import Edi856Case

# The partner takes REF qualifiers BM, CN and LT only on its 856s (we also send DP and VN).
REF_RULE = {"856": {"segments": {"REF": {"elements": {"1": {"codes": ["BM", "CN", "LT"]}}}}}}


class TestX12PartnerRules(Edi856Case):
    """A partner's own X12 rules (overlays on our schemas) block a document that breaks them
    before it is sent."""

    def _shipped_856(self):
        order = self._intake()
        picking = self._delivery(order)
        self._pack(picking, {self.blue: [(1, 10)], self.green: [(1, 24)], self.red: [(1, 5)]})
        return self._validate(picking)

    def test_an_856_breaking_a_partner_rule_is_blocked_with_the_position(self):
        self.profile.x12_partner_rules = json.dumps(REF_RULE)
        message = self._shipped_856()
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertFalse(message.payload_sha256)
        self.assertFalse(os.listdir(os.path.join(self.root, "out")))
        exception = message.exception_ids
        self.assertEqual(exception.problem_key, "856:invalid")
        self.assertIn("REF01 'DP': invalid code value", exception.description)
        self.assertIn("segment", exception.description)
        # The rule lifted, a regeneration sends it.
        self.profile.x12_partner_rules = False
        with trap_jobs():
            message.action_regenerate()
        set_ = self._856_set(self._send(message))
        self.assertIn("DP", [s[1] for s in set_.body if s.tag == "REF"])

    def test_rules_of_another_set_leave_the_856_alone(self):
        self.profile.x12_partner_rules = json.dumps({"810": REF_RULE["856"]})
        self._856_set(self._send(self._shipped_856()))

    def test_a_rule_that_requires_more_than_we_send_blocks_too(self):
        # TD3 is optional in the 856 schema; this partner wants it in every HL level.
        self.profile.x12_partner_rules = json.dumps(
            {"856": {"structure": {"HL/TD3": {"req": "M"}}}}
        )
        message = self._shipped_856()
        with trap_jobs():
            message.process()
        self.assertEqual(message.state, ms.ERROR_PERMANENT)
        self.assertIn("TD3", message.exception_ids.description)

    def test_rules_are_checked_when_saved(self):
        for bad, words in (
            ("{not json", "not valid JSON"),
            ('["856"]', "must be an object"),
            ('{"856": {"segments": {"ZZZ": {"elements": {"1": {"req": "M"}}}}}}', "ZZZ"),
            ('{"856": {"structure": {"TD3": {"req": "M"}}}}', "no loop or segment TD3"),
            ('{"856": ["REF"]}', "an overlay is an object"),
            ('{"856": {"segments": {"REF": {"elements": {"9": {"req": "M"}}}}}}', "REF09"),
            ('{"999999": {}}', "999999"),
        ):
            with self.assertRaises(ValidationError) as caught:
                self.profile.x12_partner_rules = bad
            self.assertIn(words, str(caught.exception))
        self.profile.x12_partner_rules = json.dumps(REF_RULE)
        self.assertEqual(self.profile._x12_overlays(), REF_RULE)
