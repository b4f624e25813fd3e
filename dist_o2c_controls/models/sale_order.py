# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, formatLang

GROUP_FINANCE = "dist_exception_core.dist_exception_core_group_finance"
GROUP_USER = "dist_exception_core.dist_exception_core_group_user"
# Set by the credit control and the finance release only (through sudo).
CREDIT_FIELDS = {
    "dist_credit_hold",
    "dist_credit_hold_reason",
    "dist_credit_hold_date",
    "dist_credit_released_by_id",
    "dist_credit_release_reason",
    "dist_credit_released_amount",
}


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "dist.exception.mixin", "dist.approval.mixin"]

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
        selection=[
            ("not_required", "Within limits"),
            ("required", "Approval required"),
            ("pending", "Waiting for approval"),
            ("approved", "Approved"),
        ],
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
    dist_dispute_ids = fields.One2many(
        comodel_name="dist.dispute", inverse_name="order_id", string="Disputes", groups=GROUP_USER
    )
    dist_substitution_ids = fields.One2many(
        comodel_name="dist.sale.substitution", inverse_name="order_id", string="Substitutions", groups=GROUP_USER
    )
    dist_credit_hold = fields.Boolean(
        string="Credit Hold",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    dist_credit_hold_reason = fields.Text(string="Credit Hold Reason", readonly=True, copy=False)
    dist_credit_hold_date = fields.Datetime(readonly=True, copy=False)
    dist_credit_released_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit Released By",
        readonly=True,
        copy=False,
    )
    dist_credit_release_reason = fields.Text(readonly=True, copy=False)
    dist_credit_released_amount = fields.Monetary(
        readonly=True,
        copy=False,
        help="Exposure the finance release covered; a larger order needs a new release.",
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

    @api.depends("dist_rush", "commitment_date", "expected_date")
    def _compute_dist_rush(self):
        for order in self:
            short = 0
            if order.commitment_date and order.expected_date and order.commitment_date < order.expected_date:
                # Whole calendar days: the expected date moves with the clock, the measure must not.
                short = (order.expected_date.date() - order.commitment_date.date()).days
            order.dist_rush_days_short = short
            order.dist_is_rush = bool(order.dist_rush or short)

    def _dist_rush_value(self):
        """The measure of the 'sale_rush' threshold: days short of the lead time, at least 1 for a rush."""
        self.ensure_one()
        return max(self.dist_rush_days_short, 1) if self.dist_is_rush else 0

    # ------------------------------------------------------------ confirmation

    def _dist_guards(self):
        """The guarded values of this quotation: [(approval code, value, what, button)]."""
        self.ensure_one()
        company = self.company_id
        guards = []
        if company.dist_discount_control and self.dist_discount_pct:
            guards.append(
                (
                    "sale_discount",
                    self.dist_discount_pct,
                    self.env._("A price %s %% below the pricelist", formatLang(self.env, self.dist_discount_pct)),
                    self.env._("Request Discount Approval"),
                )
            )
        if self.dist_margin_shortfall > 0:
            guards.append(
                (
                    "sale_margin",
                    self.dist_margin_shortfall,
                    self.env._(
                        "A margin of %(margin)s %% (target %(target)s %%)",
                        margin=formatLang(self.env, self.dist_margin_pct),
                        target=formatLang(self.env, company.dist_min_margin),
                    ),
                    self.env._("Request Margin Approval"),
                )
            )
        if company.dist_rush_control and self.dist_is_rush:
            guards.append(
                (
                    "sale_rush",
                    self._dist_rush_value(),
                    self.env._("A rush, %s days short of the standard lead time,", self._dist_rush_value()),
                    self.env._("Request Rush Approval"),
                )
            )
        return guards

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error:
            return error
        return self._dist_guard_error()

    def _dist_guard_error(self, codes=None):
        """Why an approval threshold stops this order, or False."""
        for code, value, what, button in self._dist_guards():
            if codes is not None and code not in codes:
                continue
            status, band = self._dist_approval_status(code, value)
            if status == "required":
                return self.env._(
                    "%(what)s on %(order)s is above your limit: click %(button)s; %(group)s will decide.",
                    what=what,
                    order=self.name,
                    button=button,
                    group=band.group_id.name,
                )
            if status == "pending":
                return self.env._(
                    "%(what)s on %(order)s waits for approval by %(group)s.",
                    what=what,
                    order=self.name,
                    group=band.group_id.name,
                )
        return False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(CREDIT_FIELDS & {k for k, v in vals.items() if v} for vals in vals_list):
            raise UserError(self.env._("A credit hold is set by the credit control and released by Finance only."))
        orders = super().create(vals_list)
        if not self.env.su:
            # An order created confirmed, by an import say, meets the controls of the button.
            orders.filtered(lambda o: o.state == "sale")._dist_check_confirmable()
        return orders

    def write(self, vals):
        if not self.env.su:
            if CREDIT_FIELDS & vals.keys():
                raise UserError(self.env._("A credit hold is set by the credit control and released by Finance only."))
            if vals.get("state") == "sale":
                # Confirming by writing the state, over the API say, meets the same controls as the button.
                self.filtered(lambda o: o.state in ("draft", "sent"))._dist_check_confirmable()
        return super().write(vals)

    def _dist_check_confirmable(self):
        """Raise unless each order of ``self`` passes its approvals and the credit control."""
        for order in self:
            error = order._dist_guard_error()
            if error:
                raise UserError(error)
        held = self.filtered("dist_credit_hold")
        checked = self.filtered(lambda o: o.company_id.dist_credit_control) - held
        if checked:
            exposures = checked.sudo()._dist_credit_exposure()
            breaches = checked.sudo()._dist_credit_breaches(exposures)
            held |= checked.filtered(
                lambda o: o.id in breaches and not o._dist_release_covers(exposures[o.id]["exposure"])
            )
        if held:
            raise UserError(
                self.env._(
                    "%s cannot be confirmed: the customer's credit needs a release by Finance first.",
                    ", ".join(held.mapped("name")),
                )
            )

    def _dist_check_confirmed_prices(self):
        """A confirmed order keeps within its approvals: a price lowered, a discount raised or
        a line added afterwards needs the same approval as before confirmation."""
        for order in self.filtered(lambda o: o.state == "sale"):
            error = order._dist_guard_error(codes={"sale_discount", "sale_margin"})
            if error:
                raise UserError(error)

    def _dist_release_covers(self, exposure):
        self.ensure_one()
        return bool(self.dist_credit_released_by_id) and (
            float_compare(exposure, self.dist_credit_released_amount, precision_rounding=self.currency_id.rounding) <= 0
        )

    def action_confirm(self):
        # The discount decision comes first: no credit hold for an order that cannot go anyway.
        for order in self:
            error = order._confirmation_error_message()
            if error:
                raise UserError(error)
        held = self._dist_apply_credit_control()
        # Keep the caller's prefetch set: a batch confirmation reads its orders together.
        to_confirm = (self - held).with_prefetch(self._prefetch_ids)
        result = super(SaleOrder, to_confirm).action_confirm() if to_confirm else True
        to_confirm.filtered(lambda o: o.company_id.dist_rush_control and o.dist_is_rush)._dist_check_rush_feasible()
        if held:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Credit hold"),
                    "message": self.env._(
                        "%(orders)s put on credit hold: finance has been notified and must release it.",
                        orders=", ".join(held.mapped("name")),
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return result

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

    def _dist_apply_credit_control(self):
        """Put on hold the orders whose customer's exposure breaches the credit policy.

        Returns the held orders; they stay quotations until finance releases them.
        """
        checked = self.filtered(lambda o: o.company_id.dist_credit_control and o.state in ("draft", "sent"))
        if not checked:
            return self.browse()
        # Credit is the company's policy: it reads receivables the rep may not see.
        exposures = checked.sudo()._dist_credit_exposure()
        breaches = checked.sudo()._dist_credit_breaches(exposures)
        held = self.browse()
        now = fields.Datetime.now()
        for order in checked:
            reason = breaches.get(order.id)
            if not reason:
                continue
            if order._dist_release_covers(exposures[order.id]["exposure"]):
                continue
            order.sudo().write(
                {
                    "dist_credit_hold": True,
                    "dist_credit_hold_reason": reason,
                    "dist_credit_hold_date": now,
                    "dist_credit_released_by_id": False,
                    "dist_credit_release_reason": False,
                    "dist_credit_released_amount": 0.0,
                }
            )
            held |= order
        if held:
            exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_credit_hold")
            self.env["dist.exception"].sudo()._dist_raise(exc_type, held)
        return held

    def _dist_credit_exposure(self):
        """Return {order id: {exposure, limit, overdue}} in company currency.

        Exposure is the customer's open receivables, plus their confirmed orders not
        invoiced yet (untaxed), plus this order; overdue is what is past due beyond
        the company's grace days. A handful of queries for the whole set.
        """
        partners = self.partner_id.commercial_partner_id
        today = fields.Date.context_today(self)
        result = {}
        for company in self.company_id:
            orders = self.filtered(lambda o, c=company: o.company_id == c)
            env = self.with_company(company).env
            grace_limit = fields.Date.subtract(today, days=company.dist_credit_grace_days)
            receivable, overdue = {}, {}
            for partner, due_date, paused, amount in env["account.move.line"]._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", partners.ids),
                    ("company_id", "=", company.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ],
                groupby=["partner_id", "date_maturity:day", "dist_dunning_paused"],
                aggregates=["amount_residual:sum"],
            ):
                commercial = partner.commercial_partner_id
                receivable[commercial] = receivable.get(commercial, 0.0) + amount
                # An invoice in dispute is not a reason to stop the customer's orders.
                if due_date and due_date < grace_limit and amount > 0 and not paused:
                    overdue[commercial] = overdue.get(commercial, 0.0) + amount
            uninvoiced = self._dist_sum_by_commercial(
                env["sale.order.line"]._read_group(
                    [
                        ("order_partner_id.commercial_partner_id", "in", partners.ids),
                        ("company_id", "=", company.id),
                        ("state", "=", "sale"),
                        ("order_id", "not in", orders.ids),
                    ],
                    groupby=["order_partner_id"],
                    aggregates=["untaxed_amount_to_invoice:sum"],
                )
            )
            for order in orders:
                partner = order.partner_id.commercial_partner_id
                amount = order.currency_id._convert(
                    order.amount_total, company.currency_id, company, order.date_order or today
                )
                result[order.id] = {
                    "exposure": receivable.get(partner, 0.0) + uninvoiced.get(partner, 0.0) + amount,
                    "limit": partner.credit_limit,
                    "overdue": overdue.get(partner, 0.0),
                }
        return result

    @api.model
    def _dist_sum_by_commercial(self, groups):
        totals = {}
        for partner, amount in groups:
            commercial = partner.commercial_partner_id
            totals[commercial] = totals.get(commercial, 0.0) + (amount or 0.0)
        return totals

    def _dist_credit_breaches(self, exposures=None):
        """Return {order id: reason} for the orders that breach the credit policy."""
        breaches = {}
        for order_id, figures in (exposures or self._dist_credit_exposure()).items():
            order = self.browse(order_id)
            currency = order.company_id.currency_id
            reasons = []
            if figures["limit"] and figures["exposure"] > figures["limit"]:
                reasons.append(
                    self.env._(
                        "exposure %(exposure)s is above the credit limit %(limit)s",
                        exposure=formatLang(self.env, figures["exposure"], currency_obj=currency),
                        limit=formatLang(self.env, figures["limit"], currency_obj=currency),
                    )
                )
            if figures["overdue"] > 0:
                reasons.append(
                    self.env._(
                        "%(amount)s overdue for more than %(days)s days",
                        amount=formatLang(self.env, figures["overdue"], currency_obj=currency),
                        days=order.company_id.dist_credit_grace_days,
                    )
                )
            if reasons:
                breaches[order_id] = "; ".join(reasons).capitalize() + "."
        return breaches

    # ---------------------------------------------------------------- actions

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

    def action_dist_request_rush_approval(self):
        self.ensure_one()
        reason = self.env._(
            "%(order)s for %(customer)s promised on %(date)s, %(days)s days short of the standard lead time.",
            order=self.name,
            customer=self.partner_id.display_name,
            date=fields.Datetime.to_string(self.commitment_date) if self.commitment_date else "-",
            days=self._dist_rush_value(),
        )
        request = self._dist_request_approval("sale_rush", self._dist_rush_value(), reason=reason)
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

    def action_dist_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_o2c_controls.dist_dispute_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "default_order_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action

    def action_dist_release_credit_hold(self):
        self.ensure_one()
        if not self.dist_credit_hold:
            raise UserError(self.env._("%s is not on credit hold.", self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release Credit Hold"),
            "res_model": "dist.credit.release",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _dist_release_credit_hold(self, reason):
        """Release the hold (finance only), record who and why, and confirm the order."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_FINANCE):
            raise UserError(self.env._("Only the Finance role can release a credit hold."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for releasing the credit hold of %s.", self.name))
        exposure = self.sudo()._dist_credit_exposure()[self.id]["exposure"]
        self.sudo().write(
            {
                "dist_credit_hold": False,
                "dist_credit_released_by_id": self.env.uid,
                "dist_credit_release_reason": reason,
                "dist_credit_released_amount": exposure,
            }
        )
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_credit_hold")
        self.env["dist.exception"].sudo()._dist_clear(
            exc_type,
            self,
            self.env._("Released by %(user)s: %(reason)s", user=self.env.user.name, reason=reason),
            root_cause=self.env.ref("dist_exception_core.dist_root_cause_credit"),
        )
        self.message_post(
            body=self.env._("Credit hold released by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
        )
        return self.action_confirm()

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        risks = self._dist_order_risks() if exception_type.code == "order_at_risk" else {}
        for order in self:
            values[order.id]["partner_id"] = order.partner_id.commercial_partner_id.id
            if order.dist_credit_hold_reason and exception_type.code == "credit_hold":
                values[order.id]["description"] = order.dist_credit_hold_reason
            if exception_type.code == "order_at_risk":
                values[order.id]["description"] = "<br/>".join(risks.get(order.id, []))
            if exception_type.code == "sale_discount_approval":
                values[order.id]["description"] = self.env._(
                    "%s %% below the pricelist.", formatLang(self.env, order.dist_discount_pct)
                )
        return values

    @api.model
    def _dist_detect_sale_discount_approval(self, _exception_type):
        """Quotations whose discount below the pricelist needs, or waits for, approval."""
        quotations = self.search([("state", "in", ("draft", "sent")), ("company_id.dist_discount_control", "=", True)])
        return quotations.filtered(lambda o: o.dist_discount_status in ("required", "pending"))

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
                    date=fields.Datetime.to_string(promised),
                )
            elif first_date > promised:
                reason = self.env._(
                    "%(product)s: next receipt on %(eta)s, after the promised %(date)s.",
                    product=move.product_id.display_name,
                    eta=fields.Datetime.to_string(first_date),
                    date=fields.Datetime.to_string(promised),
                )
            elif promised < now:
                reason = self.env._(
                    "%(product)s: promised %(date)s and still not shipped.",
                    product=move.product_id.display_name,
                    date=fields.Datetime.to_string(promised),
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

    @api.model
    def _dist_detect_credit_hold(self, _exception_type):
        """Orders on credit hold: keeps the exception open while the hold lasts."""
        return self.search([("dist_credit_hold", "=", True), ("state", "in", ("draft", "sent"))])
