# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Dashboards: Warehouse",
    "summary": "Inventory and pick accuracy KPIs, the warehouse queue by zone",
    "version": "18.0.1.3.0",
    "development_status": "Beta",
    "category": "Operations",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "uninstall_hook": "uninstall_hook",
    "license": "LGPL-3",
    "depends": ["dist_visibility_dashboards", "dist_warehouse_exceptions"],
    "data": [
        "security/ir.model.access.csv",
        "security/dist_visibility_dashboards_warehouse_security.xml",
        "views/dist_kpi_inventory_views.xml",
        "views/dist_kpi_pick_views.xml",
        "data/dist_kpi_data.xml",
    ],
    "auto_install": True,
}
