# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Exception Management: Job Queue",
    "summary": "Detector passes as queue jobs, one per exception type and company, shared by every worker and server",
    "version": "18.0.1.0.0",
    "development_status": "Beta",
    "category": "Operations",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["dist_exception_core", "queue_job"],
    "data": [
        "data/queue_job_data.xml",
        "views/dist_exception_type_views.xml",
    ],
}
