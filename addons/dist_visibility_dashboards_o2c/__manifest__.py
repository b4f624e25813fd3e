# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Dashboards: Order-to-Cash",
    "summary": "Credit hold frequency and the sales workspace’s order-to-cash tiles",
    "version": "18.0.1.2.0",
    "development_status": "Beta",
    "category": "Operations",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["dist_visibility_dashboards", "dist_o2c_controls"],
    "data": [
        "views/dist_kpi_order_views.xml",
        "data/dist_kpi_data.xml",
    ],
    "auto_install": True,
}
