# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.tools import formatLang


# One file per concern of the same model, as the developers' guide asks.
class SaleOrder(models.Model):
    """Rush orders (approval, feasibility) and confirmed orders whose promised date is at risk."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    dist_rush = fields.Boolean(
        string="Rush Order",
        copy=False,
        tracking=True,
        help="The customer needs it faster than the standard lead time: needs approval.",
    )

    dist_rush_days_short = fields.Integer(
        string="Days Short of Lead Time",
        compute="_compute_dist_rush",
        help="How many days earlier than the standard lead time allows the delivery is promised.",
    )

    dist_is_rush = fields.Boolean(string="Is Rush", compute="_compute_dist_rush")

    dist_rush_unservable = fields.Boolean(
        string="Rush Not Servable",
        compute="_compute_dist_rush_unservable",
        help="A confirmed rush order that stock on hand and inbound receipts cannot serve by the promised "
        "date: its exception is open.",
    )

    @api.depends("dist_rush", "commitment_date", "expected_date")
    def _compute_dist_rush(self):
        for order in self:
            short = 0
            if order.commitment_date and order.expected_date and order.commitment_date < order.expected_date:
                # Whole calendar days: the expected date moves with the clock, the measure must not.
                short = (order.expected_date.date() - order.commitment_date.date()).days
            order.dist_rush_days_short = short
            order.dist_is_rush = bool(order.dist_rush or short)

    def _compute_dist_rush_unservable(self):
        # The exception is the record of it, whoever reads the order.
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_rush_unfulfillable")
        open_ids = set(
            self.env["dist.exception"]
            .sudo()
            .search(
                [
                    ("type_id", "=", exc_type.id),
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("state", "in", OPEN_STATES),
                ]
            )
            .mapped("res_id")
        )
        for order in self:
            order.dist_rush_unservable = order.id in open_ids

    def _dist_rush_value(self):
        """The measure of the 'sale_rush' threshold: days short of the lead time, at least 1 for a rush."""
        self.ensure_one()
        return max(self.dist_rush_days_short, 1) if self.dist_is_rush else 0

    def _dist_guards(self, action):
        guards = super()._dist_guards(action)
        if action != "confirm":
            return guards
        for order in self.filtered(lambda o: o.company_id.dist_rush_control and o.dist_is_rush):
            guards.setdefault(order.id, []).append(
                DistGuard(
                    "sale_rush",
                    order._dist_rush_value(),
                    order._dist_rush_guard_label,
                    self.env._("Request Rush Approval"),
                )
            )
        return guards

    def _dist_rush_guard_label(self):
        self.ensure_one()
        return self.env._("A rush, %s days short of the standard lead time,", self._dist_rush_value())

    def action_confirm(self):
        result = super().action_confirm()
        self.filtered(
            lambda o: o.state == "sale" and o.company_id.dist_rush_control and o.dist_is_rush
        )._dist_check_rush_feasible()
        return result

    def action_dist_request_rush_approval(self):
        self.ensure_one()
        reason = self.env._(
            "%(order)s for %(customer)s promised on %(date)s, %(days)s days short of the standard lead time.",
            order=self.name,
            customer=self.partner_id.display_name,
            date=self.company_id._dist_format_datetime(self.commitment_date) or "-",
            days=self._dist_rush_value(),
        )
        request = self._dist_request_approval("sale_rush", self._dist_rush_value(), reason=reason)
        return self._dist_request_action(request)

    def _dist_rush_short_orders(self):
        """The rush orders that stock on hand plus inbound receipts cannot serve by the promised date."""
        short = self.browse()
        for order in self:
            date = order.commitment_date or order.expected_date
            products = order.order_line.product_id.filtered("is_storable").with_context(
                warehouse_id=order.warehouse_id.id, to_date=date
            )
            # The order's own moves are in the forecast: below zero means it cannot be served.
            if any(product.virtual_available < 0 for product in products):
                short |= order
        return short

    def _dist_check_rush_feasible(self):
        short = self._dist_rush_short_orders()
        if short:
            exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_rush_unfulfillable")
            self.env["dist.exception"].sudo()._dist_raise(exc_type, short)
        return short

    @api.model
    def _dist_detect_rush_unfulfillable(self, _exception_type):
        """Confirmed rush orders, not fully delivered, that stock and inbound cannot serve in time."""
        orders = self.search(
            [
                ("state", "=", "sale"),
                ("delivery_status", "in", ("pending", "started", False)),
                ("company_id.dist_rush_control", "=", True),
            ]
        )
        return orders.filtered("dist_is_rush")._dist_rush_short_orders()

    def _dist_exception_values_order_at_risk(self, _exception_type):
        risks = self._dist_order_risks()
        return {order.id: {"description": "<br/>".join(risks.get(order.id, []))} for order in self}

    def _dist_order_risks(self):
        """Return {order id: [reasons]} for the confirmed orders whose promised date is
        threatened: a line waiting for stock with no receipt due before that date, a
        receipt due too late, or a customer with invoices overdue beyond the grace period.

        Four queries whatever the number of orders.
        """
        now = fields.Datetime.now()
        moves = self.env["stock.move"].search(
            [
                ("sale_line_id.order_id", "in", self.ids),
                ("picking_code", "=", "outgoing"),
                ("state", "in", ("confirmed", "waiting", "partially_available")),
            ]
        )
        inbound = {}
        for product, first_date, qty in self.env["stock.move"]._read_group(
            [
                ("product_id", "in", moves.product_id.ids),
                ("picking_code", "=", "incoming"),
                ("state", "not in", ("done", "cancel", "draft")),
            ],
            groupby=["product_id"],
            aggregates=["date:min", "product_qty:sum"],
        ):
            inbound[product] = (first_date, qty)
        risks = {}
        for move in moves:
            order = move.sale_line_id.order_id
            promised = order.commitment_date or move.date_deadline or move.date
            missing = move.product_qty - move.quantity
            first_date, qty = inbound.get(move.product_id, (None, 0.0))
            if not first_date or qty < missing:
                reason = self.env._(
                    "%(product)s: %(qty)s missing and no receipt planned to cover it before %(date)s.",
                    product=move.product_id.display_name,
                    qty=formatLang(self.env, missing),
                    date=order.company_id._dist_format_datetime(promised),
                )
            elif first_date > promised:
                reason = self.env._(
                    "%(product)s: next receipt on %(eta)s, after the promised %(date)s.",
                    product=move.product_id.display_name,
                    eta=order.company_id._dist_format_datetime(first_date),
                    date=order.company_id._dist_format_datetime(promised),
                )
            elif promised < now:
                reason = self.env._(
                    "%(product)s: promised %(date)s and still not shipped.",
                    product=move.product_id.display_name,
                    date=order.company_id._dist_format_datetime(promised),
                )
            else:
                continue
            risks.setdefault(order.id, []).append(reason)
        open_orders = self.filtered(lambda o: o.state == "sale" and o.delivery_status != "full")
        for order_id, figures in open_orders.sudo()._dist_credit_exposure().items():
            if figures["overdue"] > 0:
                order = self.browse(order_id)
                risks.setdefault(order_id, []).append(
                    self.env._(
                        "Customer credit: %(amount)s overdue beyond %(days)s days.",
                        amount=formatLang(self.env, figures["overdue"], currency_obj=order.company_id.currency_id),
                        days=order.company_id.dist_credit_grace_days,
                    )
                )
        return risks

    @api.model
    def _dist_detect_order_at_risk(self, _exception_type):
        """Confirmed orders not fully delivered whose promised date is threatened."""
        orders = self.search([("state", "=", "sale"), ("delivery_status", "in", ("pending", "started", False))])
        return self.browse(list(orders._dist_order_risks()))
