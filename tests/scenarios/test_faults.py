"""Suite-level scenario: a cron worker killed with SIGKILL in the middle of a pass, as
Odoo's time limit or the kernel's out-of-memory killer does, against the CI database.

The worker is a separate process running the scheduled action exactly as Odoo's cron
thread does (tests/scenarios/cron_worker.py). To stop it at a known point, the test
holds a row lock the pass needs, waits until PostgreSQL shows the worker waiting on it,
and kills it. The data is committed for the workers to see, and removed afterwards.
"""

import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import overdue_requests

import odoo
from odoo import fields

WORKER = Path(__file__).with_name("cron_worker.py")
DETECTORS = "dist_exception_core.ir_cron_dist_run_detectors"
ESCALATION = "dist_exception_core.ir_cron_dist_escalate"
PREFIX = "FAULT"
REQUESTS = 60


def _command(xmlid):
    return [sys.executable, str(WORKER), odoo.tools.config.rcfile, overdue_requests.registry().db_name, xmlid]


def _worker(xmlid):
    return subprocess.Popen(_command(xmlid))


def _run_until_done(registry, xmlid):
    """Run the job in fresh workers until it is rescheduled (a pass may take several runs)."""
    for _run in range(10):
        assert subprocess.run(_command(xmlid), check=False).returncode in (0, 3)
        with registry.cursor() as cr:
            if overdue_requests.env(cr).ref(xmlid).nextcall > fields.Datetime.now():
                return
    raise AssertionError(f"{xmlid} still not done after 10 runs")


def _wait_until_blocked(registry, worker, timeout=120):
    """Return the statement the worker waits on a lock with, once it does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert worker.poll() is None, f"the worker ended ({worker.returncode}) before reaching the lock"
        # A new transaction each time: PostgreSQL keeps pg_stat_activity still within one.
        with registry.cursor() as cr:
            cr.execute(
                "SELECT query FROM pg_stat_activity WHERE application_name = %s AND wait_event_type = 'Lock'",
                [f"odoo-{worker.pid}"],
            )
            row = cr.fetchone()
        if row:
            return row[0]
        time.sleep(0.2)
    raise AssertionError("the worker never reached the lock")


def _kill(worker):
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)


def _detector_pass_killed_then_resumed(registry):
    now = fields.Datetime.now()
    with registry.cursor() as cr:
        env = overdue_requests.env(cr)
        types = env["dist.exception.type"]._dist_scheduled_types()
        overdue = env.ref("dist_exception_core.dist_exception_type_approval_overdue")
        first = (types - overdue).sorted("id")[0]
        # The pass goes oldest first: `first`, then the overdue requests, then the others.
        types.write({"detector_last_run": now - timedelta(minutes=20)})
        first.detector_last_run = now - timedelta(minutes=40)
        overdue.detector_last_run = now - timedelta(minutes=30)
        env.ref(DETECTORS).write({"nextcall": now - timedelta(minutes=1), "lastcall": now - timedelta(minutes=10)})
        ids = {"first": first.id, "overdue": overdue.id, "types": types.ids}

    with registry.cursor() as holder:
        # The worker saves the overdue type's last run after raising its exceptions: it waits there.
        holder.execute("SELECT id FROM dist_exception_type WHERE id = %s FOR NO KEY UPDATE", [ids["overdue"]])
        worker = _worker(DETECTORS)
        statement = _wait_until_blocked(registry, worker)
        _kill(worker)
    assert "dist_exception_type" in statement, statement

    with registry.cursor() as cr:
        env = overdue_requests.env(cr)
        first, overdue = env["dist.exception.type"].browse([ids["first"], ids["overdue"]])
        # The type finished before the kill is kept; the one cut off left nothing behind.
        assert first.detector_last_run >= now
        assert overdue.detector_last_run < now
        assert overdue_requests.exceptions(cr, PREFIX) == []
        assert env.ref(DETECTORS).nextcall <= fields.Datetime.now(), "the cut-off pass must stay due"
        first_run = first.detector_last_run

    _run_until_done(registry, DETECTORS)

    with registry.cursor() as cr:
        env = overdue_requests.env(cr)
        rows = overdue_requests.exceptions(cr, PREFIX)
        assert len(rows) == REQUESTS, f"{len(rows)} exceptions for {REQUESTS} overdue requests"
        assert len({res_id for _id, res_id, *_rest in rows}) == REQUESTS
        types = env["dist.exception.type"].browse(ids["types"])
        assert types.browse(ids["first"]).detector_last_run == first_run, "a finished type ran twice in one pass"
        assert all(t.detector_last_run >= now for t in types)
        assert not types.filtered("detector_error"), types.filtered("detector_error").mapped("detector_error")


def _escalation_killed_then_resumed(registry):
    with registry.cursor() as cr:
        env = overdue_requests.env(cr)
        overdue_requests.pass_deadlines(cr, PREFIX)
        # Statuses up to date now, so that the worker's first statement changes none of
        # these rows and it stops at the claim of the escalation level.
        env["dist.exception"]._dist_refresh_sla_status(all_open=True)
        env.ref(ESCALATION).nextcall = fields.Datetime.now() - timedelta(minutes=1)
        rows = overdue_requests.exceptions(cr, PREFIX)
        assert all(level == 0 for _id, _res_id, level, *_rest in rows)
        locked_id = rows[REQUESTS // 2][0]

    with registry.cursor() as holder:
        holder.execute("SELECT id FROM dist_exception WHERE id = %s FOR NO KEY UPDATE", [locked_id])
        worker = _worker(ESCALATION)
        statement = _wait_until_blocked(registry, worker)
        _kill(worker)
    assert "escalation_level" in statement, statement

    with registry.cursor() as cr:
        rows = overdue_requests.exceptions(cr, PREFIX)
    assert all(level == 0 and notes == 0 for _id, _res_id, level, _state, notes in rows), "a killed pass left a trace"

    _run_until_done(registry, ESCALATION)

    with registry.cursor() as cr:
        rows = overdue_requests.exceptions(cr, PREFIX)
    assert len(rows) == REQUESTS
    assert all(level >= 1 for _id, _res_id, level, *_rest in rows)
    assert all(notes == 1 for *_row, notes in rows), "an exception was escalated to level 1 twice"


def test_killed_cron_workers_resume_cleanly():
    """The detector pass is killed while raising the exceptions of 60 overdue approval
    requests: the detector types it had finished stay done, the cut-off type leaves no
    exception behind and the pass stays due. The next run goes on from there, runs no
    finished type twice and raises each of the 60 exactly once. The escalation pass is
    then killed while claiming them: no exception is left escalated, and the next run
    escalates each one once, with one note."""
    registry = overdue_requests.registry()
    overdue_requests.create(registry, PREFIX, REQUESTS)
    try:
        _detector_pass_killed_then_resumed(registry)
        _escalation_killed_then_resumed(registry)
    finally:
        overdue_requests.delete(registry, PREFIX)
