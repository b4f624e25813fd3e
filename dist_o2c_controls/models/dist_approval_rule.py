# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.addons.dist_exception_core.models.dist_approval_rule import approval_code_field

# {approval code: (model it guards, label)}
CODES = {
    "sale_discount": ("sale.order", "Sale discount below the pricelist"),
    "sale_margin": ("sale.order", "Sale margin below target"),
    "sale_rush": ("sale.order", "Rush order"),
    "sale_substitution": ("dist.sale.substitution", "Product substitution"),
    "sale_lot_change": ("stock.picking", "Lot change on a delivery"),
    "credit_release": ("sale.order", "Credit release"),
    "sale_promise_delay": ("sale.order", "Promised date moved later"),
    "sale_allocation_override": ("dist.allocation.override", "Reserved stock taken for another order"),
}


class DistApprovalRule(models.Model):
    _inherit = "dist.approval.rule"
    _dist_approval_codes = CODES

    code = approval_code_field(CODES)
