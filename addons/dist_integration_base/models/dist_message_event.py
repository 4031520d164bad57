# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from .dist_message import STATE_SELECTION

# Rows of the audit trail cannot be changed or removed, not even in SQL: a trigger refuses UPDATE
# and DELETE. A database administrator purging a test database sets
# `SET LOCAL dist.allow_event_purge = 'on'` in the same transaction first.
IMMUTABLE_TRIGGER = """
CREATE OR REPLACE FUNCTION dist_message_event_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('dist.allow_event_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'dist.message.event rows are immutable (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS dist_message_event_immutable ON dist_message_event;
CREATE TRIGGER dist_message_event_immutable BEFORE UPDATE OR DELETE ON dist_message_event
    FOR EACH ROW EXECUTE FUNCTION dist_message_event_immutable();
"""


class DistMessageEvent(models.Model):
    """One state change of a message: the immutable audit trail (who/what/when/why)."""

    _name = "dist.message.event"
    _description = "Integration Message Event"
    _order = "id desc"
    _log_access = False

    message_id = fields.Many2one(
        comodel_name="dist.message", required=True, index=True, ondelete="restrict", readonly=True
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    from_state = fields.Selection(selection=STATE_SELECTION, readonly=True)
    to_state = fields.Selection(selection=STATE_SELECTION, required=True, readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", readonly=True, ondelete="restrict")
    job_uuid = fields.Char(readonly=True, help="queue_job that made the change, if any.")
    reason = fields.Char(readonly=True)
    error_class = fields.Selection(
        selection=[("transient", "Transient"), ("permanent", "Permanent")], readonly=True
    )
    error_category = fields.Char(readonly=True)
    error_message = fields.Text(readonly=True)
    # Copied at creation, not a stored related field: a recompute would UPDATE an immutable row.
    company_id = fields.Many2one(comodel_name="res.company", readonly=True, index=True)

    def init(self):
        self.env.cr.execute(IMMUTABLE_TRIGGER)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("dist_event_from_state_machine"):
            raise AccessError(
                self.env._("Audit events are written by the message state machine only.")
            )
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(self.env._("Audit events cannot be modified."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("Audit events cannot be deleted."))
