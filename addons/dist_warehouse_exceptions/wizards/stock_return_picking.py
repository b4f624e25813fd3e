# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    dist_reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Return Reason",
        domain=[("usage", "=", "return")],
    )
    dist_customer_return = fields.Boolean(compute="_compute_dist_customer_return")
    dist_reason_required = fields.Boolean(
        compute="_compute_dist_customer_return",
        string="Return Reason Required",
    )

    @api.constrains("dist_reason_id")
    def _check_dist_reason_usage(self):
        self.dist_reason_id._dist_check_usage("return")

    @api.depends("picking_id")
    def _compute_dist_customer_return(self):
        for wizard in self:
            picking = wizard.picking_id
            wizard.dist_customer_return = picking.picking_type_code == "outgoing"
            wizard.dist_reason_required = wizard.dist_customer_return and bool(
                picking.picking_type_id.warehouse_id.dist_return_reason_required
            )

    def _create_return(self):
        # Every way to return goes through here: Return, Return All and Exchange.
        self._dist_check_return_reason()
        new_picking = super()._create_return()
        if self.dist_reason_id:
            new_picking.dist_return_reason_id = self.dist_reason_id
        return new_picking

    def _dist_check_return_reason(self):
        if self.env.su or not self.dist_reason_required or self.dist_reason_id:
            return
        raise UserError(
            self.env._(
                "Say why the customer returns %(picking)s: %(warehouse)s requires a Return Reason on customer "
                "returns. Choose it in the return dialog, then create the return again.",
                picking=self.picking_id.name,
                warehouse=self.picking_id.picking_type_id.warehouse_id.name,
            )
        )
