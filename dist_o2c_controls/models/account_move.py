# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, formatLang

from .sale_order_credit import GROUP_FINANCE


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "dist.exception.mixin", "dist.approval.mixin"]
    _dist_blocked_actions = ("post",)

    dist_dispute_ids = fields.One2many(
        comodel_name="dist.dispute",
        inverse_name="invoice_id",
        string="Disputes",
        groups="dist_exception_core.dist_exception_core_group_user",
    )
    dist_in_dispute = fields.Boolean(
        string="In Dispute",
        readonly=True,
        copy=False,
        tracking=True,
        help="An open dispute pauses the dunning of this invoice and keeps it out of credit holds.",
    )
    dist_hold_reason = fields.Text(
        string="Invoice Hold",
        compute="_compute_dist_hold_reason",
        help="Why this invoice cannot be posted yet under the invoice release control.",
    )

    @api.depends("state", "invoice_line_ids.quantity", "invoice_line_ids.sale_line_ids.qty_delivered")
    def _compute_dist_hold_reason(self):
        reasons = self._dist_hold_reasons()
        for move in self:
            move.dist_hold_reason = "\n".join(reasons.get(move.id, [])) or False

    def _dist_refresh_dunning_pause(self):
        """Pause the dunning of invoices with an open dispute (their receivable lines
        are flagged), and resume it once no dispute is open."""
        disputed = self.filtered(lambda m: "open" in m.dist_dispute_ids.mapped("state"))
        for invoices, paused in ((disputed, True), (self - disputed, False)):
            if not invoices:
                continue
            invoices.sudo().write({"dist_in_dispute": paused})
            invoices.sudo().line_ids.filtered(lambda line: line.account_type == "asset_receivable").write(
                {"dist_dunning_paused": paused}
            )

    def action_dist_open_dispute(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Dispute"),
            "res_model": "dist.dispute",
            "view_mode": "form",
            "context": {"default_invoice_id": self.id, "default_partner_id": self.partner_id.commercial_partner_id.id},
        }

    def action_dist_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_o2c_controls.dist_dispute_action")
        action["domain"] = [("invoice_id", "=", self.id)]
        action["context"] = {"default_invoice_id": self.id}
        return action

    def _dist_hold_reasons(self):
        """Return {invoice id: [reasons]} for the draft customer invoices that cannot be posted:
        quantities not delivered, a proof of delivery missing, or an order to invoice on completion
        that is not complete."""
        invoices = self.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state == "draft"
                and (m.company_id.dist_invoice_release_control or m.company_id.dist_pod_control)
                and m.invoice_line_ids.sale_line_ids
            )
        )
        reasons = {}
        for invoice in invoices:
            found = []
            customer = invoice.partner_id.commercial_partner_id
            release = invoice.company_id.dist_invoice_release_control
            released_lines = invoice.invoice_line_ids if release else invoice.invoice_line_ids.browse()
            for line in released_lines.filtered(lambda il: il.sale_line_ids and il.product_id.is_storable):
                sale_lines = line.sale_line_ids
                uom = sale_lines[0].product_uom
                invoicing = line.product_uom_id._compute_quantity(line.quantity, uom)
                posted = sum(sale_lines.mapped("qty_invoiced_posted"))
                delivered = sum(sale_lines.mapped("qty_delivered"))
                if float_compare(posted + invoicing, delivered, precision_rounding=uom.rounding) > 0:
                    found.append(
                        self.env._(
                            "%(product)s: %(invoicing)s to invoice but only %(delivered)s delivered "
                            "(%(posted)s already invoiced).",
                            product=line.product_id.display_name,
                            invoicing=formatLang(self.env, invoicing),
                            delivered=formatLang(self.env, delivered),
                            posted=formatLang(self.env, posted),
                        )
                    )
            orders = invoice.invoice_line_ids.sale_line_ids.order_id
            deliveries = orders.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state == "done")
            if invoice.company_id.dist_pod_control and customer.dist_require_pod:
                unproven = deliveries.filtered(lambda p: not p.dist_pod_received)
                if unproven or not deliveries:
                    found.append(
                        self.env._(
                            "%(customer)s requires a proof of delivery: missing on %(pickings)s.",
                            customer=customer.name,
                            pickings=", ".join(unproven.mapped("name")) or self.env._("every delivery"),
                        )
                    )
            if release and customer.dist_invoice_policy == "completion":
                open_lines = orders.order_line.filtered(
                    lambda sl: (
                        sl.product_id.is_storable
                        and float_compare(
                            sl.qty_delivered, sl.product_uom_qty, precision_rounding=sl.product_uom.rounding
                        )
                        < 0
                    )
                )
                if open_lines:
                    found.append(
                        self.env._(
                            "%(customer)s is invoiced on completion: %(orders)s not fully delivered yet.",
                            customer=customer.name,
                            orders=", ".join(open_lines.order_id.mapped("name")),
                        )
                    )
            if found:
                reasons[invoice.id] = found
        return reasons

    def write(self, vals):
        if vals.get("state") == "posted":
            # Every way of posting (the button, _post, a plain write over the API) writes the state.
            self.filtered(lambda m: m.state != "posted")._dist_check_guards("post")
            if not self.env.su:
                self._dist_check_release()
                self.filtered(lambda m: m.state != "posted")._dist_check_credit()
        return super().write(vals)

    def _dist_check_credit(self):
        """An invoice of a sale for a customer over their credit limit waits for a credit
        release of each of its orders. An invoice without an order (billed directly) can only
        be posted over the limit by who could release that exposure; the chatter says so."""
        for invoice in self.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.company_id.dist_credit_control
                and m.company_id.dist_credit_check_invoice
            )
        ):
            orders = invoice.sudo().invoice_line_ids.sale_line_ids.order_id
            if not orders:
                invoice._dist_check_direct_credit()
                continue
            # The credit figures are the company's policy, read whatever the biller may see.
            error = orders._dist_credit_refusal(self.env._("Posting %s", invoice.display_name))
            if error:
                raise UserError(error)

    def _dist_check_direct_credit(self):
        self.ensure_one()
        company = self.company_id
        customer = self.commercial_partner_id
        # The draft invoice is part of the customer's exposure already.
        figures = self.env["sale.order"].sudo()._dist_customer_credit(company, customer)[customer]
        if not figures["limit"] or figures["exposure"] <= figures["limit"]:
            return
        rule = self.env["dist.approval.rule"]._dist_get_required("credit_release", company)
        band = rule._dist_band_for(figures["exposure"]).sudo()
        user = self.env.user
        money = company.currency_id
        values = {
            "customer": customer.display_name,
            "company": company.name,
            "exposure": formatLang(self.env, figures["exposure"], currency_obj=money),
            "limit": formatLang(self.env, figures["limit"], currency_obj=money),
        }
        if band._dist_decided_alone_by(user) or (not band and user.has_group(GROUP_FINANCE)):
            self.message_post(
                body=self.env._(
                    "Posted by %(user)s with %(customer)s over the credit limit in %(company)s "
                    "(exposure %(exposure)s, limit %(limit)s).",
                    user=user.name,
                    **values,
                )
            )
            return
        raise UserError(
            self.env._(
                "Posting %(invoice)s cannot go ahead: %(customer)s is over the credit limit in %(company)s "
                "(exposure %(exposure)s, limit %(limit)s). Only %(group)s can post it.",
                invoice=self.display_name,
                group=band._dist_approvers_label() if band else self.env._("the Finance role"),
                **values,
            )
        )

    def _dist_check_release(self):
        # The release rule reads deliveries and orders a billing user may not see.
        reasons = self.sudo()._dist_hold_reasons()
        if reasons:
            message = "\n\n".join(
                f"{self.browse(move_id).display_name}:\n- " + "\n- ".join(lines) for move_id, lines in reasons.items()
            )
            raise UserError(self.env._("These invoices are held until the goods are delivered:\n\n%s", message))

    def action_post(self):
        self._dist_check_release()
        result = super().action_post()
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_invoice_hold", raise_if_not_found=False)
        if exc_type:
            # Another module may answer with a wizard instead of posting (account_financial_risk).
            posted = self.filtered(lambda m: m.state == "posted")
            self.env["dist.exception"].sudo()._dist_clear(exc_type, posted, self.env._("Invoice posted."))
        return result

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        reasons = self._dist_hold_reasons()
        for move in self:
            values[move.id]["partner_id"] = move.partner_id.commercial_partner_id.id
            if move.id in reasons:
                values[move.id]["description"] = "<br/>".join(reasons[move.id])
        return values

    @api.model
    def _dist_detect_invoice_hold(self, _exception_type):
        """Draft customer invoices from sales that the release control holds."""
        drafts = self.search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "draft"),
                "|",
                ("company_id.dist_invoice_release_control", "=", True),
                ("company_id.dist_pod_control", "=", True),
                ("invoice_line_ids.sale_line_ids", "!=", False),
            ]
        )
        return self.browse(list(drafts._dist_hold_reasons()))
