# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.addons.dist_exception_core.models.selection import APPROVAL_STATUSES
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero, formatLang

# Cursor-cache key of the quants whose 'Inventoried Quantity' a person is applying.
PERSON_COUNTS = "dist_warehouse_exceptions.person_counts"


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
        selection=APPROVAL_STATUSES,
        string="Variance Approval",
        compute="_compute_dist_variance_approval",
    )
    dist_reason_required = fields.Boolean(
        related="location_id.warehouse_id.dist_adjustment_reason_required",
        string="Adjustment Reason Required",
    )

    @api.constrains("dist_reason_id")
    def _check_dist_reason_usage(self):
        self.dist_reason_id._dist_check_usage("adjustment")

    @api.depends("inventory_diff_quantity", "product_id")
    def _compute_dist_variance_value(self):
        for quant in self:
            cost = quant.product_id.with_company(quant.company_id).standard_price
            quant.dist_variance_value = quant.inventory_diff_quantity * cost

    @api.depends("dist_variance_value", "inventory_diff_quantity", "inventory_quantity_set")
    def _compute_dist_variance_approval(self):
        statuses = {
            quant.id: status for quant, _guard, status, _band in self.filtered("id")._dist_guard_statuses("apply")
        }
        for quant in self:
            quant.dist_variance_approval = statuses.get(quant.id, "not_required")

    @api.model
    def _get_inventory_fields_write(self):
        return [*super()._get_inventory_fields_write(), "dist_reason_id", "dist_counted_by_id"]

    # ------------------------------------------------------------------ guards
    # Every way a person changes stock by counting ends in ``_apply_inventory``: the
    # list's Apply, the conflict and tracking wizards, the Update Quantity wizard, a
    # quant created or edited in inventory mode with its quantity applied at once. The
    # count controls of the warehouse are checked there. Setting ``quantity`` itself,
    # which stock users may do over the API, would skip them: it is refused wherever a
    # warehouse controls its counts. Odoo's own stock moves change quantities as the
    # superuser (``_update_available_quantity``) and are not affected.

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        for vals in vals_list:
            if vals.get("quantity"):
                self._dist_refuse_direct_quantity(
                    self.env["product.product"].browse(vals.get("product_id")),
                    self.env["stock.location"].browse(vals.get("location_id")),
                    vals["quantity"],
                )
        if not self._is_inventory_mode():
            return super().create(vals_list)
        self._dist_carry_reasons(vals_list)
        # Odoo applies a count entered at creation on the superuser's quant: the key tells
        # _apply_inventory that a person counted (sudo keeps the user's id, not their rights).
        return super(StockQuant, self.with_context(dist_count_uid=self.env.uid)).create(vals_list)

    def write(self, vals):
        if "quantity" in vals and not self.env.su:
            target = self.env["stock.location"].browse(vals.get("location_id"))
            for quant in self:
                self._dist_refuse_direct_quantity(
                    quant.product_id, quant.location_id | target, (vals["quantity"] or 0.0) - quant.quantity
                )
        if "inventory_quantity" in vals and "dist_counted_by_id" not in vals:
            vals = dict(vals, dist_counted_by_id=self.env.uid)
        return super().write(vals)

    @api.model
    def _dist_refuse_direct_quantity(self, product, locations, change):
        """Refuse changing the on-hand quantity itself in a warehouse that controls its counts."""
        if float_is_zero(change, precision_rounding=product.sudo().uom_id.rounding or 0.01):
            return
        for location in locations.sudo():
            warehouse = location.warehouse_id
            if warehouse.dist_variance_control or warehouse.dist_adjustment_reason_required:
                raise UserError(
                    self.env._(
                        "The on-hand quantity of %(product)s @ %(location)s cannot be set directly: %(warehouse)s "
                        "controls its counts (adjustment reasons, approval beyond its limits). Enter the counted "
                        "quantity in Inventory > Physical Inventory and apply it there.",
                        product=product.sudo().display_name,
                        location=location.display_name,
                        warehouse=warehouse.name,
                    )
                )

    @api.model
    def _dist_carry_reasons(self, vals_list):
        """A count created in inventory mode on a quant that already exists only sets its
        counted quantity (Odoo's rule): the adjustment reason given with it goes on too."""
        if self.env.context.get("import_file"):
            return
        for vals in vals_list:
            if not vals.get("dist_reason_id") or not {"inventory_quantity", "inventory_quantity_auto_apply"} & set(
                vals
            ):
                continue
            lot = self.env["stock.lot"].browse(vals.get("lot_id"))
            existing = self._gather(
                self.env["product.product"].browse(vals.get("product_id")),
                self.env["stock.location"].browse(vals.get("location_id")),
                lot_id=lot,
                package_id=self.env["stock.quant.package"].browse(vals.get("package_id")),
                owner_id=self.env["res.partner"].browse(vals.get("owner_id")),
                strict=True,
            )
            if lot:
                existing = existing.filtered("lot_id")
            if existing:
                existing[0].write({"dist_reason_id": vals["dist_reason_id"]})

    def _set_inventory_quantity(self):
        """Odoo applies an 'Inventoried Quantity' under a context of its own (it replaces
        the caller's): the quants a person counts are marked on the cursor meanwhile."""
        if not self._dist_counted_by_person():
            return super()._set_inventory_quantity()
        return self._dist_as_person_counts(super()._set_inventory_quantity)

    def action_apply_inventory(self):
        """A module may switch to the superuser on the way to ``_apply_inventory``
        (stock_inventory_discrepancy does, loaded after the suite until the next restart):
        the quants a person applies are marked on the cursor meanwhile."""
        if not self._dist_counted_by_person():
            return super().action_apply_inventory()
        return self._dist_as_person_counts(super().action_apply_inventory)

    def _dist_as_person_counts(self, method):
        """Call ``method`` with ``self`` marked on the cursor as counted by the current user."""
        marks = self.env.cr.cache.setdefault(PERSON_COUNTS, set())
        added = {(self.env.uid, quant_id) for quant_id in self.ids} - marks
        marks |= added
        try:
            return method()
        finally:
            marks -= added

    def _dist_counted_by_person(self):
        """A person applies these counts: not the superuser of data files and Odoo's own
        sudo'ed flows, but a person's count that Odoo applies as the superuser (a quant
        created in inventory mode, the Update Quantity wizard) is theirs."""
        if not self.env.su or self.env.context.get("dist_count_uid") == self.env.uid:
            return True
        marks = self.env.cr.cache.get(PERSON_COUNTS, ())
        return any((self.env.uid, quant_id) in marks for quant_id in self.ids)

    def _dist_check_count_controls(self):
        """Raise a UserError unless every count of ``self`` passes its warehouse's controls."""
        changing = self.filtered(
            lambda q: not float_is_zero(q.inventory_diff_quantity, precision_rounding=q.product_uom_id.rounding)
        )
        changing.filtered("location_id.warehouse_id.dist_adjustment_reason_required")._dist_check_reasons()
        changing._dist_check_guards("apply")

    def _dist_guards(self, action):
        guards = super()._dist_guards(action)
        if action != "apply":
            return guards
        for quant in self._dist_beyond_limits():
            guards.setdefault(quant.id, []).append(
                DistGuard(
                    "stock_variance",
                    abs(quant.dist_variance_value),
                    quant._dist_guard_label,
                    self.env._("Request Approval on its line in Inventory > Physical Inventory"),
                )
            )
        return guards

    def _dist_guard_label(self):
        self.ensure_one()
        return self.env._(
            "The count of %(product)s, %(diff)s %(uom)s off the book quantity beyond the limits of %(warehouse)s,",
            **self._dist_message_values(),
        )

    def _dist_message_values(self):
        self.ensure_one()
        return {
            "product": self.product_id.display_name,
            "location": self.location_id.display_name,
            "diff": formatLang(self.env, self.inventory_diff_quantity, dp="Product Unit of Measure"),
            "uom": self.product_uom_id.name,
            "value": formatLang(self.env, self.dist_variance_value, currency_obj=self.dist_currency_id),
            "warehouse": self.location_id.warehouse_id.name,
        }

    def action_clear_inventory_quantity(self):
        result = super().action_clear_inventory_quantity()
        self.write({"dist_reason_id": False, "dist_counted_by_id": False})
        return result

    def action_dist_request_variance_approval(self):
        self.ensure_one()
        if not self._dist_beyond_limits():
            raise UserError(
                self.env._(
                    "%s needs no approval: its warehouse does not ask approval for this difference. Apply it directly.",
                    self.display_name,
                )
            )
        return self._dist_request_action(self._dist_request_guards("apply", reason=self._dist_variance_text()))

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
                    "Give an adjustment reason for every count that changes the stock (%(warehouses)s requires "
                    "one): set the Adjustment Reason in Inventory > Physical Inventory, then apply. "
                    "Missing on %(quants)s.",
                    warehouses=", ".join(missing.location_id.warehouse_id.mapped("name")),
                    quants=", ".join(
                        f"{q.product_id.display_name} @ {q.location_id.display_name}" for q in missing[:10]
                    ),
                )
            )

    def _dist_beyond_limits(self):
        """Quants whose counted difference needs approval: their warehouse asks approval
        for count variances and the difference is beyond its quantity or value limit."""
        return self.filtered(
            lambda q: (
                q.location_id.warehouse_id
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
        by_person = self._dist_counted_by_person()
        if by_person:
            self._dist_check_count_controls()
        counted = self.filtered("inventory_quantity_set")
        # Count Results keep the counts people apply: stock loaded by data files or set by
        # other modules' sudo'ed flows is no count and would only blur the accuracy KPI.
        if by_person:
            self.env["dist.stock.count"].sudo().create(counted._dist_count_values())
        result = super()._apply_inventory()
        counted._dist_use_approvals("stock_variance")
        exc_type = self.env.ref(
            "dist_warehouse_exceptions.dist_exception_type_count_variance", raise_if_not_found=False
        )
        if exc_type and counted:
            self.env["dist.exception"].sudo()._dist_clear(
                exc_type.sudo(),
                counted,
                self.env._("The count was applied."),
                root_cause=self.env.ref("dist_exception_core.dist_root_cause_stock_inaccuracy").sudo(),
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
        # As _dist_beyond_limits, in one query: the limits are the location's warehouse's.
        self.env["stock.warehouse"].flush_model(
            ["dist_variance_control", "dist_variance_qty_limit", "dist_variance_value_limit"]
        )
        self.env["stock.location"].flush_model(["warehouse_id"])
        self.flush_model(["location_id", "inventory_diff_quantity", "dist_variance_value"])
        query = self._search([("inventory_quantity_set", "=", True), ("location_id.usage", "=", "internal")])
        location = query.join(self._table, "location_id", "stock_location", "id", "dist_location")
        warehouse = query.join(location, "warehouse_id", "stock_warehouse", "id", "dist_warehouse")
        query.add_where(
            SQL(
                "%s AND (ABS(%s) > %s OR ABS(COALESCE(%s, 0)) > %s)",
                SQL.identifier(warehouse, "dist_variance_control"),
                SQL.identifier(self._table, "inventory_diff_quantity"),
                SQL.identifier(warehouse, "dist_variance_qty_limit"),
                SQL.identifier(self._table, "dist_variance_value"),
                SQL.identifier(warehouse, "dist_variance_value_limit"),
            )
        )
        return self.browse(id_ for (id_,) in self.env.execute_query(query.select()))

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
            vals["description"] = self.env._(
                "%(product)s @ %(location)s: %(qty)s on hand, %(reserved)s reserved.",
                product=quant.product_id.display_name,
                location=quant.location_id.display_name,
                qty=formatLang(self.env, quant.quantity),
                reserved=formatLang(self.env, quant.reserved_quantity),
            )
        return values

    def _dist_exception_values_count_variance(self, _exception_type):
        return {quant.id: {"description": quant._dist_variance_text()} for quant in self}
