# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .stock_move import releasing


class StockPackageLevel(models.Model):
    _inherit = "stock.package_level"

    def _set_is_done(self):
        # A whole package marked done replaces its reserved lines by picked ones of the same
        # moves: nothing leaves the delivery.
        return super(StockPackageLevel, releasing(self))._set_is_done()
