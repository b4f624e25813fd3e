# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Distribution Service SLA: Sales and Deliveries",
    "summary": "Tickets about sales orders, deliveries and invoices, returns started from a ticket",
    "version": "18.0.1.2.0",
    "development_status": "Beta",
    "category": "After-Sales",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "AGPL-3",
    "depends": ["dist_service_sla", "sale_stock"],
    "data": [
        "views/helpdesk_ticket_views.xml",
    ],
    "demo": [
        "demo/dist_service_sla_sale_demo.xml",
    ],
    "auto_install": True,
}
