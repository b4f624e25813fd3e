# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models

from .stock_move import RELEASE_KEY


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        # Deleting or lowering an unpicked reservation line, or moving it to another move,
        # releases the stock as the Unreserve button does: the same allocation control.
        if not self.env.context.get(RELEASE_KEY) and ({"quantity", "move_id"} & vals.keys()) and not vals.get("picked"):
            released = defaultdict(float)
            for line in self.filtered(lambda ml: not ml.picked and ml.move_id):
                if "move_id" in vals and vals["move_id"] != line.move_id.id:
                    released[line.move_id] += line.quantity_product_uom
                elif "quantity" in vals:
                    new = line.product_uom_id._compute_quantity(vals["quantity"] or 0.0, line.product_id.uom_id)
                    released[line.move_id] += max(line.quantity_product_uom - new, 0.0)
            if released:
                self.env["stock.move"]._dist_check_release(released)
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get(RELEASE_KEY):
            released = defaultdict(float)
            for line in self.filtered(lambda ml: not ml.picked and ml.move_id):
                released[line.move_id] += line.quantity_product_uom
            if released:
                self.env["stock.move"]._dist_check_release(released)
        return super().unlink()

    def _action_done(self):
        # Validating deletes the lines left at zero: not a release to anyone.
        return super(StockMoveLine, self.with_context(**{RELEASE_KEY: True}))._action_done()

    def _free_reservation(self, product_id, location_id, quantity, *args, **kwargs):
        # Stock lost or counted lower frees what can no longer be reserved.
        return super(StockMoveLine, self.with_context(**{RELEASE_KEY: True}))._free_reservation(
            product_id, location_id, quantity, *args, **kwargs
        )
