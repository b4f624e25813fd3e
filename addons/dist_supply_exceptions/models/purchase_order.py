# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.exceptions import UserError
from odoo.tools import SQL, formatLang

CONFIRMED_STATES = ("purchase", "done")


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "dist.exception.mixin", "dist.approval.mixin"]
    _dist_blocked_actions = ("confirm",)

    dist_urgent = fields.Boolean(
        string="Emergency Purchase",
        copy=False,
        tracking=True,
        help="Bought outside the normal replenishment cycle: needs approval under 'purchase_nonstandard'.",
    )
    dist_off_contract = fields.Boolean(
        string="Off-Contract Vendor",
        compute="_compute_dist_off_contract",
        help="A product on this order has vendors on file and this vendor is not one of them.",
    )
    dist_purchase_approval = fields.Boolean(related="company_id.dist_purchase_approval")
    dist_freight_ids = fields.One2many(
        comodel_name="dist.expedited.freight",
        inverse_name="purchase_order_id",
        string="Expedited Freight",
        groups="dist_exception_core.dist_exception_core_group_user",
    )
    dist_acknowledged_date = fields.Datetime(
        string="Acknowledged On",
        readonly=True,
        copy=False,
        help="When the vendor first acknowledged the order (Odoo's Reception Confirmed flag, set from the "
        "vendor's mail link, the portal or by hand): supplier confirmation reliability is measured from it.",
    )

    @api.depends("partner_id", "order_line.product_id")
    def _compute_dist_off_contract(self):
        for order in self:
            vendor = order.partner_id.commercial_partner_id
            order.dist_off_contract = any(
                product.seller_ids and vendor not in product.seller_ids.partner_id.commercial_partner_id
                for product in order.order_line.product_id
            )

    def _dist_guards(self, action):
        """Confirming an order of a company with Purchase Approval on: its total in company
        currency, under a second threshold when it is not a standard buy."""
        guards = super()._dist_guards(action)
        if action != "confirm":
            return guards
        for order in self.filtered("company_id.dist_purchase_approval"):
            company = order.company_id
            amount = order.currency_id._convert(
                order.amount_total, company.currency_id, company, order.date_order or fields.Date.today()
            )
            button = self.env._("Request Approval")
            guards[order.id] = [DistGuard("purchase_amount", amount, self.env._("The amount"), button)]
            if order.dist_urgent or order.dist_off_contract:
                what = (
                    self.env._("An emergency purchase") if order.dist_urgent else self.env._("An off-contract purchase")
                )
                guards[order.id].append(DistGuard("purchase_nonstandard", amount, what, button))
        return guards

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("mail_reception_confirmed") and not vals.get("dist_acknowledged_date"):
                vals["dist_acknowledged_date"] = fields.Datetime.now()
        orders = super().create(vals_list)
        # An order created confirmed (over the API) passes the same guard as one confirmed later.
        orders.filtered(lambda o: o.state in CONFIRMED_STATES)._dist_check_guards("confirm")
        return orders

    def write(self, vals):
        if vals.get("mail_reception_confirmed") and "dist_acknowledged_date" not in vals:
            # The first acknowledgement is dated, by whichever path sets the flag (all write it).
            first = self.filtered(lambda o: not o.dist_acknowledged_date)
            if first:
                first.sudo()._dist_date_acknowledgement()
        # Every way to confirm ends here (button_confirm, button_approve, a plain write over RPC).
        confirming = self.browse()
        if vals.get("state") in CONFIRMED_STATES:
            confirming = self.filtered(lambda o: o.state not in CONFIRMED_STATES)
            # Refused before anything is written, even for a caller that catches the error.
            confirming._dist_check_guards("confirm")
        result = super().write(vals)
        if confirming and vals.keys() - {"state", "date_approve"}:
            # The same write changed what is measured (lines, currency, vendor): measure again.
            confirming._dist_check_guards("confirm")
        return result

    def button_confirm(self):
        # Checked before Odoo adds the vendor to the products' vendor lists, which would make an
        # off-contract order look standard by the time it is written confirmed.
        self.filtered(lambda o: o.state in ("draft", "sent"))._dist_check_guards("confirm")
        return super().button_confirm()

    def action_dist_view_freight(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_expedited_freight_action")
        action["domain"] = [("purchase_order_id", "=", self.id)]
        action["context"] = {"default_purchase_order_id": self.id, "default_company_id": self.company_id.id}
        return action

    def action_dist_request_approval(self):
        self.ensure_one()
        if not self.company_id.dist_purchase_approval:
            raise UserError(self.env._("Purchase Approval is off for %s: confirm the order.", self.company_id.name))
        if self.state not in ("draft", "sent"):
            raise UserError(self.env._("Approval is requested on a request for quotation, before confirmation."))
        requests = self._dist_request_guards(
            "confirm",
            reason=self.env._("%(order)s to %(vendor)s.", order=self.name, vendor=self.partner_id.display_name),
        )
        return self._dist_request_action(requests)

    def _dist_date_acknowledgement(self):
        # Written apart, without the guards of write(): the date is a fact, not a change to approve.
        self.env.cr.execute(
            SQL(
                """UPDATE purchase_order SET dist_acknowledged_date = %s
                    WHERE id IN %s AND dist_acknowledged_date IS NULL""",
                fields.Datetime.now(),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["dist_acknowledged_date"])

    def _dist_approval_decided(self, request):
        labels = dict(request._fields["state"]._description_selection(self.env))
        self.message_post(
            body=self.env._(
                "%(request)s %(decision)s by %(user)s.",
                request=request.name,
                decision=labels[request.state].lower(),
                user=self.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _dist_detect_po_unconfirmed(self, _exception_type):
        """Requests for quotation sent longer ago than the company allows, not confirmed."""
        # One query: each company's allowance is read in SQL.
        self.env["res.company"].flush_model(["dist_po_confirm_days"])
        self.flush_model(["company_id", "date_order"])
        query = self._search([("state", "=", "sent")])
        company = query.join(self._table, "company_id", "res_company", "id", "dist_company")
        query.add_where(
            SQL(
                "%s < %s - COALESCE(%s, 0) * INTERVAL '1 day'",
                SQL.identifier(self._table, "date_order"),
                fields.Datetime.now(),
                SQL.identifier(company, "dist_po_confirm_days"),
            )
        )
        return self.browse(id_ for (id_,) in self.env.execute_query(query.select()))

    @api.model
    def _dist_orders_with_open_lines(self, condition):
        """Confirmed orders with a stocked line not fully received that meets ``condition``.

        Comparing two columns of a line is beyond a domain, and loading every confirmed
        line to compare them in Python does not scale: one query does it.
        """
        self.env["purchase.order.line"].flush_model(["order_id", "product_id", "product_qty", "qty_received"])
        self.flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT line.order_id
                  FROM purchase_order_line line
                  JOIN purchase_order po ON po.id = line.order_id
                  JOIN product_product product ON product.id = line.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE po.state = 'purchase'
                   AND template.is_storable
                   AND line.qty_received < line.product_qty
                   AND %s
                """,
                condition,
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _dist_detect_po_late(self, _exception_type):
        """Confirmed orders with a line not fully received after its planned date."""
        return self._dist_orders_with_open_lines(SQL("line.date_planned < %s", fields.Datetime.now()))

    @api.model
    def _dist_detect_po_partial_receipt(self, _exception_type):
        """Confirmed orders received in part, with the rest still expected."""
        return self._dist_orders_with_open_lines(SQL("line.qty_received > 0"))

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        # Names of all the products at once, not order by order.
        self.order_line.product_id.mapped("display_name")
        for order in self:
            values[order.id]["partner_id"] = order.partner_id.commercial_partner_id.id
            open_lines = order.order_line.filtered(lambda line: line.qty_received < line.product_qty)
            values[order.id]["description"] = "<br/>".join(
                self.env._(
                    "%(product)s: %(received)s of %(ordered)s received, planned %(date)s",
                    product=line.product_id.display_name,
                    received=formatLang(self.env, line.qty_received),
                    ordered=formatLang(self.env, line.product_qty),
                    date=order.company_id._dist_format_datetime(line.date_planned),
                )
                for line in open_lines
            )
        return values
