# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.dist_exception_core import upgrade

TYPES = ("approval_overdue", "order_issue", "supply_issue", "warehouse_issue", "service_issue", "policy_breach")


def migrate(cr, version):
    if not version:
        return
    for code in TYPES:
        upgrade.adopt_type_children(cr, "dist_exception_core", f"dist_exception_type_{code}")
    upgrade.adopt_threshold(cr, "dist_exception_core", "dist_approval_rule_exception_cost", "exception_cost")
