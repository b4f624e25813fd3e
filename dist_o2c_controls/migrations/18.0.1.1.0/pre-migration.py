# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.dist_exception_core import upgrade

MODULE = "dist_o2c_controls"
THRESHOLDS = ("sale_discount", "sale_rush", "sale_substitution", "sale_margin", "sale_lot_change")


def migrate(cr, version):
    if not version:
        return
    for code in THRESHOLDS:
        upgrade.adopt_threshold(cr, MODULE, f"dist_approval_rule_{code}", code)
    upgrade.adopt_severity_rules(cr, MODULE, "dist_exception_type_backorder_priority", "Strategic customer")
    upgrade.adopt_severity_rules(
        cr, MODULE, "dist_exception_type_order_at_risk", "Strategic customer", "Priority customer"
    )
