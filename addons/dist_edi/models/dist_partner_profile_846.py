# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The 846 inventory advice feed of a trading partner: settings, schedule and snapshot.

A feed run takes a snapshot of Odoo's forecast (``virtual_available`` with the ``warehouse_id``
context, Odoo's *Forecasted* quantity per warehouse) of every product the partner has an item
cross-reference for, in every warehouse the feed covers, and queues one ``x12.846.out`` message
holding it (idempotency key ``846:<profile id>:<UTC time of the snapshot>``). The 846 is then
written from the snapshot, never from the stock of the moment the job runs: what the partner was
told stays on the message, and a regeneration sends the same quantities.
"""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


class DistPartnerProfile(models.Model):
    _inherit = "dist.partner.profile"

    inventory_846 = fields.Boolean(
        string="Send 846 inventory advice",
        help="Send the partner, on a schedule, the quantities available of the items it buys "
        "(the products of its item cross-references), per warehouse.",
    )
    inventory_846_warehouse_ids = fields.Many2many(
        comodel_name="stock.warehouse",
        relation="dist_partner_profile_846_warehouse_rel",
        column1="profile_id",
        column2="warehouse_id",
        string="846 warehouses",
        help="The warehouses the 846 reports, each in its own N1*WH loop; empty: every "
        "warehouse of the company.",
    )
    inventory_846_buffer_qty = fields.Float(
        string="846 safety buffer (units)",
        digits="Product Unit of Measure",
        help="Withheld from the forecast of each product in each warehouse, in the product's "
        "unit of measure, before the quantity is advertised.",
    )
    inventory_846_buffer_percent = fields.Float(
        string="846 safety buffer (%)",
        help="Also withheld: this percentage of each positive forecast (added to the units).",
    )
    inventory_846_interval_hours = fields.Integer(
        string="846 every (h)", default=24, help="Hours between two scheduled feeds."
    )
    inventory_846_next_run = fields.Datetime(
        string="Next 846",
        help="When the scheduled action next sends the feed (empty: at its next pass).",
    )

    @api.constrains(
        "inventory_846_buffer_qty", "inventory_846_buffer_percent", "inventory_846_interval_hours"
    )
    def _check_inventory_846_settings(self):
        for profile in self:
            if profile.inventory_846_buffer_qty < 0:
                raise ValidationError(self.env._("The 846 safety buffer cannot be negative."))
            if not 0 <= profile.inventory_846_buffer_percent <= 100:
                raise ValidationError(self.env._("The 846 buffer percentage is 0 to 100."))
            if profile.inventory_846_interval_hours < 1:
                raise ValidationError(self.env._("The 846 interval is at least one hour."))

    @api.constrains("inventory_846_warehouse_ids", "backend_id")
    def _check_inventory_846_warehouses(self):
        for profile in self:
            foreign = profile.inventory_846_warehouse_ids.filtered(
                lambda w, p=profile: w.company_id != p.company_id
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "The 846 of %(profile)s can only report warehouses of %(company)s, not "
                        "%(warehouses)s.",
                        profile=profile.display_name,
                        company=profile.company_id.name,
                        warehouses=", ".join(foreign.mapped("name")),
                    )
                )

    def action_send_846_now(self):
        """The *Send 846 now* button: queue a feed with the stock of this moment (the schedule
        is left as it is)."""
        for profile in self:
            if not profile.inventory_846:
                raise UserError(
                    self.env._("The 846 feed of %s is not enabled.", profile.display_name)
                )
            if not profile._x12_846_queue():
                raise UserError(
                    self.env._(
                        "%s has no item cross-reference of a storable product: there is nothing "
                        "to advise.",
                        profile.display_name,
                    )
                )
        return True

    @api.model
    def _cron_x12_846_send_due(self):
        """Scheduled action: queue the feed of every enabled profile whose next run is due and
        move that next run on by whole intervals (missed runs are not sent twice). Returns the
        messages queued."""
        now = fields.Datetime.now()
        profiles = self.sudo().search(
            [
                ("inventory_846", "=", True),
                "|",
                ("inventory_846_next_run", "=", False),
                ("inventory_846_next_run", "<=", now),
            ]
        )
        messages = self.env["dist.message"]
        for profile in profiles:
            # One partner's broken feed must not hold back the others' (nor run again at once).
            try:
                with self.env.cr.savepoint():
                    messages |= profile._x12_846_queue(now)
            except Exception:
                _logger.exception("846 of %s could not be queued", profile.display_name)
            profile.inventory_846_next_run = profile._x12_846_following_run(now)
        return messages

    def _x12_846_following_run(self, now):
        """The first scheduled time after ``now``: the last planned one plus whole intervals."""
        step = timedelta(hours=max(self.inventory_846_interval_hours, 1))
        planned = self.inventory_846_next_run or now
        missed = int((now - planned) / step) + 1 if planned <= now else 0
        return planned + missed * step

    # ----------------------------------------------------------------------------- snapshot

    def _x12_846_queue(self, now=None):
        """Queue one ``x12.846.out`` holding a snapshot taken now; the message (empty when the
        partner has no item to advise)."""
        self.ensure_one()
        taken = now or fields.Datetime.now()
        snapshot = self._x12_846_snapshot(taken)
        if not snapshot["products"]:
            _logger.info("846 of %s: no storable product cross-referenced", self.display_name)
            return self.env["dist.message"]
        messages = self.env["dist.message"].sudo()
        key = f"846:{self.id}:{taken:%Y%m%dT%H%M%SZ}"
        message = messages._create_outbound(
            self.backend_id, "x12.846.out", self, idempotency_key=key, enqueue=False
        )
        if not message.x12_846_snapshot:  # new: a second click in the same second reuses it
            message.write({"x12_846_snapshot": snapshot})
            message._delay_process(new=True)
        return message

    def _x12_846_products(self):
        """The storable, active products the partner has an item cross-reference for."""
        rows = self.sudo().xref_product_ids.filtered("active")
        return rows.product_id.filtered(
            lambda p: (
                p.active
                and p.is_storable
                and p.company_id in (self.company_id, self.env["res.company"])
            )
        )

    def _x12_846_warehouses(self):
        return self.sudo().inventory_846_warehouse_ids or self.env["stock.warehouse"].sudo().search(
            [("company_id", "=", self.company_id.id)], order="sequence, id"
        )

    def _x12_846_snapshot(self, taken):
        """What the 846 will say, as JSON: the forecast per warehouse and product (in the
        product's unit of measure) and the buffer, at ``taken`` (UTC)."""
        products = self._x12_846_products().with_company(self.company_id)
        warehouses = []
        for warehouse in self._x12_846_warehouses():
            qualifier, code = warehouse._dist_edi_location()
            scoped = products.with_context(warehouse_id=warehouse.id)
            warehouses.append(
                {
                    "id": warehouse.id,
                    "name": warehouse.name,
                    "qualifier": qualifier,
                    "code": code,
                    "forecast": {str(p.id): p.virtual_available for p in scoped},
                }
            )
        return {
            "taken_at": fields.Datetime.to_string(taken),
            "buffer_qty": self.inventory_846_buffer_qty,
            "buffer_percent": self.inventory_846_buffer_percent,
            "products": products.ids,
            "warehouses": warehouses,
        }
