# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

# {approval code: (model it guards, label)}
CODES = {"stock_variance": ("stock.quant", "Count variance")}


class DistApprovalRule(models.Model):
    _inherit = "dist.approval.rule"
    _dist_approval_codes = CODES

    code = fields.Selection(
        selection_add=[(code, label) for code, (_model, label) in CODES.items()],
        ondelete=dict.fromkeys(CODES, "cascade"),
    )
