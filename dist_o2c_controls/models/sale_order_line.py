# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero, float_round, formatLang

# What the discount and margin approvals measure on a line.
# purchase_price: the cost the margin is measured at (sale_margin).
PRICE_FIELDS = {"price_unit", "discount", "product_uom_qty", "product_uom", "product_id", "purchase_price"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dist_list_price = fields.Float(
        string="Reference Price",
        compute="_compute_dist_discount",
        digits="Product Price",
        help="Unit price of the order's reference pricelist (the customer's own, or the company's base "
        "pricelist), in this line's unit and the order's currency, before any discount.",
    )
    dist_effective_discount = fields.Float(
        string="Discount vs Reference (%)",
        compute="_compute_dist_discount",
        digits=(16, 2),
        help="How far the net unit price is below the reference price; a negative line counts in full.",
    )

    dist_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Customer Lot",
        domain="[('product_id', '=', product_id)]",
        copy=False,
        help="The lot promised to this customer: delivering another one needs approval.",
    )
    dist_substitution_ids = fields.One2many(
        comodel_name="dist.sale.substitution",
        inverse_name="line_id",
        string="Substitutions",
        groups="dist_exception_core.dist_exception_core_group_user",
    )

    dist_allocation_override_ids = fields.One2many(
        comodel_name="dist.allocation.override",
        inverse_name="line_id",
        string="Stock Taken for This Line",
        groups="dist_exception_core.dist_exception_core_group_user",
    )
    dist_reserved_qty = fields.Float(
        string="Reserved",
        compute="_compute_dist_reservation",
        digits="Product Unit of Measure",
        help="Reserved for this line and not picked yet, in the product's unit.",
    )
    dist_missing_qty = fields.Float(
        string="Still to Reserve",
        compute="_compute_dist_reservation",
        digits="Product Unit of Measure",
        help="Open demand of this line no stock is reserved for yet, in the product's unit.",
    )

    @api.depends(
        "product_id",
        "product_uom_qty",
        "product_uom",
        "price_unit",
        "discount",
        "product_no_variant_attribute_value_ids",
        "order_id.dist_reference_pricelist_id",
        "order_id.currency_id",
        "order_id.date_order",
    )
    def _compute_dist_discount(self):
        references = self._dist_priced_lines()._dist_reference_prices()
        for line in self:
            if line not in references:
                line.dist_list_price = line.dist_effective_discount = 0.0
                continue
            reference = references[line]
            net = line._dist_net_price()
            line.dist_list_price = reference
            if reference > 0:
                line.dist_effective_discount = max(reference - net, 0.0) / reference * 100
            else:
                # Nothing to sell at the reference: a negative line gives its whole amount away.
                line.dist_effective_discount = 100.0 if net < 0 else 0.0

    def _dist_priced_lines(self):
        """The lines the discount is measured on: products sold, negative lines included. Down
        payments, delivery charges and loyalty rewards are priced by their own rules."""

        def priced(line):
            own_rules = ("is_downpayment", "is_delivery", "reward_id")
            return (
                line.product_id
                and not line.display_type
                and not any(name in line._fields and line[name] for name in own_rules)
            )

        return self.filtered(priced)

    def _dist_net_price(self):
        """Unit price after the line's discount, in the order's currency and the line's unit."""
        self.ensure_one()
        return self.price_unit * (1 - (self.discount or 0.0) / 100)

    def _dist_reference_prices(self):
        """{line: unit price of its order's reference pricelist}: for its quantity, in its unit,
        at the order date, converted from the pricelist's currency to the order's, rounded
        as a price (the line's Reference Price). Each
        pricelist's rules are fetched once per order date for all the lines, as Odoo's
        ``_compute_price_rule`` does for one quantity: a batch of orders costs no query per line.
        Where no rule applies (no pricelist, or none for the products), the reference is the
        products' sales price, read for all of them at once."""
        by_pricelist = {}
        for line in self:
            order = line.order_id
            company = order.company_id or self.env.company
            pricelist = order.dist_reference_pricelist_id.sudo().with_company(company)
            key = (pricelist, order.date_order or fields.Datetime.now())
            by_pricelist[key] = by_pricelist.get(key, self.browse()) | line
        prices = {}
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for (pricelist, date), lines in by_pricelist.items():
            rules = pricelist._get_applicable_rules(lines.product_id, date)
            # Attributes priced apart (no variant of their own) take Odoo's own pricing.
            at_list_price = (
                set() if rules else set(lines.filtered(lambda sol: not sol.product_no_variant_attribute_value_ids).ids)
            )
            list_prices = (
                self.browse(at_list_price).product_id.with_env(pricelist.env)._price_compute("list_price", date=date)
            )
            for line in lines:
                company = line.order_id.company_id or self.env.company
                target = line.order_id.currency_id or company.currency_id
                product = line.product_id
                uom = line.product_uom or product.uom_id
                if line.id in at_list_price:
                    source = product.currency_id
                    price = product.uom_id._compute_price(list_prices[product.id], uom)
                else:
                    source = pricelist.currency_id or company.currency_id
                    product = product.with_context(**line._get_product_price_context())
                    quantity = line.product_uom_qty or 1.0
                    in_product_uom = uom._compute_quantity(quantity, product.uom_id, raise_if_failure=False)
                    rule = next((r for r in rules if r._is_applicable_for(product, in_product_uom)), rules.browse())
                    price = rule._compute_price(product, quantity, uom, date=date, currency=source)
                if source != target:
                    price = source._convert(price, target, company, date, round=False)
                prices[line] = float_round(price, precision_digits=digits)
        return prices

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            costed = [line for line, vals in zip(lines, vals_list, strict=True) if "purchase_price" in vals]
            self.browse(line.id for line in costed)._dist_check_cost({})
            lines.order_id._dist_check_confirmed_prices()
        return lines

    def write(self, vals):
        guard_cost = "purchase_price" in vals and not self.env.su
        previous = {line.id: line.purchase_price for line in self} if guard_cost else {}
        result = super().write(vals)
        if guard_cost:
            self._dist_check_cost(previous)
        if not self.env.su and PRICE_FIELDS & vals.keys():
            self.order_id._dist_check_confirmed_prices()
        return result

    def _dist_check_cost(self, previous):
        """Under a minimum margin, the cost the margin is measured at is not the rep's to
        choose: only a sales administrator sets a line's cost to another figure than the one it
        had (``previous``: {line id: cost}) or the product's cost Odoo computes for it."""
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return
        digits = self.env["decimal.precision"].precision_get("Product Price")
        for line in self.filtered(lambda sol: sol.product_id and sol.order_id.company_id.dist_min_margin):
            if line.id in previous and float_is_zero(line.purchase_price - previous[line.id], precision_digits=digits):
                continue
            product = line.product_id.with_company(line.order_id.company_id)
            cost = line._convert_to_sol_currency(
                product.uom_id._compute_price(product.standard_price, line.product_uom), product.cost_currency_id
            )
            if float_is_zero(line.purchase_price - cost, precision_digits=digits):
                continue
            raise UserError(
                self.env._(
                    "%(order)s: the cost of %(product)s is what its margin is measured at; only a sales "
                    "administrator can set it to %(cost)s instead of %(computed)s.",
                    order=line.order_id.name,
                    product=product.display_name,
                    cost=formatLang(self.env, line.purchase_price, currency_obj=line.currency_id),
                    computed=formatLang(self.env, cost, currency_obj=line.currency_id),
                )
            )

    @api.depends("move_ids.state", "move_ids.product_qty", "move_ids.move_line_ids.quantity_product_uom")
    def _compute_dist_reservation(self):
        # The reservation is the company's stock, read whatever the user's stock rights.
        for line in self:
            moves = line.sudo()._dist_reservation_moves()
            lines = moves.move_line_ids
            line.dist_reserved_qty = sum(lines.filtered(lambda ml: not ml.picked).mapped("quantity_product_uom"))
            reserved = sum(lines.mapped("quantity_product_uom"))
            line.dist_missing_qty = max(sum(moves.mapped("product_qty")) - reserved, 0.0)

    def _dist_reservation_moves(self):
        """The open moves that reserve this line's stock: those taking it from stock (the
        delivery, or the pick of a multi-step delivery), not the later steps of a chain."""
        return self.move_ids.filtered(
            lambda m: (
                m.state not in ("draft", "done", "cancel")
                and m.procure_method == "make_to_stock"
                and m.location_id.usage == "internal"
                and m.location_dest_id.usage != "supplier"
            )
        )

    def action_dist_take_reserved_stock(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Take Reserved Stock for %s", self.product_id.display_name),
            "res_model": "dist.allocation.override",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_order_id": self.order_id.id,
                "default_line_id": self.id,
                "default_quantity": self.dist_missing_qty,
            },
        }

    def action_dist_substitute(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Substitute %s", self.product_id.display_name),
            "res_model": "dist.sale.substitution",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id, "default_quantity": self.product_uom_qty - self.qty_delivered},
        }
