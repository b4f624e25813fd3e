# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DistApprovalRule(models.Model):
    _inherit = "dist.approval.rule"

    code = fields.Selection(
        selection_add=[("stock_variance", "Count variance")],
        ondelete={"stock_variance": "cascade"},
    )

    @api.model
    def _dist_code_models(self):
        return dict(super()._dist_code_models(), stock_variance="stock.quant")
