# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Supply Exceptions",
    "summary": "Unconfirmed and late purchase orders, partial receipts, inbound shortages, "
    "replenishment gaps on strategic items, supplier reliability, purchase approvals",
    "version": "18.0.1.6.0",
    "development_status": "Beta",
    "category": "Inventory/Purchase",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["dist_exception_core", "purchase_stock", "sale_stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/dist_supply_exceptions_security.xml",
        "data/dist_exception_type_data.xml",
        "data/dist_approval_rule_data.xml",
        "views/dist_exception_views.xml",
        "views/purchase_order_views.xml",
        "views/dist_expedited_freight_views.xml",
        "views/res_partner_views.xml",
        "views/dist_supplier_receipt_views.xml",
        "views/res_config_settings_views.xml",
        "views/dist_supply_menus.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "demo": [
        "demo/dist_supply_exceptions_demo.xml",
    ],
}
