# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import float_is_zero

# What the discount and margin approvals measure on a line.
PRICE_FIELDS = {"price_unit", "discount", "product_uom_qty", "product_uom", "product_id"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dist_list_price = fields.Float(
        string="Pricelist Price",
        compute="_compute_dist_discount",
        digits="Product Price",
        help="Unit price the customer's pricelist gives, before any manual discount.",
    )
    dist_effective_discount = fields.Float(
        string="Discount vs Pricelist (%)",
        compute="_compute_dist_discount",
        digits=(16, 2),
        help="How far the net unit price is below the pricelist price.",
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

    @api.depends("product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "order_id.pricelist_id")
    def _compute_dist_discount(self):
        for line in self:
            if not line.product_id or line.display_type:
                line.dist_list_price = line.dist_effective_discount = 0.0
                continue
            list_price = line._get_pricelist_price() if line.pricelist_item_id else line.product_id.lst_price
            net_price = line.price_unit * (1 - (line.discount or 0.0) / 100)
            line.dist_list_price = list_price
            if float_is_zero(list_price, precision_digits=6) or net_price >= list_price:
                line.dist_effective_discount = 0.0
            else:
                line.dist_effective_discount = (list_price - net_price) / list_price * 100

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su:
            lines.order_id._dist_check_confirmed_prices()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if not self.env.su and PRICE_FIELDS & vals.keys():
            self.order_id._dist_check_confirmed_prices()
        return result

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
