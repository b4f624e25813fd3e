# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DistException(models.Model):
    _inherit = "dist.exception"

    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", index=True, readonly=True)
    location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Zone",
        index=True,
        readonly=True,
        help="Where in the warehouse the problem is: the source location of the transfer or the counted location.",
    )
