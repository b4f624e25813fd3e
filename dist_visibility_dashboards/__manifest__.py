# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Visibility Dashboards",
    "summary": "Role workspaces, KPIs with period comparison and drill-down, monthly and weekly reviews",
    "version": "18.0.1.5.0",
    "development_status": "Beta",
    "category": "Operations",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "uninstall_hook": "uninstall_hook",
    "license": "LGPL-3",
    "depends": ["dist_exception_core", "sale_margin", "sale_stock", "purchase_stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/dist_visibility_dashboards_security.xml",
        "views/dist_kpi_views.xml",
        "views/dist_kpi_order_views.xml",
        "views/dist_kpi_exception_views.xml",
        "views/dist_kpi_backorder_views.xml",
        "views/dist_kpi_invoice_views.xml",
        "views/dist_workspace_views.xml",
        "views/dist_review_views.xml",
        "data/dist_kpi_data.xml",
        "data/ir_cron_data.xml",
        "views/dist_visibility_dashboards_menus.xml",
    ],
    "demo": [
        "demo/dist_kpi_history_demo.xml",
        "demo/dist_visibility_dashboards_demo.xml",
        "demo/dist_kpi_story_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dist_visibility_dashboards/static/src/workspace/*",
        ],
        "web.assets_tests": [
            "dist_visibility_dashboards/static/src/tours/*.js",
        ],
    },
}
