"""One Odoo worker for the concurrency scenario: waits for the go signal, runs a job in
its own transaction and holds the transaction open a moment before committing, so that
the other worker runs into its rows. Like a request to Odoo (a user's "Run detector",
say), a job hitting a serialization failure is rolled back and retried.

    python3 concurrency_worker.py CONFIG DATABASE GO_FILE (detect|escalate) TYPE_CODE
"""

import sys
import time
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.service.model import retrying


def main():
    config, database, go_file, job, code = sys.argv[1:6]
    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    registry = Registry(database)
    deadline = time.monotonic() + 60
    while not Path(go_file).exists():
        if time.monotonic() > deadline:
            return 2
        time.sleep(0.01)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})

        def run():
            if job == "detect":
                env["dist.exception.type"].search([("code", "=", code)])._dist_run_detector()
            else:
                env["dist.exception"]._cron_escalate()
            env.flush_all()
            time.sleep(1.0)

        retrying(run, env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
