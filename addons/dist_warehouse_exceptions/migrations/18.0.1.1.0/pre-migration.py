# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The ``stock_variance`` threshold became data (it was demo): the record a database
already has takes the new name instead of a second rule for the same company, and the bands and
severity rules shipped inside records take the XML ids they now have."""

from odoo.addons.dist_exception_core import upgrade

MODULE = "dist_warehouse_exceptions"
SEVERITY_RULES = {
    "short_pick": ("Priority or strategic customer",),
    "count_variance": ("Worth more than 2,000",),
    "transfer_blocked": ("Strategic customer",),
    "dispatch_delay": ("Strategic customer", "Priority customer"),
    "damage_order_impact": ("Priority or strategic customer",),
}


def migrate(cr, version):
    if not version:
        return
    upgrade.adopt_threshold(cr, MODULE, "dist_approval_rule_stock_variance", "stock_variance")
    for code, names in SEVERITY_RULES.items():
        upgrade.adopt_severity_rules(cr, MODULE, f"dist_exception_type_{code}", *names)
