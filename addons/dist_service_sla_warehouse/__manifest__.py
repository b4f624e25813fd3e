# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Distribution Service SLA: Warehouse",
    "summary": "Short picks, dispatch delays and damage hitting an order open customer tickets",
    "version": "18.0.1.2.0",
    "development_status": "Beta",
    "category": "After-Sales",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "AGPL-3",
    "depends": ["dist_service_sla_sale", "dist_warehouse_exceptions"],
    "data": [
        "data/dist_exception_type_data.xml",
        "views/helpdesk_ticket_views.xml",
    ],
    "demo": [
        "demo/dist_service_sla_warehouse_demo.xml",
    ],
    "auto_install": True,
}
