"""One Odoo cron worker for the fault scenario: acquires a scheduled action and runs it
exactly as Odoo's cron thread does (ir.cron._acquire_one_job, then _process_job, with
its progress records, commits and rescheduling).

    python3 cron_worker.py CONFIG DATABASE CRON_XMLID

Exit code 0 when the job ran, 3 when it was not ready or another worker held it.
"""

import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def main():
    config, database, xmlid = sys.argv[1:4]
    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    with registry.cursor() as cr:
        cron_id = api.Environment(cr, SUPERUSER_ID, {}).ref(xmlid).id
    db = odoo.sql_db.db_connect(database)
    with db.cursor() as cron_cr:
        job = registry["ir.cron"]._acquire_one_job(cron_cr, cron_id)
        if not job:
            return 3
        registry["ir.cron"]._process_job(db, cron_cr, job)
    return 0


if __name__ == "__main__":
    sys.exit(main())
