# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Warehouse Exceptions",
    "summary": "Short picks, count variances under approval, blocked transfers, dispatch delays, "
    "negative stock, damage and return reason codes, and a scanner screen for the floor",
    "version": "18.0.1.5.0",
    "development_status": "Beta",
    "category": "Inventory/Inventory",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["dist_exception_core", "sale_stock", "barcodes"],
    "data": [
        "security/ir.model.access.csv",
        "security/dist_warehouse_exceptions_security.xml",
        "data/dist_stock_reason_data.xml",
        "data/dist_exception_type_data.xml",
        "data/dist_approval_rule_data.xml",
        "views/dist_stock_reason_views.xml",
        "views/dist_stock_count_views.xml",
        "views/dist_exception_views.xml",
        "views/stock_warehouse_views.xml",
        "views/stock_picking_views.xml",
        "views/stock_quant_views.xml",
        "views/stock_scrap_views.xml",
        "views/dist_return_authorization_views.xml",
        "views/sale_order_views.xml",
        "wizards/stock_backorder_confirmation_views.xml",
        "wizards/stock_return_picking_views.xml",
        "views/dist_warehouse_menus.xml",
    ],
    "demo": [
        "demo/dist_warehouse_exceptions_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dist_warehouse_exceptions/static/src/scanner/*",
        ],
        "web.assets_tests": [
            "dist_warehouse_exceptions/static/src/tours/*.js",
        ],
    },
}
