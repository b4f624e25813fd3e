# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dist_strategic = fields.Boolean(
        string="Strategic Item",
        help="Stock-outs of strategic items hurt priority customers: severity rules raise them.",
    )
