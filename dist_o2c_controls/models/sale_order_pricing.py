# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.addons.dist_exception_core.models.selection import APPROVAL_STATUSES
from odoo.tools import formatLang


# One file per concern of the same model, as the developers' guide asks.
class SaleOrder(models.Model):
    """Discount below the pricelist and margin below target: approvals before confirmation,
    kept after it (a price lowered on a confirmed order needs the same approval)."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    dist_discount_pct = fields.Float(
        string="Discount vs Pricelist (%)",
        compute="_compute_dist_discount",
        digits=(16, 2),
        help="Largest discount of a line below the customer's pricelist price.",
    )

    dist_discount_amount = fields.Monetary(
        string="Given Away vs Pricelist",
        compute="_compute_dist_discount",
        help="What the discounts below the pricelist cost on this order, before taxes.",
    )

    dist_discount_status = fields.Selection(
        selection=APPROVAL_STATUSES,
        string="Discount Approval",
        compute="_compute_dist_discount",
    )

    dist_margin_pct = fields.Float(
        string="Margin at Cost (%)",
        compute="_compute_dist_margin",
        digits=(16, 2),
        help="Untaxed amount less the products' cost, as a share of the untaxed amount.",
    )

    dist_margin_shortfall = fields.Float(
        string="Below Target Margin (points)",
        compute="_compute_dist_margin",
        digits=(16, 2),
        help="How many points the margin is below the company's minimum margin.",
    )

    @api.depends("order_line.dist_effective_discount", "order_line.dist_list_price", "order_line.product_uom_qty")
    def _compute_dist_discount(self):
        for order in self:
            lines = order.order_line.filtered(lambda line: not line.display_type)
            order.dist_discount_pct = max(lines.mapped("dist_effective_discount"), default=0.0)
            order.dist_discount_amount = sum(
                (line.dist_list_price * line.product_uom_qty - line.price_subtotal)
                for line in lines
                if line.dist_effective_discount
            )
        controlled = self.filtered(lambda o: o.company_id.dist_discount_control and o.id and o.dist_discount_pct)
        statuses = controlled._dist_approval_statuses(
            "sale_discount", {order.id: order.dist_discount_pct for order in controlled}
        )
        for order in self:
            order.dist_discount_status = statuses[order.id][0] if order in controlled else "not_required"

    @api.depends("order_line.price_subtotal", "order_line.product_uom_qty", "order_line.product_id")
    def _compute_dist_margin(self):
        for order in self:
            lines = order.order_line.filtered(lambda line: not line.display_type and line.product_id)
            revenue = sum(lines.mapped("price_subtotal"))
            cost = sum(line.product_id.standard_price * line.product_uom_qty for line in lines)
            order.dist_margin_pct = (revenue - cost) / revenue * 100 if revenue else 0.0
            target = order.company_id.dist_min_margin
            order.dist_margin_shortfall = max(target - order.dist_margin_pct, 0.0) if target and lines else 0.0

    def _dist_guards(self, action):
        guards = super()._dist_guards(action)
        # "reprice": a confirmed order's prices change and must stay within their approvals.
        if action not in ("confirm", "reprice"):
            return guards
        for order in self:
            company = order.company_id
            if company.dist_discount_control and order.dist_discount_pct:
                guards.setdefault(order.id, []).append(
                    DistGuard(
                        "sale_discount",
                        order.dist_discount_pct,
                        self.env._("A price %s %% below the pricelist", formatLang(self.env, order.dist_discount_pct)),
                        self.env._("Request Discount Approval"),
                    )
                )
            if order.dist_margin_shortfall > 0:
                guards.setdefault(order.id, []).append(
                    DistGuard(
                        "sale_margin",
                        order.dist_margin_shortfall,
                        self.env._(
                            "A margin of %(margin)s %% (target %(target)s %%)",
                            margin=formatLang(self.env, order.dist_margin_pct),
                            target=formatLang(self.env, company.dist_min_margin),
                        ),
                        self.env._("Request Margin Approval"),
                    )
                )
        return guards

    def _dist_check_confirmed_prices(self):
        """A confirmed order keeps within its approvals: a price lowered, a discount raised or
        a line added afterwards needs the same approval as before confirmation."""
        self.filtered(lambda o: o.state == "sale")._dist_check_guards("reprice")

    def action_dist_request_discount_approval(self):
        self.ensure_one()
        currency = self.currency_id
        reason = self.env._(
            "%(pct)s %% below the pricelist on %(order)s (%(customer)s): %(amount)s given away on %(total)s. "
            "Margin at cost: %(margin)s (%(margin_pct)s %%).",
            pct=formatLang(self.env, self.dist_discount_pct),
            order=self.name,
            customer=self.partner_id.display_name,
            amount=formatLang(self.env, self.dist_discount_amount, currency_obj=currency),
            total=formatLang(self.env, self.amount_untaxed, currency_obj=currency),
            margin=formatLang(self.env, self.amount_untaxed * self.dist_margin_pct / 100, currency_obj=currency),
            margin_pct=formatLang(self.env, self.dist_margin_pct),
        )
        request = self._dist_request_approval("sale_discount", self.dist_discount_pct, reason=reason)
        return self._dist_request_action(request)

    def action_dist_request_margin_approval(self):
        self.ensure_one()
        reason = self.env._(
            "%(order)s (%(customer)s) sells at %(margin)s %% margin at cost, %(short)s points below the %(target)s %% "
            "target.",
            order=self.name,
            customer=self.partner_id.display_name,
            margin=formatLang(self.env, self.dist_margin_pct),
            short=formatLang(self.env, self.dist_margin_shortfall),
            target=formatLang(self.env, self.company_id.dist_min_margin),
        )
        request = self._dist_request_approval("sale_margin", self.dist_margin_shortfall, reason=reason)
        return self._dist_request_action(request)

    def _dist_exception_values_sale_discount_approval(self, _exception_type):
        return {
            order.id: {
                "description": self.env._("%s %% below the pricelist.", formatLang(self.env, order.dist_discount_pct))
            }
            for order in self
        }

    @api.model
    def _dist_detect_sale_discount_approval(self, _exception_type):
        """Quotations whose discount below the pricelist needs, or waits for, approval."""
        quotations = self.search([("state", "in", ("draft", "sent")), ("company_id.dist_discount_control", "=", True)])
        return quotations.filtered(lambda o: o.dist_discount_status in ("required", "pending"))
