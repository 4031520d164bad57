# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The one-click fix of a missing mapping: *Map it* opens the cross-reference the exception asks
for, filled in from its problem key (``item:UP:012345678905``, ``location:92:0042``,
``uom:CS``, ``carrier:ODFL``) and the message's partner profile. Saving it and clicking *Replay*
finishes the job."""

from odoo import api, fields, models
from odoo.exceptions import UserError

# problem key prefix -> (cross-reference model, default values from the key's parts)
MAPPINGS = {
    "item": ("dist.xref.product", lambda parts: {"qualifier": parts[0], "value": parts[1]}),
    "location": ("dist.xref.location", lambda parts: {"qualifier": parts[0], "value": parts[1]}),
    "uom": ("dist.xref.uom", lambda parts: {"code": parts[0]}),
    "carrier": ("dist.xref.carrier", lambda parts: {"scac": parts[0]}),
}
ARITY = {"item": 2, "location": 2, "uom": 1, "carrier": 1}


def parse_mapping_key(problem_key):
    """``"item:UP:0123"`` -> ``("dist.xref.product", {"qualifier": "UP", "value": "0123"})``;
    None for a key that is not a missing mapping. Values may contain colons (the last part)."""
    kind, _sep, rest = (problem_key or "").partition(":")
    if kind not in MAPPINGS or not rest:
        return None
    parts = rest.split(":", ARITY[kind] - 1)
    if len(parts) != ARITY[kind] or not all(parts):
        return None
    model, defaults = MAPPINGS[kind]
    return model, defaults(parts)


class DistException(models.Model):
    _inherit = "dist.exception"

    mapping_fixable = fields.Boolean(
        compute="_compute_mapping_fixable",
        help="A missing cross-reference that *Map it* opens ready to fill.",
    )

    @api.depends("problem_key", "category")
    def _compute_mapping_fixable(self):
        for record in self:
            record.mapping_fixable = bool(
                record.category == "mapping_missing" and parse_mapping_key(record.problem_key)
            )

    def action_map_problem(self):
        """Open a new cross-reference for the missing code, for the message's partner profile."""
        self.ensure_one()
        parsed = parse_mapping_key(self.problem_key)
        if not parsed:
            raise UserError(self.env._("This exception is not a missing cross-reference."))
        model, defaults = parsed
        profile = self.message_id._partner_profile() if self.message_id else False
        context = {f"default_{name}": value for name, value in defaults.items()}
        if profile:
            context["default_profile_id"] = profile.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Map %s", self.problem_key),
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }
