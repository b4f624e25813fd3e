# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, formatLang


class StockQuant(models.Model):
    _name = "stock.quant"
    _inherit = ["stock.quant", "dist.exception.mixin", "dist.approval.mixin"]

    dist_reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Adjustment Reason",
        domain=[("usage", "=", "adjustment")],
        help="Why the count differs from the book quantity. Required to apply a difference.",
    )
    dist_counted_by_id = fields.Many2one(comodel_name="res.users", string="Counted By", readonly=True)
    dist_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    dist_variance_value = fields.Monetary(
        string="Difference Value",
        compute="_compute_dist_variance_value",
        store=True,
        currency_field="dist_currency_id",
        help="The counted difference at the product's cost.",
    )
    dist_variance_approval = fields.Selection(
        selection=[
            ("not_required", "Within limits"),
            ("required", "Approval required"),
            ("pending", "Waiting for approval"),
            ("approved", "Approved"),
        ],
        string="Variance Approval",
        compute="_compute_dist_variance_approval",
    )

    @api.depends("inventory_diff_quantity", "product_id", "inventory_quantity_set")
    def _compute_dist_variance_value(self):
        for quant in self:
            cost = quant.product_id.with_company(quant.company_id).standard_price
            quant.dist_variance_value = quant.inventory_diff_quantity * cost if quant.inventory_quantity_set else 0.0

    @api.depends("dist_variance_value", "inventory_diff_quantity", "inventory_quantity_set")
    def _compute_dist_variance_approval(self):
        values = {quant.id: abs(quant.dist_variance_value) for quant in self._dist_beyond_limits() if quant.id}
        statuses = self.browse(list(values))._dist_approval_statuses("stock_variance", values) if values else {}
        for quant in self:
            quant.dist_variance_approval = statuses.get(quant.id, ("not_required", None))[0]

    @api.model
    def _get_inventory_fields_write(self):
        return [*super()._get_inventory_fields_write(), "dist_reason_id", "dist_counted_by_id"]

    def write(self, vals):
        if "inventory_quantity" in vals and "dist_counted_by_id" not in vals:
            vals = dict(vals, dist_counted_by_id=self.env.uid)
        return super().write(vals)

    def action_apply_inventory(self):
        if self.env.su:
            # Data files and sudo'ed flows of other modules apply stock without a person to ask.
            return super().action_apply_inventory()
        counted = self.filtered("inventory_quantity_set")
        counted._dist_check_reasons()
        rules = self.env["dist.approval.rule"]
        is_stock_manager = self.env.user.has_group("stock.group_stock_manager")
        for quant in counted._dist_beyond_limits():
            if rules._dist_get("stock_variance", quant.company_id):
                quant._dist_check_approval("stock_variance", abs(quant.dist_variance_value))
            elif not is_stock_manager:
                # Without an approval policy the limit still holds: only an administrator goes past it.
                raise UserError(
                    self.env._(
                        "The count of %(product)s @ %(location)s is beyond the limits of its warehouse: "
                        "an Inventory Administrator must apply it.",
                        product=quant.product_id.display_name,
                        location=quant.location_id.display_name,
                    )
                )
        return super().action_apply_inventory()

    def action_clear_inventory_quantity(self):
        result = super().action_clear_inventory_quantity()
        self.write({"dist_reason_id": False, "dist_counted_by_id": False})
        return result

    def action_dist_request_variance_approval(self):
        self.ensure_one()
        if not self._dist_beyond_limits():
            raise UserError(self.env._("This count is within the limits of its warehouse: apply it directly."))
        request = self._dist_request_approval(
            "stock_variance",
            abs(self.dist_variance_value),
            reason=self._dist_variance_text(),
        )
        return request.get_formview_action()

    def _dist_check_reasons(self):
        missing = self.filtered(
            lambda q: (
                not q.dist_reason_id
                and not float_is_zero(q.inventory_diff_quantity, precision_rounding=q.product_uom_id.rounding)
            )
        )
        if missing:
            raise UserError(
                self.env._(
                    "Give an adjustment reason for every count that changes the stock: %s.",
                    ", ".join(f"{q.product_id.display_name} @ {q.location_id.display_name}" for q in missing[:10]),
                )
            )

    def _dist_beyond_limits(self):
        """Counted quants whose difference is beyond their warehouse's quantity or value limit."""
        return self.filtered(
            lambda q: (
                q.inventory_quantity_set
                and q.location_id.warehouse_id
                and q.location_id.warehouse_id._dist_variance_needs_approval(
                    q.inventory_diff_quantity, q.dist_variance_value
                )
            )
        )

    def _dist_variance_text(self):
        self.ensure_one()
        return self.env._(
            "%(product)s @ %(location)s: book %(book)s, counted %(counted)s (%(diff)s, %(value)s). Reason: %(reason)s.",
            product=self.product_id.display_name,
            location=self.location_id.display_name,
            book=formatLang(self.env, self.quantity),
            counted=formatLang(self.env, self.inventory_quantity),
            diff=formatLang(self.env, self.inventory_diff_quantity),
            value=formatLang(self.env, self.dist_variance_value, currency_obj=self.dist_currency_id),
            reason=self.dist_reason_id.display_name or self.env._("none given"),
        )

    def _apply_inventory(self):
        counted = self.filtered("inventory_quantity_set")
        # Count Results keep the counts people apply: stock loaded by data files or set by
        # other modules' sudo'ed flows is no count and would only blur the accuracy KPI.
        if not self.env.su:
            self.env["dist.stock.count"].sudo().create(counted._dist_count_values())
        result = super()._apply_inventory()
        counted._dist_use_approvals("stock_variance")
        exc_type = self.env.ref(
            "dist_warehouse_exceptions.dist_exception_type_count_variance", raise_if_not_found=False
        )
        if exc_type and counted:
            self.env["dist.exception"].sudo()._dist_clear(
                exc_type,
                counted,
                self.env._("The count was applied."),
                root_cause=self.env.ref("dist_exception_core.dist_root_cause_stock_inaccuracy"),
            )
        return result

    def _get_inventory_move_values(self, qty, location_id, location_dest_id, package_id=False, package_dest_id=False):
        values = super()._get_inventory_move_values(
            qty, location_id, location_dest_id, package_id=package_id, package_dest_id=package_dest_id
        )
        if self.dist_reason_id:
            values["name"] = f"{values['name']} - {self.dist_reason_id.display_name}"
        return values

    def _dist_count_values(self):
        requests = (
            self.env["dist.approval.request"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("rule_id.code", "=", "stock_variance"),
                    ("state", "=", "approved"),
                ]
            )
        )
        request_by_quant = {request.res_id: request.id for request in requests}
        vals_list = []
        for quant in self:
            cost = quant.product_id.with_company(quant.company_id).standard_price
            difference = quant.inventory_diff_quantity
            vals_list.append(
                {
                    "company_id": quant.company_id.id,
                    "warehouse_id": quant.location_id.warehouse_id.id,
                    "location_id": quant.location_id.id,
                    "product_id": quant.product_id.id,
                    "lot_id": quant.lot_id.id,
                    "book_qty": quant.quantity,
                    "counted_qty": quant.inventory_quantity,
                    "difference_qty": difference,
                    "unit_cost": cost,
                    "book_value": quant.quantity * cost,
                    "difference_value": difference * cost,
                    "absolute_value": abs(difference * cost),
                    "accurate": float_is_zero(difference, precision_rounding=quant.product_uom_id.rounding),
                    "reason_id": quant.dist_reason_id.id,
                    "counted_by_id": (quant.dist_counted_by_id or self.env.user).id,
                    "approval_request_id": request_by_quant.get(quant.id, False),
                }
            )
        return vals_list

    @api.model
    def _dist_detect_count_variance(self, _exception_type):
        """Counts entered but not applied whose difference is beyond the warehouse's limits."""
        counted = self.search([("inventory_quantity_set", "=", True), ("location_id.usage", "=", "internal")])
        return counted._dist_beyond_limits()

    @api.model
    def _dist_detect_negative_stock(self, _exception_type):
        """Stock below zero in a warehouse location: stock was issued that the books do not have."""
        return self.search([("location_id.usage", "=", "internal"), ("quantity", "<", 0)])

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for quant in self:
            vals = values[quant.id]
            vals["warehouse_id"] = quant.location_id.warehouse_id.id or False
            vals["location_id"] = quant.location_id.id
            if exception_type.code == "count_variance":
                vals["description"] = quant._dist_variance_text()
            else:
                vals["description"] = self.env._(
                    "%(product)s @ %(location)s: %(qty)s on hand, %(reserved)s reserved.",
                    product=quant.product_id.display_name,
                    location=quant.location_id.display_name,
                    qty=formatLang(self.env, quant.quantity),
                    reserved=formatLang(self.env, quant.reserved_quantity),
                )
        return values
