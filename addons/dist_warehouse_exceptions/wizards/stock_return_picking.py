# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    dist_reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Return Reason",
        domain=[("usage", "=", "return")],
    )
    dist_customer_return = fields.Boolean(compute="_compute_dist_customer_return")

    @api.depends("picking_id")
    def _compute_dist_customer_return(self):
        for wizard in self:
            wizard.dist_customer_return = wizard.picking_id.picking_type_code == "outgoing"

    def _create_return(self):
        new_picking = super()._create_return()
        if self.dist_reason_id:
            new_picking.dist_return_reason_id = self.dist_reason_id
        return new_picking
