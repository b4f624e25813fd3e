# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DistExpeditedFreight(models.Model):
    _inherit = "dist.expedited.freight"

    purchase_order_id = fields.Many2one(
        comodel_name="purchase.order",
        index="btree_not_null",
        check_company=True,
        help="The purchase whose goods were expedited (a late or short supplier, an emergency buy).",
    )
