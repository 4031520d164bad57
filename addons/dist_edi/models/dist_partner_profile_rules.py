# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A trading partner's own X12 rules, as data: overlays on our schemas (a segment the partner
requires, the qualifiers it accepts) that the pre-send validation of every document we send it
applies (855, 856, 810, 846, 940). The format is the X12 engine's overlay format
(``dist_core.x12.schema``), keyed by transaction set::

    {"856": {"structure": {"DTM": {"req": "M"}},
             "segments": {"REF": {"elements": {"1": {"codes": ["BM", "CN", "LT"]}}}}}}
"""

import json

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from dist_core.x12.errors import X12SchemaError
from dist_core.x12.schema import checked_overlay_schema


class DistPartnerProfile(models.Model):
    _inherit = "dist.partner.profile"

    x12_partner_rules = fields.Text(
        string="Partner rules (X12)",
        help="The partner's own rules on the documents we send it, checked before anything "
        "leaves (a document that breaks one is blocked with an exception). JSON keyed by "
        'transaction set, e.g. {"856": {"structure": {"DTM": {"req": "M"}}, "segments": '
        '{"REF": {"elements": {"1": {"codes": ["BM", "CN", "LT"]}}}}}}: "structure" patches '
        'segments and loops by path ("HL/TD5") with "req" (M/O), "max" or "repeat"; '
        '"segments" patches elements by position with "req", "min", "max" or "codes".',
    )

    def _x12_overlays(self):
        """``{set id: overlay}`` of the partner's rules (empty without rules)."""
        self.ensure_one()
        return json.loads(self.x12_partner_rules) if self.x12_partner_rules else {}

    @api.constrains("x12_partner_rules", "x12_version")
    def _check_x12_partner_rules(self):
        for profile in self.filtered("x12_partner_rules"):
            try:
                rules = json.loads(profile.x12_partner_rules)
            except ValueError as exc:
                raise ValidationError(
                    self.env._("The partner rules are not valid JSON: %(error)s", error=exc)
                ) from None
            if not isinstance(rules, dict):
                raise ValidationError(
                    self.env._(
                        "The partner rules must be an object of rules per transaction set, "
                        'e.g. {"856": {"structure": {"DTM": {"req": "M"}}}}.'
                    )
                )
            for set_id, overlay in rules.items():
                try:
                    checked_overlay_schema(set_id, profile.x12_version or "004010", overlay)
                except X12SchemaError as exc:
                    raise ValidationError(
                        self.env._("Partner rules for %(set)s: %(error)s", set=set_id, error=exc)
                    ) from None
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise ValidationError(
                        self.env._(
                            "Partner rules for %(set)s are not in the overlay format "
                            "(%(error)s: %(detail)s).",
                            set=set_id,
                            error=type(exc).__name__,
                            detail=exc,
                        )
                    ) from None
