# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Distribution Dashboards: Service",
    "summary": "Complaint recurrence and ticket SLA KPIs, the customer service workspace’s ticket tiles",
    "version": "18.0.1.1.0",
    "development_status": "Beta",
    "category": "Operations",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "AGPL-3",
    "depends": ["dist_visibility_dashboards", "dist_service_sla"],
    "data": [
        "security/ir.model.access.csv",
        "security/dist_visibility_dashboards_service_security.xml",
        "views/dist_kpi_complaint_views.xml",
        "data/dist_kpi_data.xml",
    ],
    "auto_install": True,
}
