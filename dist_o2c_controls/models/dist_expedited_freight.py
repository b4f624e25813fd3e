# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DistExpeditedFreight(models.Model):
    _inherit = "dist.expedited.freight"

    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Sales Order",
        index="btree_not_null",
        check_company=True,
        help="The customer order the shipment was expedited for.",
    )
