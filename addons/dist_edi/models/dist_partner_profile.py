# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from dist_core.x12.delimiters import Delimiters


class DistPartnerProfile(models.Model):
    """X12 settings of a trading partner: identifiers, version, delimiters, policies."""

    _inherit = "dist.partner.profile"

    _sql_constraints = [
        (
            "x12_isa_unique",
            "unique(backend_id, x12_isa_qualifier, x12_isa_id)",
            "Another trading partner of this backend already has this ISA qualifier and id.",
        ),
    ]

    x12_isa_qualifier = fields.Char(string="ISA qualifier", help="ISA05 of their interchanges.")
    x12_isa_id = fields.Char(string="ISA id", index=True, help="ISA06 of their interchanges.")
    x12_gs_id = fields.Char(string="GS id", help="GS02 of their groups.")
    x12_version = fields.Selection(
        selection=[("004010", "004010"), ("005010", "005010")],
        string="X12 version",
        default="004010",
    )
    x12_ack = fields.Selection(
        selection=[("none", "No acknowledgment"), ("997", "997"), ("999", "999 (005010)")],
        string="Functional acknowledgment",
        default="997",
    )
    x12_element_separator = fields.Char(default="*", size=1)
    x12_segment_terminator = fields.Char(default="~", size=1)
    x12_component_separator = fields.Char(default=">", size=1)
    auto_confirm = fields.Boolean(
        default=True, help="Confirm clean orders at intake (never for a test partner)."
    )
    price_tolerance_percent = fields.Float(default=0.0)
    price_policy = fields.Selection(
        selection=[("hold", "Hold the order"), ("accept", "Accept the partner's price")],
        default="hold",
    )
    ship_to_without_code = fields.Selection(
        selection=[
            ("create", "Use the address sent (drop ship)"),
            ("hold", "Hold the order"),
        ],
        string="Ship-to without location code",
        default="create",
        required=True,
        help="An 850 whose ship-to (N1*ST) carries a name and address but no store, DC or GLN "
        "code is usually a drop ship to a consumer: deliver to that address (found among the "
        "customer's delivery addresses, or added), or hold the order for a person.",
    )
    ack_855_hours = fields.Integer(string="855 due within (h)", default=24)
    ack_855_trigger = fields.Selection(
        selection=[
            ("confirm", "When the sale order is confirmed"),
            ("intake", "At intake of the 850"),
            ("never", "Never"),
        ],
        string="Send the 855",
        default="confirm",
        required=True,
        help="When the purchase order acknowledgment (855) of an EDI order is queued.",
    )
    ship_notice_856 = fields.Boolean(
        string="Send 856 ship notices",
        default=True,
        help="Queue an 856 when a delivery of one of the partner's EDI orders is validated "
        "(one per delivery: a backorder ships on its own 856).",
    )
    asn_structure = fields.Selection(
        selection=[
            ("SOPI", "Pick and pack (shipment, order, pack, item)"),
            ("SOTPI", "Pick and pack on pallets (shipment, order, tare, pack, item)"),
            ("SOI", "Standard carton (shipment, order, item)"),
        ],
        string="856 structure",
        default="SOPI",
        required=True,
        help="The HL tree of the 856: pick and pack gives each package a pack level with its "
        "SSCC-18 (MAN*GM); on pallets, each pallet is a tare level with its own SSCC-18 above "
        "the cartons on it (a carton's 'On pallet'); standard carton lists the items shipped per "
        "order, without packs.",
    )
    asn_require_bill_of_lading = fields.Boolean(
        string="856 needs a bill of lading",
        help="Block the 856 of a delivery without a bill of lading number (REF*BM) with an "
        "exception, instead of sending it without one.",
    )
    x12_ack_window_hours = fields.Integer(
        string="997 expected within (h)",
        default=24,
        help="A document we sent that has no 997 after this many hours is flagged as an "
        "exception (0: never flagged).",
    )

    @api.model
    def _find_x12_sender(self, backend, qualifier, isa_id):
        """The active profile of ``backend`` whose ISA qualifier and id sent an interchange."""
        return self.sudo().search(
            [
                ("backend_id", "=", backend.id),
                ("x12_isa_qualifier", "=", (qualifier or "").strip()),
                ("x12_isa_id", "=", (isa_id or "").strip()),
            ],
            limit=1,
        )

    def _x12_delimiters(self):
        self.ensure_one()
        return Delimiters(
            element=self.x12_element_separator or "*",
            segment=self.x12_segment_terminator or "~",
            component=self.x12_component_separator or ">",
            repetition="^" if self.x12_version == "005010" else "",
        )
