# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.exceptions import UserError
from odoo.tools import float_compare, formatLang

GROUP_FINANCE = "dist_exception_core.dist_exception_core_group_finance"
# Set by the credit control and the finance release only (through sudo).
CREDIT_FIELDS = {
    "dist_credit_hold",
    "dist_credit_hold_reason",
    "dist_credit_hold_date",
    "dist_credit_released_by_id",
    "dist_credit_release_reason",
    "dist_credit_released_amount",
}


# One file per concern of the same model, as the developers' guide asks.
class SaleOrder(models.Model):
    """Credit control: an order breaching the customer's credit goes on hold until Finance releases it."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(CREDIT_FIELDS & {k for k, v in vals.items() if v} for vals in vals_list):
            raise UserError(self.env._("A credit hold is set by the credit control and released by Finance only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and CREDIT_FIELDS & vals.keys():
            raise UserError(self.env._("A credit hold is set by the credit control and released by Finance only."))
        return super().write(vals)

    def action_confirm(self):
        # The approvals come first: no credit hold for an order that cannot go anyway.
        self.filtered(lambda o: o.state in ("draft", "sent"))._dist_check_guards("confirm")
        held = self._dist_apply_credit_control()
        # Keep the caller's prefetch set: a batch confirmation reads its orders together.
        to_confirm = (self - held).with_prefetch(self._prefetch_ids)
        result = super(SaleOrder, to_confirm).action_confirm() if to_confirm else True
        if held:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Credit hold"),
                    "message": held._dist_credit_hold_notice(),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        return result

    def _dist_credit_hold_notice(self):
        """What the rep is told of the holds on ``self``: who was notified (the owners of
        the credit hold exceptions, by their own preference), or that nobody was."""
        exceptions = (
            self.env["dist.exception"]
            .sudo()
            .search(
                [
                    ("type_id", "=", self.env.ref("dist_o2c_controls.dist_exception_type_credit_hold").id),
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("state", "in", OPEN_STATES),
                ]
            )
        )
        orders = ", ".join(self.mapped("name"))
        if not exceptions.user_id:
            return self.env._(
                "%(orders)s put on credit hold. Nobody was notified: give the “Credit hold” exception "
                "type an owner or a team with a leader; only the Finance role can release it.",
                orders=orders,
            )
        return self.env._(
            "%(orders)s put on credit hold: %(owners)s notified; only the Finance role can release it.",
            orders=orders,
            owners=", ".join(exceptions.user_id.mapped("name")),
        )

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

    def _dist_check_confirmable(self):
        result = super()._dist_check_confirmable()
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
        return result

    def _dist_release_covers(self, exposure):
        self.ensure_one()
        return bool(self.dist_credit_released_by_id) and (
            float_compare(exposure, self.dist_credit_released_amount, precision_rounding=self.currency_id.rounding) <= 0
        )

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

    def _dist_exception_values_credit_hold(self, _exception_type):
        return {
            order.id: {"description": order.dist_credit_hold_reason}
            for order in self.filtered("dist_credit_hold_reason")
        }

    @api.model
    def _dist_detect_credit_hold(self, _exception_type):
        """Orders on credit hold: keeps the exception open while the hold lasts."""
        return self.search([("dist_credit_hold", "=", True), ("state", "in", ("draft", "sent"))])
