# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.addons.dist_exception_core.models.selection import APPROVAL_STATUSES
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.sale_order_promise import promise_writing

CODE = "sale_promise_delay"


class DistPromiseChangeWizard(models.TransientModel):
    """Change Promised Date: the one way a confirmed order's promise moves while the
    company's promise control is on."""

    _name = "dist.promise.change.wizard"
    _description = "Change Promised Date"

    order_id = fields.Many2one(comodel_name="sale.order", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id")
    current_date = fields.Datetime(string="Promised Now", compute="_compute_current_date")
    original_date = fields.Datetime(related="order_id.dist_original_commitment_date")
    new_date = fields.Datetime(string="New Promised Date", required=True)
    reason = fields.Text(help="Why the date moves; the customer reads it when told.")
    notify_customer = fields.Boolean(string="Tell the Customer", default=True)
    delay_days = fields.Integer(string="Delay (days)", compute="_compute_delay")
    approval_status = fields.Selection(selection=APPROVAL_STATUSES, compute="_compute_delay")

    @api.depends("order_id")
    def _compute_current_date(self):
        for wizard in self:
            wizard.current_date = wizard.order_id._dist_current_promise() if wizard.order_id else False

    @api.depends("order_id", "new_date")
    def _compute_delay(self):
        for wizard in self:
            order = wizard.order_id
            wizard.delay_days = order._dist_promise_delay(wizard.new_date) if order and wizard.new_date else 0
            guards = wizard._dist_guards()
            statuses = order._dist_guard_statuses("promise", guards) if guards else []
            wizard.approval_status = statuses[0][2] if statuses else "not_required"

    def _dist_guards(self):
        """{order id: [DistGuard]}: a later promise under the control needs the delay approved."""
        self.ensure_one()
        order = self.order_id
        if not order.company_id.dist_promise_control or self.delay_days <= 0:
            return {}
        label = self.env._("Moving the promise %s days later", self.delay_days)
        return {order.id: [DistGuard(CODE, self.delay_days, label, self.env._("Apply"))]}

    def _dist_check_input(self):
        order = self.order_id
        if order.state != "sale":
            raise UserError(self.env._("Only a confirmed order's promise is changed this way; edit the quotation."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the promised date of %s changes.", order.name))
        if order._dist_company_day(self.new_date) < order._dist_company_day(fields.Datetime.now()):
            raise UserError(self.env._("A delivery cannot be promised for a day already past."))
        if self.new_date == order.commitment_date:
            raise UserError(self.env._("%s is already promised for that date.", order.name))

    def action_apply(self):
        self.ensure_one()
        order = self.order_id
        # The wizard writes the order in the user's name: they must be allowed to edit it.
        order.check_access("write")
        self._dist_check_input()
        guards = self._dist_guards()
        request = self.env["dist.approval.request"]
        for _order, guard, status, band in order._dist_guard_statuses("promise", guards):
            if status == "required":
                return self._dist_request(guard)
            if status == "pending":
                raise UserError(order._dist_guard_message(guard, status, band))
            if status == "approved":
                request = self._dist_covering_request(guard)
        self._dist_apply(request)
        return {"type": "ir.actions.act_window_close"}

    def _dist_request(self, guard):
        """File the approval of the delay, with the reason, instead of applying the change."""
        order = self.order_id
        company = order.company_id
        text = self.env._(
            "Promise of %(order)s for %(customer)s moved from %(old)s to %(new)s: %(reason)s",
            order=order.name,
            customer=order.partner_id.display_name,
            old=company._dist_format_datetime(self.current_date),
            new=company._dist_format_datetime(self.new_date),
            reason=self.reason.strip(),
        )
        request = order._dist_request_approval(guard.code, guard.value, reason=text)
        order.message_post(
            body=self.env._(
                "%(user)s asks to move the promise to %(new)s (%(days)s days later), waiting for approval: %(reason)s",
                user=self.env.user.name,
                new=company._dist_format_datetime(self.new_date),
                days=guard.value,
                reason=self.reason.strip(),
            )
        )
        return order._dist_request_action(request)

    def _dist_covering_request(self, guard):
        order = self.order_id
        requests = (
            self.env["dist.approval.request"]
            .sudo()
            .search(
                [
                    ("res_model", "=", order._name),
                    ("res_id", "=", order.id),
                    ("rule_id.code", "=", guard.code),
                    ("state", "=", "approved"),
                ],
                order="value, id",
            )
        )
        return requests.filtered(lambda r: float_compare(r.value, guard.value, precision_digits=2) >= 0)[:1]

    def _dist_apply(self, request):
        order = self.order_id
        old_date = order._dist_current_promise()
        delay = order._dist_promise_delay(self.new_date)
        with promise_writing(order):
            order.write({"commitment_date": self.new_date})
        change = (
            self.env["dist.promise.change"]
            .sudo()
            .create(
                {
                    "order_id": order.id,
                    "old_date": old_date,
                    "new_date": self.new_date,
                    "delay_days": delay,
                    "reason": self.reason.strip(),
                    "user_id": self.env.uid,
                    "approval_request_id": request.id,
                }
            )
        )
        if request:
            order._dist_use_approvals(CODE)
        if self.notify_customer:
            change.customer_notified = change._dist_notify_customer()
        else:
            company = order.company_id
            order.message_post(
                body=self.env._(
                    "Promise moved from %(old)s to %(new)s by %(user)s, customer not told: %(reason)s",
                    old=company._dist_format_datetime(old_date),
                    new=company._dist_format_datetime(self.new_date),
                    user=self.env.user.name,
                    reason=change.reason,
                )
            )
        return change
