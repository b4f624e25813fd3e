# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

RMA_STATES = [
    ("draft", "Draft"),
    ("authorized", "Authorized"),
    ("used", "Returned"),
    ("cancelled", "Cancelled"),
]


class DistReturnAuthorization(models.Model):
    """Permission for a customer to send back goods of one delivery: which products, how
    many (never more than were delivered), why. Where the warehouse requires it, the
    return of a customer delivery is created only under an authorized one, which it uses
    up; authorizing a return worth more than the company's 'return_authorization'
    threshold takes an approved request."""

    _name = "dist.return.authorization"
    _inherit = ["mail.thread", "dist.approval.mixin"]
    _description = "Return Authorization"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        selection=RMA_STATES, required=True, default="draft", readonly=True, copy=False, tracking=True
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        required=True,
        index=True,
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('state', '=', 'done')]",
        help="The customer delivery the goods come back from.",
    )
    company_id = fields.Many2one(related="picking_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="picking_id.partner_id", string="Customer", store=True)
    sale_id = fields.Many2one(related="picking_id.sale_id", string="Sales Order", store=True)
    warehouse_id = fields.Many2one(related="picking_id.picking_type_id.warehouse_id", string="Warehouse")
    reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Return Reason",
        required=True,
        domain=[("usage", "=", "return")],
        tracking=True,
    )
    line_ids = fields.One2many(
        comodel_name="dist.return.authorization.line",
        inverse_name="authorization_id",
        string="Products",
        copy=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Value",
        compute="_compute_amount",
        store=True,
        help="What the returned goods are worth at the order's prices (the product's sales price "
        "without an order): what the approval threshold reads.",
    )
    return_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Return",
        readonly=True,
        copy=False,
        help="The return created under this authorization.",
    )
    note = fields.Text()

    @api.depends("line_ids.value")
    def _compute_amount(self):
        for authorization in self:
            authorization.amount = sum(authorization.line_ids.mapped("value"))

    @api.constrains("reason_id")
    def _check_reason_usage(self):
        self.reason_id._dist_check_usage("return")

    @api.constrains("picking_id")
    def _check_picking(self):
        for authorization in self:
            picking = authorization.picking_id
            if picking.picking_type_code != "outgoing" or picking.state != "done":
                raise ValidationError(
                    self.env._("%s is not a shipped customer delivery: only those are returned.", picking.name)
                )
        # Another delivery: the quantities are checked against it.
        self.line_ids._check_quantity()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(self.env._("A return authorization starts as a draft: authorize it with Authorize."))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dist.return.authorization") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if {"state", "return_picking_id"} & vals.keys():
                raise UserError(self.env._("A return authorization changes state through its buttons only."))
            locked = self.filtered(lambda a: a.state != "draft")
            if locked and vals.keys() - {"note"}:
                raise UserError(self.env._("%s is no longer a draft: only its note changes.", locked[0].name))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(authorization.state not in ("draft", "cancelled") for authorization in self):
            raise UserError(self.env._("An authorized or used return authorization is kept: cancel it instead."))

    def action_authorize(self):
        self.check_access("write")
        for authorization in self:
            if authorization.state != "draft":
                raise UserError(self.env._("%s is not a draft.", authorization.name))
            if not authorization.line_ids:
                raise UserError(self.env._("Say which products %s lets the customer return.", authorization.name))
        self._dist_check_guards("authorize")
        self.sudo().write({"state": "authorized"})
        self._dist_use_approvals("return_authorization")
        return True

    def action_request_approval(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%s is not a draft.", self.name))
        return self._dist_request_action(self._dist_request_guards("authorize"))

    def action_cancel(self):
        self.check_access("write")
        if any(authorization.state not in ("draft", "authorized") for authorization in self):
            raise UserError(self.env._("Only a draft or authorized, unused return authorization is cancelled."))
        self.sudo().write({"state": "cancelled"})
        return True

    def action_open_return(self):
        self.ensure_one()
        return self.return_picking_id.get_formview_action()

    def _dist_guards(self, action):
        if action != "authorize":
            return super()._dist_guards(action)
        return {
            authorization.id: [
                DistGuard(
                    "return_authorization",
                    authorization.amount,
                    self.env._("The value of the return"),
                    self.env._("Request Approval"),
                )
            ]
            for authorization in self
            if authorization.warehouse_id.dist_return_authorization_required
        }

    def _dist_reopen(self):
        """The return made under ``self`` was cancelled or deleted: the customer may still
        send the goods back under it."""
        self.sudo().write({"state": "authorized", "return_picking_id": False})
        for authorization in self:
            authorization.message_post(body=self.env._("Its return was cancelled: authorized again."))

    def _dist_quantities(self):
        """{product: quantity authorized, in the product's unit}."""
        self.ensure_one()
        quantities = {}
        for line in self.line_ids:
            quantities[line.product_id] = quantities.get(line.product_id, 0.0) + line.quantity
        return quantities

    def _dist_check_covers(self, picking, quantities, used=False):
        """Refuse unless ``self`` is an authorized return of ``picking`` (``used``: the one
        its return was made under) covering ``quantities`` ({product: quantity in the
        product's unit})."""
        self.ensure_one()
        if self.state != ("used" if used else "authorized") or self.picking_id != picking:
            raise UserError(
                self.env._(
                    "%(rma)s does not authorize a return of %(picking)s: it is %(state)s, for %(its)s.",
                    rma=self.name,
                    picking=picking.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                    its=self.picking_id.name,
                )
            )
        authorized = self._dist_quantities()
        for product, quantity in quantities.items():
            if float_compare(quantity, authorized.get(product, 0.0), precision_rounding=product.uom_id.rounding) > 0:
                raise UserError(
                    self.env._(
                        "%(rma)s authorizes %(allowed)s %(uom)s of %(product)s, not %(qty)s.",
                        rma=self.name,
                        allowed=authorized.get(product, 0.0),
                        uom=product.uom_id.name,
                        product=product.display_name,
                        qty=quantity,
                    )
                )
