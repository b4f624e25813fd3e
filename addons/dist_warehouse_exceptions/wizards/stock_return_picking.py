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

    dist_authorization_required = fields.Boolean(
        compute="_compute_dist_customer_return",
        string="Return Authorization Required",
    )
    dist_authorization_id = fields.Many2one(
        comodel_name="dist.return.authorization",
        string="Return Authorization",
        domain="[('picking_id', '=', picking_id), ('state', '=', 'authorized')]",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        picking = self.env["stock.picking"].browse(values.get("picking_id"))
        if "dist_authorization_id" in fields_list and picking and not values.get("dist_authorization_id"):
            # The delivery's one authorized return, as the customer was told.
            authorizations = self.env["dist.return.authorization"].search(
                [("picking_id", "=", picking.id), ("state", "=", "authorized")], limit=2
            )
            if len(authorizations) == 1:
                values["dist_authorization_id"] = authorizations.id
        return values

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
            wizard.dist_authorization_required = wizard.dist_customer_return and bool(
                picking.picking_type_id.warehouse_id.dist_return_authorization_required
            )

    @api.onchange("dist_authorization_id")
    def _onchange_dist_authorization_id(self):
        """The authorization's reason and quantities fill the dialog."""
        authorization = self.dist_authorization_id
        if not authorization:
            return
        self.dist_reason_id = authorization.reason_id
        remaining = authorization._dist_quantities()
        for return_line in self.product_return_moves:
            move = return_line.move_id
            delivered = move.product_uom._compute_quantity(move.quantity, return_line.product_id.uom_id)
            quantity = min(remaining.get(return_line.product_id, 0.0), delivered)
            return_line.quantity = quantity
            remaining[return_line.product_id] = remaining.get(return_line.product_id, 0.0) - quantity

    def _prepare_picking_default_values(self):
        values = super()._prepare_picking_default_values()
        if self.dist_authorization_id:
            values["dist_return_authorization_id"] = self.dist_authorization_id.id
        return values

    def _create_return(self):
        # Every way to return goes through here: Return, Return All and Exchange.
        self._dist_check_return_reason()
        self._dist_check_return_authorization()
        new_picking = super()._create_return()
        if self.dist_reason_id:
            new_picking.dist_return_reason_id = self.dist_reason_id
        return new_picking

    def _dist_check_return_authorization(self):
        """The quantities returned stay within the authorization (the return picking's
        creation refuses a missing or foreign one)."""
        if not self.dist_authorization_id:
            return
        quantities = {}
        for line in self.product_return_moves:
            quantity = line.uom_id._compute_quantity(line.quantity, line.product_id.uom_id)
            quantities[line.product_id] = quantities.get(line.product_id, 0.0) + quantity
        self.dist_authorization_id.sudo()._dist_check_covers(self.picking_id, quantities)

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
