# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ROOT_CAUSE_BY_REASON = {
    "price": "dist_exception_core.dist_root_cause_pricing",
    "quantity": "dist_exception_core.dist_root_cause_pick_error",
    "damaged": "dist_exception_core.dist_root_cause_damage",
    "not_received": "dist_exception_core.dist_root_cause_carrier",
    "quality": "dist_exception_core.dist_root_cause_quality",
    "other": "dist_exception_core.dist_root_cause_customer_request",
}


class DistDispute(models.Model):
    _name = "dist.dispute"
    _description = "Customer Dispute"
    _inherit = ["mail.thread", "mail.activity.mixin", "dist.exception.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(readonly=True, default="/", copy=False)
    state = fields.Selection(
        selection=[("open", "Open"), ("resolved", "Resolved"), ("rejected", "Rejected")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", required=True, tracking=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), ('partner_id', 'child_of', partner_id)]",
        tracking=True,
    )
    order_id = fields.Many2one(comodel_name="sale.order", string="Sales Order", check_company=True, tracking=True)
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('sale_id', '=', order_id)]",
    )
    reason = fields.Selection(
        selection=[
            ("price", "Price or discount"),
            ("quantity", "Quantity short or wrong item"),
            ("damaged", "Damaged goods"),
            ("not_received", "Not received"),
            ("quality", "Product quality"),
            ("other", "Other"),
        ],
        required=True,
        tracking=True,
    )
    description = fields.Html()
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(string="Disputed Amount", tracking=True)
    resolution = fields.Selection(
        selection=[("credit_note", "Credit note"), ("replacement", "Replacement"), ("rejected", "Rejected")],
        readonly=True,
        tracking=True,
    )
    resolution_note = fields.Text(tracking=True)
    credit_note_id = fields.Many2one(comodel_name="account.move", readonly=True)
    replacement_order_id = fields.Many2one(comodel_name="sale.order", readonly=True)

    @api.onchange("invoice_id")
    def _onchange_invoice_id(self):
        invoice = self.invoice_id
        if invoice:
            self.partner_id = invoice.partner_id.commercial_partner_id
            self.amount = invoice.amount_residual or invoice.amount_total
            orders = invoice.invoice_line_ids.sale_line_ids.order_id
            self.order_id = orders[:1]

    @api.onchange("order_id")
    def _onchange_order_id(self):
        if self.order_id:
            self.partner_id = self.order_id.partner_id.commercial_partner_id
            deliveries = self.order_id.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state == "done"
            )
            self.picking_id = deliveries[-1:]

    @api.constrains("amount")
    def _check_amount(self):
        for dispute in self:
            if dispute.amount < 0:
                raise ValidationError(self.env._("The disputed amount cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dist.dispute") or "/"
        disputes = super().create(vals_list)
        disputes._dist_pause_dunning(True)
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_invoice_dispute")
        self.env["dist.exception"].sudo()._dist_raise(exc_type, disputes)
        return disputes

    def write(self, vals):
        previous = {dispute.id: dispute.invoice_id for dispute in self} if "invoice_id" in vals else {}
        result = super().write(vals)
        if previous:
            self.env["account.move"].union(*previous.values())._dist_refresh_dunning_pause()
            self._dist_pause_dunning(True)
        return result

    def action_resolve_credit_note(self):
        self.ensure_one()
        self._dist_check_can_close()
        if not self.invoice_id:
            raise UserError(self.env._("Link the invoice of %s to issue its credit note.", self.name))
        credit_note = self.invoice_id._reverse_moves(
            default_values_list=[
                {"ref": self.env._("Dispute %s", self.name), "invoice_date": fields.Date.context_today(self)}
            ]
        )
        self._dist_close("resolved", "credit_note", credit_note_id=credit_note.id)
        return credit_note.get_formview_action()

    def action_resolve_replacement(self):
        self.ensure_one()
        self._dist_check_can_close()
        if not self.order_id:
            raise UserError(self.env._("Link the sales order of %s to prepare a replacement.", self.name))
        replacement = self.order_id.copy(
            {"origin": self.name, "client_order_ref": self.env._("Replacement for %s", self.order_id.name)}
        )
        self._dist_close("resolved", "replacement", replacement_order_id=replacement.id)
        return replacement.get_formview_action()

    def action_reject(self):
        self.ensure_one()
        self._dist_check_can_close()
        self._dist_close("rejected", "rejected")
        return True

    def _dist_check_can_close(self):
        if self.state != "open":
            raise UserError(self.env._("%s is already closed.", self.name))
        if not (self.resolution_note or "").strip():
            raise UserError(self.env._("Write the resolution note of %s before closing it.", self.name))

    def _dist_close(self, state, resolution, **values):
        self.write(dict(values, state=state, resolution=resolution))
        self._dist_pause_dunning(False)
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_invoice_dispute")
        self.env["dist.exception"].sudo()._dist_clear(
            exc_type, self, self.resolution_note, root_cause=self.env.ref(ROOT_CAUSE_BY_REASON[self.reason])
        )

    def _dist_pause_dunning(self, pause):
        invoices = self.invoice_id
        if pause:
            invoices = invoices.filtered(lambda inv: not inv.dist_in_dispute)
        invoices._dist_refresh_dunning_pause()

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        for dispute in self:
            values[dispute.id].update(
                partner_id=dispute.partner_id.id,
                company_id=dispute.company_id.id,
                cost_amount=dispute.amount,
                cost_type="credit_note",
                description=self.env._(
                    "%(reason)s on %(docs)s.",
                    reason=reasons[dispute.reason],
                    docs=", ".join(
                        name
                        for name in (dispute.invoice_id.name, dispute.order_id.name, dispute.picking_id.name)
                        if name
                    ),
                ),
            )
        return values

    @api.model
    def _dist_detect_invoice_dispute(self, _exception_type):
        return self.search([("state", "=", "open")])
