# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_dist_authorize_return(self):
        """A return authorization for the order's last shipped delivery (the others offered)."""
        self.ensure_one()
        shipped = self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing" and p.state == "done")
        if not shipped:
            raise UserError(self.env._("%s has no shipped delivery to return goods from.", self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Authorization"),
            "res_model": "dist.return.authorization",
            "view_mode": "form",
            "context": {"default_picking_id": shipped.sorted("date_done")[-1].id},
        }
