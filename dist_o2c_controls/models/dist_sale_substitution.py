# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, formatLang


class DistSaleSubstitution(models.Model):
    """A product substitution on a confirmed order line: asked, approved under the
    'sale_substitution' threshold, then applied, and kept as the order's trace."""

    _name = "dist.sale.substitution"
    _description = "Sale Order Substitution"
    _inherit = ["mail.thread", "dist.approval.mixin"]
    _order = "create_date desc, id desc"

    line_id = fields.Many2one(comodel_name="sale.order.line", string="Order Line", required=True, ondelete="cascade")
    order_id = fields.Many2one(related="line_id.order_id", store=True, index=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    product_id = fields.Many2one(related="line_id.product_id", string="Ordered Product")
    substitute_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Substitute",
        required=True,
        domain="[('sale_ok', '=', True), ('id', '!=', product_id)]",
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    value = fields.Monetary(compute="_compute_value", store=True, help="Value of the substituted quantity.")
    reason = fields.Text(required=True)
    state = fields.Selection(
        selection=[("pending", "Waiting for approval"), ("applied", "Applied"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
    )
    new_line_id = fields.Many2one(comodel_name="sale.order.line", string="Substitute Line", readonly=True)

    @api.depends("quantity", "line_id.price_reduce_taxexcl")
    def _compute_value(self):
        for substitution in self:
            substitution.value = substitution.quantity * substitution.line_id.price_reduce_taxexcl

    @api.constrains("quantity", "line_id")
    def _check_quantity(self):
        for substitution in self:
            line = substitution.line_id
            open_qty = line.product_uom_qty - line.qty_delivered
            rounding = line.product_uom.rounding
            if float_compare(substitution.quantity, 0, precision_rounding=rounding) <= 0:
                raise ValidationError(self.env._("The quantity to substitute must be positive."))
            if substitution.state == "pending" and (
                float_compare(substitution.quantity, open_qty, precision_rounding=rounding) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "Only %(qty)s of %(product)s are still to deliver on %(order)s.",
                        qty=formatLang(self.env, open_qty),
                        product=line.product_id.display_name,
                        order=line.order_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        substitutions = super().create(vals_list)
        for substitution in substitutions:
            if substitution.line_id.order_id.state != "sale":
                raise UserError(self.env._("Substitute products on confirmed orders only; edit the quotation instead."))
            if substitution._dist_guard_error("apply"):
                substitution._dist_request_guards("apply", reason=substitution.reason)
            else:
                substitution._dist_apply()
        return substitutions

    def _dist_guards(self, action):
        guards = super()._dist_guards(action)
        if action != "apply":
            return guards
        for substitution in self.filtered("company_id.dist_substitution_control"):
            guards.setdefault(substitution.id, []).append(
                DistGuard("sale_substitution", substitution.value, substitution._dist_guard_label)
            )
        return guards

    def _dist_guard_label(self):
        self.ensure_one()
        return self.env._(
            "Substituting %(qty)s %(product)s by %(substitute)s",
            qty=formatLang(self.env, self.quantity),
            product=self.product_id.display_name,
            substitute=self.substitute_product_id.display_name,
        )

    def _dist_approval_company(self):
        return self.company_id

    def _dist_approval_decided(self, request):
        if self.state != "pending":
            return
        if request.state == "approved":
            self._dist_apply()
        else:
            self.state = "rejected"
            self.order_id.message_post(
                body=self.env._(
                    "Substitution of %(product)s by %(substitute)s rejected: %(note)s",
                    product=self.product_id.display_name,
                    substitute=self.substitute_product_id.display_name,
                    note=request.decision_note,
                )
            )

    def _dist_apply(self):
        """Move the quantity from the ordered line to a new line of the substitute at the same price."""
        self.ensure_one()
        self._dist_check_guards("apply")
        line = self.line_id
        self.new_line_id = line.copy(
            {
                "order_id": line.order_id.id,
                "product_id": self.substitute_product_id.id,
                "product_uom_qty": self.quantity,
                "price_unit": line.price_unit,
                "discount": line.discount,
                "name": self.env._(
                    "%(substitute)s (substitute for %(product)s)",
                    substitute=self.substitute_product_id.display_name,
                    product=line.product_id.display_name,
                ),
            }
        )
        line.product_uom_qty -= self.quantity
        self.state = "applied"
        line.order_id.message_post(
            body=self.env._(
                "%(qty)s %(product)s substituted by %(substitute)s: %(reason)s",
                qty=formatLang(self.env, self.quantity),
                product=line.product_id.display_name,
                substitute=self.substitute_product_id.display_name,
                reason=self.reason,
            )
        )
