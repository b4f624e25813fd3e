# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Dashboards: Supply",
    "summary": "The procurement workspace’s purchase exception and approval tiles, and the supplier reliability KPI",
    "version": "18.0.1.2.0",
    "development_status": "Beta",
    "category": "Operations",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["dist_visibility_dashboards", "dist_supply_exceptions"],
    "data": [
        "data/dist_kpi_data.xml",
        "views/dist_visibility_dashboards_supply_menus.xml",
    ],
    "auto_install": True,
}
