# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models

from .stock_move import is_releasing, releasing


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def write(self, vals):
        # Deleting or lowering an unpicked reservation line (in its unit or by a new unit), or
        # moving it to another order's move, releases the stock as the Unreserve button does:
        # the same allocation control. A line marked picked records what was found.
        if (
            not is_releasing(self.env)
            and {"quantity", "move_id", "product_uom_id"} & vals.keys()
            and not vals.get("picked")
        ):
            released = defaultdict(float)
            target = self.env["stock.move"].browse(vals.get("move_id"))
            for line in self.filtered(lambda ml: not ml.picked and ml.move_id):
                if "move_id" in vals and target.sale_line_id != line.move_id.sale_line_id:
                    released[line.move_id] += line.quantity_product_uom
                    continue
                unit = self.env["uom.uom"].browse(vals.get("product_uom_id", line.product_uom_id.id))
                new = unit._compute_quantity(vals.get("quantity", line.quantity) or 0.0, line.product_id.uom_id)
                released[line.move_id] += max(line.quantity_product_uom - new, 0.0)
            if released:
                self.env["stock.move"]._dist_check_release(released)
        return super().write(vals)

    def unlink(self):
        if not is_releasing(self.env):
            released = defaultdict(float)
            # Outside validation, deleting a picked line frees its stock too.
            for line in self.filtered("move_id"):
                released[line.move_id] += line.quantity_product_uom
            if released:
                self.env["stock.move"]._dist_check_release(released)
        return super().unlink()

    def _free_reservation(self, product_id, location_id, quantity, *args, **kwargs):
        # Stock lost (counted lower, scrapped) frees reservations it can no longer serve; stock
        # another order's delivery ships meets the control like any taking.
        lost = all(ml.is_inventory or ml.move_id.scrapped or ml.location_dest_id.usage == "inventory" for ml in self)
        return super(StockMoveLine, releasing(self, allowed=lost))._free_reservation(
            product_id, location_id, quantity, *args, **kwargs
        )
