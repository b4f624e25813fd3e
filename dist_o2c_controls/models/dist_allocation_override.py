# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.addons.dist_exception_core.models.selection import CUSTOMER_TIERS
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, formatLang

from .stock_move import releasing

CODE = "sale_allocation_override"


class DistAllocationOverride(models.Model):
    """Stock reserved for one customer's order line, taken for another's: asked with a
    reason, approved under the 'sale_allocation_override' threshold (in quantity) when the
    customer losing it is of a protected tier, then applied; both orders keep the trace."""

    _name = "dist.allocation.override"
    _description = "Allocation Override"
    _inherit = ["mail.thread", "dist.approval.mixin"]
    _order = "create_date desc, id desc"

    line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="For Order Line",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('order_id', '=', order_id), ('product_id.is_storable', '=', True)]",
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        string="For Order",
        required=True,
        index=True,
        domain="[('state', '=', 'sale')]",
        help="The order that gets the stock.",
    )
    partner_id = fields.Many2one(related="order_id.partner_id", string="For Customer")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="line_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    missing_qty = fields.Float(
        related="line_id.dist_missing_qty",
        string="Still to Reserve",
        help="What the line still needs, in the product's unit: open demand not reserved yet.",
    )
    source_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Taken From",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('product_id', '=', product_id), ('order_id', '!=', order_id), ('state', '=', 'sale'), "
        "('company_id', '=', company_id), ('move_ids.state', 'in', ('assigned', 'partially_available'))]",
        help="The order line whose reservation gives the stock.",
    )
    source_order_id = fields.Many2one(related="source_line_id.order_id", string="Giving Order", store=True, index=True)
    source_partner_id = fields.Many2one(related="source_order_id.partner_id", string="Customer Losing It")
    source_tier = fields.Selection(
        related="source_order_id.partner_id.commercial_partner_id.dist_customer_tier",
        string="Their Tier",
    )
    source_reserved_qty = fields.Float(
        related="source_line_id.dist_reserved_qty",
        string="Reserved There",
        help="What the giving line has reserved and not picked yet, in the product's unit.",
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure", help="In the product's unit.")
    reason = fields.Text(required=True)
    state = fields.Selection(
        selection=[("pending", "Waiting for approval"), ("applied", "Applied"), ("rejected", "Rejected")],
        default="pending",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    taken_qty = fields.Float(
        string="Reserved for the Order",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="What the order could reserve once the stock was released.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Asked By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date_applied = fields.Datetime(string="Applied On", readonly=True, copy=False)

    @api.depends("quantity", "product_id", "source_order_id", "order_id")
    def _compute_display_name(self):
        for override in self:
            override.display_name = self.env._(
                "%(qty)s %(product)s from %(giver)s to %(order)s",
                qty=formatLang(self.env, override.quantity),
                product=override.product_id.display_name or "",
                giver=override.source_order_id.name or "",
                order=override.order_id.name or "",
            )

    @api.constrains("line_id", "source_line_id", "order_id", "quantity")
    def _check_lines(self):
        for override in self.filtered(lambda o: o.state == "pending"):
            override._dist_check_applicable()

    @api.onchange("line_id")
    def _onchange_line_id(self):
        if self.line_id:
            self.quantity = self.line_id.dist_missing_qty

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                vals.update(state="pending", user_id=self.env.uid)
                vals.pop("taken_qty", None)
                vals.pop("date_applied", None)
        overrides = super().create(vals_list)
        for override in overrides:
            if override._dist_guard_error("apply"):
                override._dist_request_guards("apply", reason=override.reason)
            else:
                override._dist_apply()
        return overrides

    def write(self, vals):
        # Once asked, an override is decided (approved, rejected), never edited: the
        # request covers the quantity, lines and reason it was asked with.
        if not self.env.su and vals.keys() - {"message_main_attachment_id"}:
            raise UserError(self.env._("An allocation override is not edited once asked: ask a new one."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_trace(self):
        if self.filtered(lambda o: o.state != "rejected"):
            raise UserError(
                self.env._("An allocation override waiting or applied is the orders' trace: it is not deleted.")
            )

    def _dist_approval_company(self):
        return self.company_id

    def _dist_guards(self, action):
        guards = super()._dist_guards(action)
        if action != "apply":
            return guards
        for override in self.sudo():
            company = override.company_id
            tier = override.source_tier or "standard"
            if company.dist_allocation_control and tier in company._dist_allocation_tiers():
                guards.setdefault(override.id, []).append(
                    DistGuard(CODE, override.quantity, override._dist_guard_label)
                )
        return guards

    def _dist_guard_label(self):
        self.ensure_one()
        # The other order and its customer, whoever asks: a rep may not read them.
        override = self.sudo()
        tier = override.source_tier or "standard"
        return self.env._(
            "Taking %(qty)s %(unit)s of %(product)s reserved for %(order)s (%(customer)s, %(tier)s)",
            qty=formatLang(self.env, override.quantity),
            unit=override.product_uom_id.name,
            product=override.product_id.display_name,
            order=override.source_order_id.name,
            customer=override.source_partner_id.display_name,
            tier=dict(CUSTOMER_TIERS)[tier],
        )

    def _dist_approval_decided(self, request):
        if self.state != "pending":
            return
        if request.state == "approved":
            self._dist_apply()
            return
        self.sudo().state = "rejected"
        body = self.env._(
            "Taking %(qty)s %(product)s from %(giver)s for %(order)s rejected: %(note)s",
            qty=formatLang(self.env, self.quantity),
            product=self.product_id.display_name,
            giver=self.source_order_id.name,
            order=self.order_id.name,
            note=request.decision_note or "",
        )
        for order in (self.order_id | self.source_order_id).sudo():
            order.message_post(body=body)

    def _dist_check_applicable(self):
        """Raise unless the override can be applied as asked: a positive quantity the order
        line still needs and the other line has reserved, in the same company and stock."""
        self.ensure_one()
        # Facts of both orders, whoever asks: a rep may not read the other order.
        override = self.sudo()
        order, line, source = override.order_id, override.line_id, override.source_line_id
        quantity, unit = override.quantity, override.product_uom_id
        rounding = unit.rounding
        if line.order_id != order:
            raise ValidationError(self.env._("The order line is not on %s.", order.name))
        if order.state != "sale" or source.order_id.state != "sale":
            raise ValidationError(self.env._("Stock is taken between confirmed orders only."))
        if source.order_id == order:
            raise ValidationError(self.env._("Stock is taken from another order, not from the same one."))
        if source.product_id != line.product_id:
            raise ValidationError(
                self.env._(
                    "%(giver)s is for %(other)s, not %(product)s.",
                    giver=source.order_id.name,
                    other=source.product_id.display_name,
                    product=line.product_id.display_name,
                )
            )
        if source.company_id != line.company_id:
            raise ValidationError(self.env._("Stock is taken between orders of the same company only."))
        if float_compare(quantity, 0, precision_rounding=rounding) <= 0:
            raise ValidationError(self.env._("The quantity to take must be positive."))
        moves, source_moves = line._dist_reservation_moves(), source._dist_reservation_moves()
        if not moves or not source_moves or not (moves.location_id & source_moves.location_id):
            raise ValidationError(
                self.env._(
                    "%(order)s and %(giver)s do not reserve %(product)s from the same stock.",
                    order=order.name,
                    giver=source.order_id.name,
                    product=line.product_id.display_name,
                )
            )
        values = {"unit": unit.name, "product": line.product_id.display_name}
        if float_compare(quantity, line.dist_missing_qty, precision_rounding=rounding) > 0:
            raise ValidationError(
                self.env._(
                    "%(order)s still needs only %(qty)s %(unit)s of %(product)s.",
                    order=order.name,
                    qty=formatLang(self.env, line.dist_missing_qty),
                    **values,
                )
            )
        if float_compare(quantity, source.dist_reserved_qty, precision_rounding=rounding) > 0:
            raise ValidationError(
                self.env._(
                    "%(giver)s has only %(qty)s %(unit)s of %(product)s reserved and not picked.",
                    giver=source.order_id.name,
                    qty=formatLang(self.env, source.dist_reserved_qty),
                    **values,
                )
            )

    def _dist_apply(self):
        """Release the quantity from the other line's reservation and reserve it for the
        order line; log it on both orders."""
        self.ensure_one()
        self._dist_check_guards("apply")
        self._dist_check_applicable()
        # The approval (or the threshold not applying) is the authorization: the stock
        # moves are changed whatever the stock rights of the requester or the approver.
        line, source = self.line_id.sudo(), self.source_line_id.sudo()
        moves = line._dist_reservation_moves()
        before = line.dist_missing_qty
        source_moves = source._dist_reservation_moves()
        releasing(source_moves)._dist_release(self.quantity)
        moves._action_assign()
        # What the order could not take (lots, packages, other bins) goes back where it was.
        source_moves._action_assign()
        line.invalidate_recordset(["dist_missing_qty"])
        taken = max(before - line.dist_missing_qty, 0.0)
        if float_is_zero(taken, precision_rounding=self.product_uom_id.rounding):
            # Nothing gained: the release is rolled back with this error.
            raise UserError(
                self.env._(
                    "%(order)s could not reserve the %(product)s released from %(giver)s: check its delivery.",
                    order=self.order_id.name,
                    product=self.product_id.display_name,
                    giver=self.source_order_id.name,
                )
            )
        self._dist_use_approvals(CODE)
        self.sudo().write({"state": "applied", "taken_qty": taken, "date_applied": fields.Datetime.now()})
        values = {
            "qty": formatLang(self.env, self.quantity),
            "unit": self.product_uom_id.name,
            "product": self.product_id.display_name,
            "giver": self.source_order_id.name,
            "order": self.order_id.name,
            "user": self.user_id.name,
            "reason": self.reason,
        }
        self.source_order_id.sudo().message_post(
            body=self.env._(
                "%(qty)s %(unit)s of %(product)s reserved for this order taken for %(order)s "
                "(asked by %(user)s): %(reason)s",
                **values,
            )
        )
        note = ""
        if float_compare(taken, self.quantity, precision_rounding=self.product_uom_id.rounding) < 0:
            note = self.env._(" (only %s could be reserved)", formatLang(self.env, taken))
        self.order_id.sudo().message_post(
            body=self.env._(
                "%(qty)s %(unit)s of %(product)s taken from the reservation of %(giver)s "
                "(asked by %(user)s): %(reason)s%(note)s",
                **values,
                note=note,
            )
        )
