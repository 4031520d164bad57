# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..xref_resolver import (
    DEFAULT_ITEM_PRIORITY,
    XrefResolver,
    parse_priority,
)

ENVIRONMENTS = [("test", "Test"), ("production", "Production")]


class DistPartnerProfile(models.Model):
    """A trading partner (or a system's counterpart) as the hub sees it on one backend: its code
    there, its environment, how its items are matched, and its cross-reference tables.

    Generic on purpose: the EDI addon adds the X12 identifiers (ISA/GS ids, version, enabled
    documents) by ``_inherit``, the WMS addon its own options.
    """

    _name = "dist.partner.profile"
    _description = "Integration Partner Profile"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    # Searching by name and by code lets imports refer to a profile either way.
    _rec_names_search = ["name", "code"]

    _sql_constraints = [
        (
            "partner_backend_unique",
            "unique(partner_id, backend_id)",
            "A partner has one profile per backend.",
        ),
        (
            "backend_code_unique",
            "unique(backend_id, code)",
            "Two profiles of one backend cannot share a code.",
        ),
    ]

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('parent_id', '=', False)]",
        help="The customer (or supplier) as a commercial entity; ship-to addresses are its "
        "delivery contacts.",
    )
    backend_id = fields.Many2one(
        comodel_name="dist.backend", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(related="backend_id.company_id", store=True, index=True)
    code = fields.Char(
        tracking=True,
        help="The partner's identifier on this backend (e.g. the EDI provider's trading partner "
        "id); unique per backend.",
    )
    active = fields.Boolean(default=True, tracking=True)
    environment_override = fields.Selection(
        selection=ENVIRONMENTS,
        tracking=True,
        help="Empty: the backend's environment. Set it to onboard one partner in test on a "
        "production backend, or the reverse.",
    )
    environment = fields.Selection(
        selection=ENVIRONMENTS, compute="_compute_environment", store=True, index=True
    )
    item_qualifier_priority = fields.Char(
        required=True,
        default=DEFAULT_ITEM_PRIORITY,
        help="Comma-separated item qualifiers, tried in this order when a line carries several "
        "references (UP: UPC, EN: EAN, UK: GTIN-14, VN: vendor item, BP: buyer part, IN: buyer "
        "item, SK: SKU).",
    )
    match_product_barcode = fields.Boolean(
        default=True,
        help="Without a cross-reference, match UPC/EAN/GTIN-14 references on the product's "
        "barcode (compared as GTIN-14).",
    )
    match_product_default_code = fields.Boolean(
        default=True,
        help="Without a cross-reference, match vendor item (VN) and SKU (SK) references on the "
        "product's internal reference.",
    )
    note = fields.Html()
    xref_product_ids = fields.One2many("dist.xref.product", "profile_id")
    xref_uom_ids = fields.One2many("dist.xref.uom", "profile_id")
    xref_location_ids = fields.One2many("dist.xref.location", "profile_id")
    xref_carrier_ids = fields.One2many("dist.xref.carrier", "profile_id")

    @api.depends("partner_id.name", "backend_id.name")
    def _compute_name(self):
        for profile in self:
            profile.name = f"{profile.partner_id.name} ({profile.backend_id.name})"

    @api.depends("environment_override", "backend_id.environment")
    def _compute_environment(self):
        for profile in self:
            profile.environment = profile.environment_override or profile.backend_id.environment

    @api.constrains("item_qualifier_priority")
    def _check_item_qualifier_priority(self):
        for profile in self:
            qualifiers = parse_priority(profile.item_qualifier_priority)
            if not qualifiers or not all(q.isalnum() and len(q) <= 3 for q in qualifiers):
                raise ValidationError(
                    self.env._(
                        "Item qualifier priority must list qualifiers separated by commas, "
                        "e.g. %s.",
                        DEFAULT_ITEM_PRIORITY,
                    )
                )

    @api.model
    def _find(self, backend, partner):
        """The active profile of ``partner`` (or of its commercial entity) on ``backend``."""
        if not partner:
            return self.browse()
        profiles = self.sudo().search(
            [
                ("backend_id", "=", backend.id),
                ("partner_id", "in", (partner | partner.commercial_partner_id).ids),
            ]
        )
        return profiles.filtered(lambda p: p.partner_id == partner)[:1] or profiles[:1]

    def _resolver(self, profile=None, company=None):
        """A fresh :class:`~..xref_resolver.XrefResolver` for ``profile`` (default: ``self``;
        empty: the global rows of ``company``). Create one per handler run: it caches every
        lookup, misses included, for its lifetime."""
        profile = self if profile is None else profile
        return XrefResolver(self.env, profile[:1], company=company)
