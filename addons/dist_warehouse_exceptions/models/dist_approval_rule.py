# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.addons.dist_exception_core.models.dist_approval_rule import approval_code_field

# {approval code: (model it guards, label)}
CODES = {
    "stock_variance": ("stock.quant", "Count variance"),
    "return_authorization": ("dist.return.authorization", "Return authorization"),
}


class DistApprovalRule(models.Model):
    _inherit = "dist.approval.rule"
    _dist_approval_codes = CODES

    code = approval_code_field(CODES)
