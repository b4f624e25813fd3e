# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .dist_approval_mixin import DistGuard

FREIGHT_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("cancelled", "Cancelled"),
]
# What stays editable on a confirmed record: the carrier's bill often arrives later.
EDITABLE_WHEN_CONFIRMED = {"carrier_bill", "note"}


class DistExpeditedFreight(models.Model):
    """An expedited shipment paid to recover from a problem: its cost, its cause and the
    document it served. Confirming it commits the spend; above the company's
    'expedited_freight' threshold that takes an approved request. Confirmed records make
    up the "Expedited freight cost by cause" KPI."""

    _name = "dist.expedited.freight"
    _inherit = ["mail.thread", "dist.approval.mixin"]
    _description = "Expedited Freight"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        selection=FREIGHT_STATES, required=True, default="draft", readonly=True, copy=False, tracking=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(string="Cost", required=True, currency_field="currency_id", tracking=True)
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    amount_company = fields.Monetary(
        string="Cost in Company Currency",
        compute="_compute_amount_company",
        store=True,
        currency_field="company_currency_id",
        help="The cost at the rate of its date: what the threshold and the KPI read.",
    )
    root_cause_id = fields.Many2one(
        comodel_name="dist.root.cause",
        string="Cause",
        required=True,
        tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="Why the shipment had to be expedited: the KPI splits the cost by it.",
    )
    exception_id = fields.Many2one(
        comodel_name="dist.exception",
        index="btree_not_null",
        check_company=True,
        help="The exception the shipment recovered from, if one was raised.",
    )
    carrier_id = fields.Many2one(comodel_name="res.partner", tracking=True)
    carrier_bill = fields.Char(help="The carrier's bill or tracking reference.")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    note = fields.Text()

    @api.depends("amount", "currency_id", "company_id", "date")
    def _compute_amount_company(self):
        for freight in self:
            company = freight.company_id
            if not company or not freight.currency_id:
                freight.amount_company = 0.0
                continue
            freight.amount_company = freight.currency_id._convert(
                freight.amount, company.currency_id, company, freight.date or fields.Date.context_today(freight)
            )

    @api.constrains("amount")
    def _check_amount(self):
        if any(freight.amount <= 0 for freight in self):
            raise ValidationError(self.env._("An expedited freight cost must be more than zero."))

    @api.constrains("root_cause_id", "company_id")
    def _check_root_cause_company(self):
        for freight in self:
            if freight.root_cause_id.company_id and freight.root_cause_id.company_id != freight.company_id:
                raise ValidationError(
                    self.env._("The cause %s belongs to another company.", freight.root_cause_id.display_name)
                )

    @api.onchange("exception_id")
    def _onchange_exception_id(self):
        if self.exception_id.root_cause_id and not self.root_cause_id:
            self.root_cause_id = self.exception_id.root_cause_id

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(self.env._("An expedited freight record starts as a draft: confirm it with Confirm."))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("dist.expedited.freight") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if "state" in vals:
                raise UserError(self.env._("An expedited freight record changes state through its buttons only."))
            locked = self.filtered(lambda f: f.state != "draft")
            if locked and vals.keys() - EDITABLE_WHEN_CONFIRMED:
                raise UserError(
                    self.env._(
                        "%s is confirmed or cancelled: only its carrier bill and note change. "
                        "Cancel it and record the cost again to correct it.",
                        locked[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(freight.state == "confirmed" for freight in self):
            raise UserError(self.env._("A confirmed expedited freight cost is kept: cancel it instead."))

    def action_confirm(self):
        self.check_access("write")
        for freight in self:
            if freight.state != "draft":
                raise UserError(self.env._("%s is not a draft.", freight.name))
        self._dist_check_guards("confirm")
        self.sudo().write({"state": "confirmed"})
        self._dist_use_approvals("expedited_freight")
        return True

    def action_request_approval(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%s is not a draft.", self.name))
        return self._dist_request_action(self._dist_request_guards("confirm"))

    def action_cancel(self):
        self.check_access("write")
        if any(freight.state == "cancelled" for freight in self):
            raise UserError(self.env._("The record is cancelled already."))
        self.sudo().write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.check_access("write")
        if any(freight.state != "cancelled" for freight in self):
            raise UserError(self.env._("Only a cancelled record goes back to draft."))
        self.sudo().write({"state": "draft"})
        return True

    def _dist_guards(self, action):
        if action != "confirm":
            return super()._dist_guards(action)
        return {
            freight.id: [
                DistGuard(
                    "expedited_freight",
                    freight.amount_company,
                    self.env._("The expedited freight cost"),
                    self.env._("Request Approval"),
                )
            ]
            for freight in self
            if freight.company_id.dist_expedited_freight_control
        }
