# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockForecastedProductProduct(models.AbstractModel):
    _inherit = "stock.forecasted_product_product"

    @api.model
    def action_unreserve_linked_picks(self, move_id):
        # The forecast report's Unreserve frees the reservations of a move's chain as the
        # transfer's Unreserve button does: the same allocation control.
        move = self.env["stock.move"].browse(move_id)
        move.browse(move._rollup_move_origs())._dist_check_unreserve()
        return super().action_unreserve_linked_picks(move_id)
