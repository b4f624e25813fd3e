# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import UserError

# Odoo's create writes the scheduled date of a new picking once its moves exist: its own flow.
_CREATING = ContextVar("dist_creating_pickings", default=False)


# One file per concern of the same model, as the developers' guide asks.
class StockPicking(models.Model):
    """A delivery rescheduled past the order's promise moves the promise: that is the Change
    Promised Date wizard's to do, not a delivery's date field."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        token = _CREATING.set(True)
        try:
            return super().create(vals_list)
        finally:
            _CREATING.reset(token)

    def write(self, vals):
        if vals.get("scheduled_date") and not self.env.su and not _CREATING.get():
            self._dist_check_promise_reschedule(fields.Datetime.to_datetime(vals["scheduled_date"]))
        return super().write(vals)

    def _dist_check_promise_reschedule(self, new_date):
        for picking in self:
            # The promise holds whoever reschedules, whether or not they may read the order.
            order = picking.sudo().sale_id
            if (
                picking.picking_type_code != "outgoing"
                or picking.state in ("done", "cancel")
                or order.state != "sale"
                or not order.company_id.dist_promise_control
            ):
                continue
            promise = order._dist_current_promise()
            if promise and new_date > promise and new_date != picking.scheduled_date:
                raise UserError(
                    self.env._(
                        "%(picking)s would ship after the delivery date promised on %(order)s (%(promise)s): "
                        "change the promise first with Change Promised Date on the order, then reschedule it.",
                        picking=picking.name,
                        order=order.name,
                        promise=order.company_id._dist_format_datetime(promise),
                    )
                )
