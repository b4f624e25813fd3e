# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Warehouse Equipment Downtime",
    "summary": "Breakdowns of warehouse equipment (Maintenance) as warehouse exceptions, "
    "linked to the dispatch delays they cause",
    "version": "18.0.1.0.0",
    "development_status": "Beta",
    "category": "Inventory/Inventory",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["dist_warehouse_exceptions", "maintenance"],
    "data": [
        "data/dist_exception_type_data.xml",
        "views/maintenance_equipment_views.xml",
        "views/maintenance_request_views.xml",
        "views/dist_exception_views.xml",
    ],
    "demo": [
        "demo/dist_warehouse_maintenance_demo.xml",
    ],
}
