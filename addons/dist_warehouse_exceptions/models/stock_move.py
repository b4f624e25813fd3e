# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    dist_short_qty = fields.Float(
        string="Short Quantity",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="Demand that was not picked when the transfer was validated (pick accuracy).",
    )
