# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.addons.dist_exception_core.models.selection import APPROVAL_STATUSES
from odoo.tools import float_round, formatLang


# One file per concern of the same model, as the developers' guide asks.
class SaleOrder(models.Model):
    """Discount below the reference pricelist and margin below target: approvals before
    confirmation, kept after it (a price lowered on a confirmed order needs the same approval).

    The reference is not the quotation's pricelist: choosing a cheaper one lowers the prices
    below the reference, and that difference is discount like any other."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    dist_reference_pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        string="Reference Pricelist",
        compute="_compute_dist_reference_pricelist",
        # Stored when the customer is set, as Odoo sets the quotation's own pricelist: confirming
        # does not look the customer's pricelist up again.
        store=True,
        help="What discounts are measured against, whatever pricelist the quotation uses: the "
        "customer's own pricelist in the order's company or, without one, the company's base pricelist.",
    )

    dist_discount_pct = fields.Float(
        string="Discount vs Reference (%)",
        compute="_compute_dist_discount",
        digits=(16, 2),
        help="What the order gives away below the reference pricelist, as a share of its total at "
        "reference prices. Another pricelist, a lower price, a line discount and a negative line all count.",
    )

    dist_discount_amount = fields.Monetary(
        string="Given Away vs Reference",
        compute="_compute_dist_discount",
        help="What the order gives away below the reference pricelist, in the order's currency.",
    )

    # Apart from the figures: a guard reads the discount and looks its approval up itself.
    dist_discount_status = fields.Selection(
        selection=APPROVAL_STATUSES,
        string="Discount Approval",
        compute="_compute_dist_discount_status",
    )

    dist_margin_pct = fields.Float(
        string="Margin at Cost (%)",
        compute="_compute_dist_margin",
        digits=(16, 2),
        help="Odoo's margin (Sales margin module): untaxed amount less the lines' cost, as a share of "
        "the untaxed amount.",
    )

    dist_controls_active = fields.Boolean(
        compute="_compute_dist_controls_active",
        help="The order's company runs at least one order control: the form shows the Controls block.",
    )

    dist_margin_shortfall = fields.Float(
        string="Below Target Margin (points)",
        compute="_compute_dist_margin",
        digits=(16, 2),
        help="How many points the margin is below the company's minimum margin.",
    )

    @api.depends(
        "company_id.dist_discount_control",
        "company_id.dist_min_margin",
        "company_id.dist_rush_control",
        "company_id.dist_credit_control",
    )
    def _compute_dist_controls_active(self):
        for order in self:
            company = order.company_id or self.env.company
            order.dist_controls_active = bool(
                company.dist_discount_control
                or company.dist_min_margin
                or company.dist_rush_control
                or company.dist_credit_control
            )

    @api.depends("partner_id", "company_id")
    def _compute_dist_reference_pricelist(self):
        for order in self:
            company = order.company_id or self.env.company
            partner = order.partner_id.commercial_partner_id.sudo().with_company(company)
            order.dist_reference_pricelist_id = partner.property_product_pricelist or order._dist_base_pricelist()

    def _dist_base_pricelist(self):
        """The company's base pricelist: its first active pricelist in its currency, as Odoo's
        default (empty: the products' sales prices)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return (
            self.env["product.pricelist"]
            .sudo()
            .search(
                [("company_id", "in", (company.id, False)), ("currency_id", "=", company.currency_id.id)],
                limit=1,
            )
        )

    @api.depends(
        "order_line.dist_list_price",
        "order_line.price_unit",
        "order_line.discount",
        "order_line.product_uom_qty",
        "order_line.display_type",
        "company_id.dist_discount_control",
    )
    def _compute_dist_discount(self):
        figures = self._dist_discount_figures()
        for order in self:
            reference_total, given = figures[order.id]
            # Nothing sold at reference prices: what a negative line gives away is all of it.
            pct = (given / reference_total if reference_total > 0 else float(given > 0)) * 100
            order.dist_discount_pct = float_round(pct, precision_digits=2)
            order.dist_discount_amount = order.currency_id.round(given) if order.currency_id else given

    @api.depends("dist_discount_pct", "company_id.dist_discount_control")
    def _compute_dist_discount_status(self):
        controlled = self.filtered(lambda o: o.company_id.dist_discount_control and o.id and o.dist_discount_pct)
        statuses = controlled._dist_approval_statuses(
            "sale_discount", {order.id: order.dist_discount_pct for order in controlled}
        )
        for order in self:
            order.dist_discount_status = statuses[order.id][0] if order in controlled else "not_required"

    def _dist_discount_figures(self):
        """{order id: (total at reference prices, given away below them)}, in each order's
        currency, from the reference prices of all the orders' lines at once.

        Each line gives away what its net amount is below its amount at the reference price;
        a line at or above the reference gives nothing and offsets nothing elsewhere. A
        negative line (a "discount" product, a negative quantity) counts in full, as its
        reference amount is taken as zero at most."""
        figures = {order.id: [0.0, 0.0] for order in self}
        for line, price in self.order_line._dist_priced_lines()._dist_reference_prices().items():
            reference = max(price * line.product_uom_qty, 0.0)
            net = line._dist_net_price() * line.product_uom_qty
            order_figures = figures[line.order_id.id]
            order_figures[0] += reference
            order_figures[1] += max(reference - net, 0.0)
        return figures

    @api.depends("margin_percent", "order_line.product_id", "company_id.dist_min_margin")
    def _compute_dist_margin(self):
        for order in self:
            # One figure: Odoo's margin (sale_margin: each line's purchase_price, in the order's
            # currency and the line's unit), as a percentage.
            order.dist_margin_pct = order.margin_percent * 100
            target = order.company_id.dist_min_margin
            has_products = any(line.product_id and not line.display_type for line in order.order_line)
            order.dist_margin_shortfall = max(target - order.dist_margin_pct, 0.0) if target and has_products else 0.0

    def _dist_guards(self, action):
        guards = super()._dist_guards(action)
        # "reprice": a confirmed order's prices change and must stay within their approvals.
        if action not in ("confirm", "reprice"):
            return guards
        for order in self:
            if order.company_id.dist_discount_control and order.dist_discount_pct:
                guards.setdefault(order.id, []).append(
                    DistGuard(
                        "sale_discount",
                        order.dist_discount_pct,
                        order._dist_discount_guard_label,
                        self.env._("Request Discount Approval"),
                    )
                )
            if order.dist_margin_shortfall > 0:
                guards.setdefault(order.id, []).append(
                    DistGuard(
                        "sale_margin",
                        order.dist_margin_shortfall,
                        order._dist_margin_guard_label,
                        self.env._("Request Margin Approval"),
                    )
                )
        return guards

    def _dist_discount_guard_label(self):
        self.ensure_one()
        pct = formatLang(self.env, self.dist_discount_pct)
        if not self.dist_reference_pricelist_id:
            # No pricelist in the company: the products' sales prices are the reference.
            return self.env._("A discount of %s %% below the sales prices", pct)
        return self.env._(
            "A discount of %(pct)s %% below the reference pricelist %(pricelist)s",
            pct=pct,
            pricelist=self.dist_reference_pricelist_id.sudo().display_name,
        )

    def _dist_margin_guard_label(self):
        self.ensure_one()
        return self.env._(
            "A margin of %(margin)s %% (target %(target)s %%)",
            margin=formatLang(self.env, self.dist_margin_pct),
            target=formatLang(self.env, self.company_id.dist_min_margin),
        )

    def _dist_check_confirmed_prices(self):
        """A confirmed order keeps within its approvals: a price lowered, a discount raised or
        a line added afterwards needs the same approval as before confirmation."""
        self.filtered(lambda o: o.state == "sale")._dist_check_guards("reprice")

    def action_dist_request_discount_approval(self):
        self.ensure_one()
        currency = self.currency_id
        reason = self.env._(
            "%(pct)s %% below the reference pricelist %(pricelist)s on %(order)s (%(customer)s): %(amount)s "
            "given away on %(total)s. "
            "Margin at cost: %(margin)s (%(margin_pct)s %%).",
            pct=formatLang(self.env, self.dist_discount_pct),
            pricelist=self.dist_reference_pricelist_id.sudo().display_name or "",
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
                "description": self.env._(
                    "%s %% below the reference pricelist.", formatLang(self.env, order.dist_discount_pct)
                )
            }
            for order in self
        }

    @api.model
    def _dist_detect_sale_discount_approval(self, _exception_type):
        """Quotations whose discount below the pricelist needs, or waits for, approval."""
        quotations = self.search([("state", "in", ("draft", "sent")), ("company_id.dist_discount_control", "=", True)])
        return quotations.filtered(lambda o: o.dist_discount_status in ("required", "pending"))
