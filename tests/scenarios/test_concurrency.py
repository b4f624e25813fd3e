"""Suite-level scenario: two Odoo workers running the detector and the escalation pass at
the same moment, in two processes with their own PostgreSQL connections, against the CI
database. The data is committed for the workers to see, and removed afterwards."""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import overdue_requests

import odoo

WORKER = Path(__file__).with_name("concurrency_worker.py")
PREFIX = "CONC"
REQUESTS = 150


def _run_two(job, code):
    """Start two workers on ``job`` and release them together; return their exit codes."""
    with tempfile.TemporaryDirectory() as folder:
        go_file = Path(folder) / "go"
        database = overdue_requests.registry().db_name
        workers = [
            subprocess.Popen([sys.executable, str(WORKER), odoo.tools.config.rcfile, database, str(go_file), job, code])
            for _worker in range(2)
        ]
        time.sleep(3)  # both have loaded their registry and wait for the signal
        go_file.touch()
        return [worker.wait(timeout=300) for worker in workers]


def test_two_workers_raise_and_escalate_once():
    """150 approval requests are overdue. Two workers run the detector at once: each
    request gets exactly one open exception. Their deadlines then pass and two workers
    run the escalation pass at once: each exception climbs level 1 once, with one
    escalation note."""
    registry = overdue_requests.registry()
    overdue_code = "approval_overdue"
    overdue_requests.create(registry, PREFIX, REQUESTS)
    try:
        assert _run_two("detect", overdue_code) == [0, 0]
        with registry.cursor() as cr:
            rows = overdue_requests.exceptions(cr, PREFIX)
            open_rows = [row for row in rows if row[3] in overdue_requests.OPEN_STATES]
            requests = {row[1] for row in open_rows}
            assert (len(open_rows), len(requests)) == (REQUESTS, REQUESTS), (
                f"{len(open_rows)} exceptions for {len(requests)} requests"
            )
            overdue_requests.pass_deadlines(cr, PREFIX)
        assert _run_two("escalate", overdue_code) == [0, 0]
        with registry.cursor() as cr:
            rows = overdue_requests.exceptions(cr, PREFIX)
        assert len(rows) == REQUESTS
        assert all(level >= 1 for _id, _res_id, level, _state, _notes in rows)
        assert all(notes == 1 for *_row, notes in rows), "an exception was escalated to level 1 twice"
    finally:
        overdue_requests.delete(registry, PREFIX)
