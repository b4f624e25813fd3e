# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The severity rules shipped inside the exception types take the XML ids they now have."""

from odoo.addons.dist_exception_core import upgrade

MODULE = "dist_supply_exceptions"


def migrate(cr, version):
    if not version:
        return
    upgrade.adopt_severity_rules(cr, MODULE, "dist_exception_type_po_late", "More than a week late")
    upgrade.adopt_severity_rules(cr, MODULE, "dist_exception_type_inbound_shortage", "Strategic item")
