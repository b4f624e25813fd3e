# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _dist_action_view_delayed(self, name):
        """The deliveries of ``self``, opened from a breakdown that delayed them."""
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action.update(
            name=name,
            domain=[("id", "in", self.ids)],
            context={"create": False},
        )
        return action
