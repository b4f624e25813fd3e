# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, formatLang

GROUP_FINANCE = "dist_exception_core.dist_exception_core_group_finance"
# Set by the credit control and the finance release only (through sudo).
CREDIT_FIELDS = {
    "dist_credit_hold",
    "dist_credit_hold_reason",
    "dist_credit_hold_date",
    "dist_credit_released_by_id",
    "dist_credit_release_reason",
    "dist_credit_released_amount",
    "dist_credit_released_date",
}
CREDIT_RELEASE = "credit_release"


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
        help="Exposure the finance release covered; a larger exposure needs a new release.",
    )

    dist_credit_released_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the credit was released; the release lapses after the company's validity days.",
    )

    dist_credit_release_needed = fields.Boolean(
        compute="_compute_dist_credit_release_needed",
        help="The order is confirmed, the customer is over the credit limit and no valid release "
        "covers it: its deliveries and invoices wait for a credit release.",
    )

    def _compute_dist_credit_release_needed(self):
        needing = self.filtered(lambda o: o.state == "sale" and isinstance(o.id, int))._dist_credit_over_limit()
        for order in self:
            order.dist_credit_release_needed = order.id in needing

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
        # The approvals come first: no credit hold for an order that cannot go anyway. The
        # quotations keep the caller's prefetch set, so their guards read the batch together.
        self.filtered(lambda o: o.state in ("draft", "sent")).with_prefetch(self._prefetch_ids)._dist_check_guards(
            "confirm"
        )
        held = self._dist_apply_credit_control()
        # Keep the caller's prefetch set: a batch confirmation reads its orders together.
        to_confirm = (self - held).with_prefetch(self._prefetch_ids)
        result = True
        if to_confirm:
            # An order on hold from before stays for its check: only a release lifts a hold.
            with to_confirm.filtered(lambda o: not o.dist_credit_hold)._dist_confirmation_checked():
                result = super(SaleOrder, to_confirm).action_confirm()
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
        if not (self.dist_credit_hold or self.dist_credit_release_needed):
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
        """Release the order's credit (finance only), through a ``credit_release`` approval
        request of the exposure: the releaser decides it when their group holds its band
        (a credit clerk up to the cap); above, the request is filed for the band's group
        (the finance manager), who releases by approving it. Confirms a held order."""
        self.ensure_one()
        user = self.env.user
        rule = self.env["dist.approval.rule"]._dist_get_required(CREDIT_RELEASE, self.company_id)
        exposure = self.sudo()._dist_credit_exposure()[self.id]["exposure"]
        band = rule._dist_band_for(exposure)
        if not (user.has_group(GROUP_FINANCE) or (band and band.group_id in user.groups_id)):
            raise UserError(self.env._("Only the Finance role can release a credit hold."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for releasing the credit hold of %s.", self.name))
        requests = self.env["dist.approval.request"].sudo()
        if not band:
            # Nothing to approve in amount (an overdue breach with no exposure): the Finance role releases.
            return self._dist_credit_released(user, reason, exposure)
        if not band._dist_decided_alone_by(user):
            request = self._dist_request_approval(CREDIT_RELEASE, exposure, reason=reason)
            self.message_post(
                body=self.env._(
                    "Credit release of %(value)s requested by %(user)s: %(group)s decides (%(request)s).",
                    value=rule._dist_format_value(exposure),
                    user=user.name,
                    group=request.sudo().approvers_label or band._dist_approvers_label(),
                    request=request.name,
                )
            )
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "title": self.env._("Credit release requested"),
                    "message": self.env._(
                        "A release of %(value)s is above your cap under “%(rule)s”: %(request)s waits for %(group)s.",
                        value=rule._dist_format_value(exposure),
                        rule=rule.name,
                        request=request.name,
                        group=request.sudo().approvers_label or band._dist_approvers_label(),
                    ),
                    "next": {"type": "ir.actions.client", "tag": "soft_reload"},
                },
            }
        pending = requests.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("rule_id", "=", rule.id),
                ("state", "=", "pending"),
                ("requested_by_id", "!=", user.id),
            ]
        ).filtered(lambda r: float_compare(r.value, exposure, precision_digits=rule.precision) >= 0)[:1]
        if pending:
            # Approving the request releases the order (_dist_approval_decided).
            request = pending.with_env(self.env)
            request.decision_note = reason
            request.action_approve()
            return True
        # The releaser's own decision, recorded as an approved request of their band.
        request = requests.create(
            {
                "rule_id": rule.id,
                "res_model": self._name,
                "res_id": self.id,
                "value": exposure,
                "reason": reason,
                "requested_by_id": user.id,
            }
        )
        request.write(
            {
                "state": "approved",
                "decided_by_id": user.id,
                "decided_date": fields.Datetime.now(),
                "decision_note": reason,
            }
        )
        return self._dist_credit_released(user, reason, exposure, request.decided_date)

    def _dist_approval_decided(self, request):
        result = super()._dist_approval_decided(request)
        if request.rule_id.code == CREDIT_RELEASE and request.state == "approved":
            for order in self:
                order._dist_credit_released(
                    request.decided_by_id, request.decision_note or request.reason, request.value, request.decided_date
                )
        return result

    def _dist_credit_released(self, user, reason, amount, date=None):
        """Record the release, close the credit hold exception and confirm a held order."""
        self.ensure_one()
        self.sudo().write(
            {
                "dist_credit_hold": False,
                "dist_credit_released_by_id": user.id,
                "dist_credit_release_reason": reason,
                "dist_credit_released_amount": amount,
                "dist_credit_released_date": date or fields.Datetime.now(),
            }
        )
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_credit_hold")
        self.env["dist.exception"].sudo()._dist_clear(
            exc_type,
            self,
            self.env._("Released by %(user)s: %(reason)s", user=user.name, reason=reason),
            root_cause=self.env.ref("dist_exception_core.dist_root_cause_credit"),
        )
        self.message_post(
            body=self.env._("Credit hold released by %(user)s: %(reason)s", user=user.name, reason=reason)
        )
        if self.state in ("draft", "sent"):
            return self.action_confirm()
        return True

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
        """A valid release covers ``exposure``: an approved ``credit_release`` request of at
        least that amount, decided within the company's validity days."""
        self.ensure_one()
        return bool(self._dist_credit_valid_releases(exposure))

    def _dist_credit_release_limit(self):
        """The oldest decision a release of this order's company may have and still count."""
        self.ensure_one()
        days = self.company_id.dist_credit_release_days
        return fields.Datetime.subtract(fields.Datetime.now(), days=days) if days else False

    def _dist_credit_valid_releases(self, exposure):
        self.ensure_one()
        rule = self.env["dist.approval.rule"]._dist_get(CREDIT_RELEASE, self.company_id)
        if not rule._dist_band_for(exposure):
            # No band: a Finance release on record (within its validity) covers it.
            since = self._dist_credit_release_limit()
            return self.sudo().filtered(
                lambda o: (
                    o.dist_credit_released_by_id
                    and (not since or (o.dist_credit_released_date and o.dist_credit_released_date >= since))
                )
            )
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "=", self.id),
            ("rule_id", "=", rule.id),
            ("state", "=", "approved"),
        ]
        since = self._dist_credit_release_limit()
        if since:
            domain.append(("decided_date", ">=", since))
        return (
            self.env["dist.approval.request"]
            .sudo()
            .search(domain)
            .filtered(lambda r: float_compare(r.value, exposure, precision_digits=rule.precision) >= 0)
        )

    def _dist_approval_statuses(self, code, values):
        """A credit release lapses after the company's validity days: an expired approval
        no longer counts, and a new request can be filed."""
        result = super()._dist_approval_statuses(code, values)
        if code == CREDIT_RELEASE:
            for order in self.browse([rid for rid, (status, _band) in result.items() if status == "approved"]):
                if not order._dist_release_covers(values[order.id]):
                    result[order.id] = ("required", result[order.id][1])
        return result

    def _dist_credit_over_limit(self):
        """{order id: (figures, reason)} for the confirmed orders of ``self`` whose customer is
        over the credit limit in the order's company, with no valid release covering them."""
        orders = self.filtered(lambda o: o.company_id.dist_credit_control and o.state == "sale")
        if not orders:
            return {}
        exposures = orders.sudo()._dist_credit_exposure()
        result = {}
        for order in orders:
            figures = exposures[order.id]
            if not figures["limit"] or figures["exposure"] <= figures["limit"]:
                continue
            if order._dist_release_covers(figures["exposure"]):
                continue
            result[order.id] = figures
        return result

    def _dist_credit_refusal(self, what):
        """The message refusing ``what`` (a delivery, an invoice) of the orders of ``self``
        whose customer is over the limit without a valid release, or False."""
        over = self._dist_credit_over_limit()
        if not over:
            return False
        order = self.browse(next(iter(over)))
        figures = over[order.id]
        currency = order.company_id.currency_id
        rule = self.env["dist.approval.rule"]._dist_get(CREDIT_RELEASE, order.company_id)
        band = rule._dist_band_for(figures["exposure"]).sudo()
        return self.env._(
            "%(what)s cannot go ahead: %(customer)s is over the credit limit in %(company)s "
            "(exposure %(exposure)s, limit %(limit)s). %(group)s can release the credit of %(order)s "
            "(Release Credit Hold on the order).",
            what=what,
            customer=order.partner_id.commercial_partner_id.display_name,
            company=order.company_id.name,
            exposure=formatLang(self.env, figures["exposure"], currency_obj=currency),
            limit=formatLang(self.env, figures["limit"], currency_obj=currency),
            group=band._dist_approvers_label() if band else self.env._("The Finance role"),
            order=order.name,
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
                    "dist_credit_released_date": False,
                }
            )
            held |= order
        if held:
            exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_credit_hold")
            self.env["dist.exception"].sudo()._dist_raise(exc_type, held)
        return held

    def _dist_credit_exposure(self):
        """Return {order id: {exposure, limit, overdue}} in the order's company and its currency:
        the customer's credit figures (``_dist_customer_credit``) plus this order if it is a
        quotation, taxes included."""
        today = fields.Date.context_today(self)
        result = {}
        for company in self.company_id:
            orders = self.filtered(lambda o, c=company: o.company_id == c)
            customers = self._dist_customer_credit(company, orders.partner_id.commercial_partner_id)
            for order in orders:
                figures = dict(customers[order.partner_id.commercial_partner_id])
                if order.state in ("draft", "sent"):
                    figures["exposure"] += order.currency_id._convert(
                        order.amount_total, company.currency_id, company, order.date_order or today
                    )
                result[order.id] = figures
        return result

    @api.model
    def _dist_customer_credit(self, company, partners):
        """Return {commercial partner: {exposure, limit, overdue}} in ``company`` and its currency.

        Exposure, taxes included throughout: the customer's open posted receivables (their
        residual), plus their draft invoices and credit notes (total), plus what their
        confirmed orders have still to invoice (ordered minus invoiced quantity, whatever the
        invoicing policy, at the line's total per unit: price, discount and taxes). The limit
        is the customer's credit limit in ``company``. Overdue is what is past due beyond the
        company's grace days.
        """
        partners = partners.commercial_partner_id
        today = fields.Date.context_today(self)
        grace_limit = fields.Date.subtract(today, days=company.dist_credit_grace_days)
        figures = {partner.id: {"exposure": 0.0, "limit": 0.0, "overdue": 0.0} for partner in partners}
        rows = self._dist_credit_rows(company, partners, grace_limit)
        for kind, partner_id, currency_id, day, total, overdue in rows:
            if kind == "limit":
                figures[partner_id]["limit"] = float(total or 0.0)
                continue
            # SUM over numeric columns: Decimal.
            amount = float(total or 0.0)
            if kind == "uninvoiced":
                # What orders have still to invoice is in their currency, at their date.
                amount = (
                    self.env["res.currency"]
                    .browse(currency_id)
                    ._convert(amount, company.currency_id, company, day or today)
                )
            figures[partner_id]["exposure"] += amount
            figures[partner_id]["overdue"] += float(overdue or 0.0)
        return {partner: figures[partner.id] for partner in partners}

    @api.model
    def _dist_credit_rows(self, company, partners, grace_limit):
        """The credit figures of the commercial ``partners`` in ``company``, in one query:
        rows (kind, commercial partner id, currency id, day, amount, overdue amount) of kind

        - ``receivable``: open posted receivables (their residual, company currency); what
          is past due beyond ``grace_limit`` and not paused (a disputed invoice) is overdue,
          a customer's due date at a time, as their statement adds it up;
        - ``draft``: draft invoices and credit notes (their signed total, company currency);
        - ``uninvoiced``: what confirmed orders have still to invoice, per order currency
          and day (ordered minus invoiced quantity, whatever the invoicing policy, at the
          line's total per unit);
        - ``limit``: the customer's credit limit in ``company``.

        A customer's history costs no query or loop per line, invoice or order."""
        env = self.env
        env["account.move.line"].flush_model(
            [
                "partner_id",
                "company_id",
                "account_id",
                "parent_state",
                "reconciled",
                "amount_residual",
                "date_maturity",
                "dist_dunning_paused",
            ]
        )
        env["account.move"].flush_model(
            ["commercial_partner_id", "company_id", "move_type", "state", "amount_total_signed"]
        )
        env["account.account"].flush_model(["account_type"])
        env["sale.order.line"].flush_model(
            [
                "order_id",
                "order_partner_id",
                "company_id",
                "state",
                "display_type",
                "is_downpayment",
                "product_uom_qty",
                "qty_invoiced",
                "price_total",
                "currency_id",
            ]
        )
        env["sale.order"].flush_model(["date_order"])
        env["res.partner"].flush_model(["commercial_partner_id", "credit_limit"])
        # The credit limit is company-dependent: Odoo's own SQL for it, in ``company``.
        customers = env["res.partner"].with_company(company).with_context(active_test=False)
        limits = customers._search([("id", "in", partners.ids)])
        limits = limits.select(
            SQL("'limit'"),
            SQL.identifier(customers._table, "id"),
            SQL("NULL::integer"),
            SQL("NULL::date"),
            customers._field_to_sql(customers._table, "credit_limit", limits),
            SQL("NULL::numeric"),
        )
        env.cr.execute(
            SQL(
                """
                SELECT 'receivable', per_due.commercial_partner_id, NULL::integer, NULL::date, SUM(per_due.amount),
                       SUM(per_due.amount) FILTER (
                           WHERE per_due.date_maturity < %(grace)s AND per_due.amount > 0 AND NOT per_due.paused
                       )
                  FROM (
                        SELECT partner.commercial_partner_id, line.partner_id, line.date_maturity,
                               COALESCE(line.dist_dunning_paused, FALSE) AS paused, SUM(line.amount_residual) AS amount
                          FROM account_move_line line
                          JOIN account_account account ON account.id = line.account_id
                          JOIN res_partner partner ON partner.id = line.partner_id
                         WHERE partner.commercial_partner_id = ANY(%(partners)s)
                           AND line.company_id = %(company)s
                           AND account.account_type = 'asset_receivable'
                           AND line.parent_state = 'posted'
                           AND NOT COALESCE(line.reconciled, FALSE)
                      GROUP BY 1, 2, 3, 4
                  ) per_due
              GROUP BY 2
                 UNION ALL
                SELECT 'draft', move.commercial_partner_id, NULL, NULL, SUM(move.amount_total_signed), NULL
                  FROM account_move move
                 WHERE move.commercial_partner_id = ANY(%(partners)s)
                   AND move.company_id = %(company)s
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.state = 'draft'
              GROUP BY 2
                 UNION ALL
                SELECT 'uninvoiced', partner.commercial_partner_id, line.currency_id, sale.date_order::date,
                       SUM(line.price_total * (line.product_uom_qty - line.qty_invoiced) / line.product_uom_qty), NULL
                  FROM sale_order_line line
                  JOIN sale_order sale ON sale.id = line.order_id
                  JOIN res_partner partner ON partner.id = line.order_partner_id
                 WHERE partner.commercial_partner_id = ANY(%(partners)s)
                   AND line.company_id = %(company)s
                   AND line.state = 'sale'
                   AND line.display_type IS NULL
                   AND NOT COALESCE(line.is_downpayment, FALSE)
                   AND line.product_uom_qty > 0
                   AND line.qty_invoiced < line.product_uom_qty
              GROUP BY 2, 3, 4
                 UNION ALL
                %(limits)s
                """,
                partners=partners.ids,
                company=company.id,
                grace=grace_limit,
                limits=limits,
            )
        )
        return env.cr.fetchall()

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
