# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# What a return's moves may not raise beyond its authorization.
AUTHORIZED_FIELDS = {"product_id", "product_uom_qty", "product_uom", "quantity", "picking_id", "state"}


class StockMove(models.Model):
    _inherit = "stock.move"

    dist_short_qty = fields.Float(
        string="Short Quantity",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="Demand that was not picked when the transfer was validated (pick accuracy).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves.picking_id._dist_check_authorized_quantities()
        return moves

    def write(self, vals):
        result = super().write(vals)
        if AUTHORIZED_FIELDS & vals.keys():
            self.picking_id._dist_check_authorized_quantities()
        return result
