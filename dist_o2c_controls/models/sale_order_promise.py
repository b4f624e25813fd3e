# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from contextvars import ContextVar

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

# Ids of the orders whose promised date the Change Promised Date wizard is writing right now.
# It lives in the server's own execution context for the span of the wizard's method: no
# request argument or context key sent over RPC can set it.
_PROMISE_WRITES = ContextVar("dist_promise_writes", default=frozenset())


@contextmanager
def promise_writing(orders):
    """Let ``orders``' promised date be written inside this block (the wizard's apply only)."""
    token = _PROMISE_WRITES.set(_PROMISE_WRITES.get() | frozenset(orders.ids))
    try:
        yield
    finally:
        _PROMISE_WRITES.reset(token)


# One file per concern of the same model, as the developers' guide asks.
class SaleOrder(models.Model):
    """The date promised to the customer on a confirmed order: changed through the Change
    Promised Date wizard only while the company's promise control is on, each change logged,
    and the first promise kept for OTIF."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    dist_original_commitment_date = fields.Datetime(
        string="Original Promise",
        readonly=True,
        copy=False,
        help="The delivery date promised to the customer at confirmation: the delivery date then set, "
        "else the expected date. Later changes of the promise never change it; on-time delivery is "
        "measured against it.",
    )
    dist_promise_control = fields.Boolean(related="company_id.dist_promise_control")
    dist_promise_change_ids = fields.One2many(
        comodel_name="dist.promise.change", inverse_name="order_id", string="Promise Changes", readonly=True
    )
    dist_promise_change_count = fields.Integer(
        string="Promise Change Count", compute="_compute_dist_promise_change_count"
    )

    @api.depends("dist_promise_change_ids")
    def _compute_dist_promise_change_count(self):
        counts = dict(
            self.env["dist.promise.change"]._read_group(
                [("order_id", "in", self.ids)], groupby=["order_id"], aggregates=["__count"]
            )
        )
        for order in self:
            order.dist_promise_change_count = counts.get(order, 0)

    @api.depends("company_id.dist_promise_control")
    def _compute_dist_controls_active(self):
        result = super()._compute_dist_controls_active()
        for order in self:
            order.dist_controls_active |= (order.company_id or self.env.company).dist_promise_control
        return result

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("dist_original_commitment_date") for vals in vals_list):
            raise UserError(self.env._("The original promise is set at confirmation only."))
        orders = super().create(vals_list)
        orders.filtered(lambda o: o.state == "sale")._dist_keep_original_promise()
        return orders

    def write(self, vals):
        if not self.env.su:
            if "dist_original_commitment_date" in vals:
                raise UserError(self.env._("The original promise is set at confirmation only."))
            if "commitment_date" in vals:
                self._dist_check_promise_write(vals["commitment_date"])
        result = super().write(vals)
        if vals.get("state") == "sale":
            self._dist_keep_original_promise()
        return result

    def _dist_check_promise_write(self, value):
        """A confirmed order's promised date changes through the wizard only, under the control."""
        new = fields.Datetime.to_datetime(value) or False
        allowed = _PROMISE_WRITES.get()
        for order in self:
            if (
                order.state == "sale"
                and order.company_id.dist_promise_control
                and order.id not in allowed
                and order.commitment_date != new
            ):
                raise UserError(
                    self.env._(
                        "%(order)s is confirmed: its promised delivery date changes with Change Promised Date, "
                        "with a reason, the customer told and, beyond the threshold, an approval.",
                        order=order.name,
                    )
                )

    def _dist_keep_original_promise(self):
        """Set the original promise of confirmed orders that have none yet: it is never rewritten."""
        for order in self.filtered(lambda o: o.state == "sale" and not o.dist_original_commitment_date):
            promise = order.commitment_date or order.expected_date
            if promise:
                order.sudo().dist_original_commitment_date = promise

    def _dist_current_promise(self):
        """What the customer is promised now: the delivery date, else the expected date."""
        self.ensure_one()
        return self.commitment_date or self.expected_date

    def _dist_promise_delay(self, new_date):
        """Whole calendar days, in the company's time zone, ``new_date`` is later than the current
        promise (negative: earlier)."""
        self.ensure_one()
        current = self._dist_current_promise()
        if not current or not new_date:
            return 0
        return (self._dist_company_day(new_date) - self._dist_company_day(current)).days

    def _dist_company_day(self, value):
        """The calendar day ``value`` (UTC) falls on in the company's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.partner_id.tz or self.env.user.tz or "UTC")
        return pytz.utc.localize(value).astimezone(tz).date()

    def action_dist_change_promise(self):
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Only a confirmed order's promise is changed this way; edit the quotation."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Promised Date"),
            "res_model": "dist.promise.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.id,
                "default_new_date": fields.Datetime.to_string(self._dist_current_promise()),
            },
        }

    def action_dist_view_promise_changes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_o2c_controls.dist_promise_change_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {}
        return action
