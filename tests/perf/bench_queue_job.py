"""Benchmark of the detector passes on queue_job: one worker against two, on real processes.

    python3 tests/perf/bench_queue_job.py -c odoo.conf -d DB [--scale 1.0] [--http-port PORT]

Needs dist_exception_queue_job installed in DB. The workers are separate OS processes, so
the data must be committed where they see it: the script copies DB into a scratch database
(createdb -T, so nothing may be connected to DB), loads in SQL 1,000 overdue approval
requests per company in two companies (at scale 1.0) and four detector types on the
'Approval overdue' detector (the only scheduled ones), and drops the copy at the end.

For 1 and then 2 workers, on the same data, it starts an Odoo server (--workers=N, no
cron worker, queue_job's job runner as a server-wide module (--load), the detectors'
channel at capacity N), runs the scheduled detector action, which enqueues one job per
type and company (8 for the two companies, more if the database has others), and times the
first pass: from the first job started to the last one done. Then, with 2 workers, the
jobs of two types are enqueued twice each without their identity key, and two escalation
jobs at once, so that two workers run the same passes at the same moment: in
SQL, no exception may be raised twice (open ones per type and request) and no exception
escalated twice to a level (the escalation notes per exception).

It fails on a duplicate, a double escalation, a failed job, or when the queries of one
job grow with the data (measured in this process at a tenth and at the full volume);
the speed-up against its goal (1.7x) is printed as met or MISSED.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.modules.registry import Registry

TYPES = 4
REQUESTS_PER_COMPANY = 1_000
GOAL = 1.7
OPEN = ("new", "acknowledged", "in_progress", "on_hold")
TIMEOUT = 600


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*command):
    # Without dropdb's notice that the database to drop does not exist.
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def setup(env, requests):
    """Four scheduled types on the overdue detector, a second company, and ``requests``
    pending requests filed three days ago in each company."""
    core = env.ref("dist_exception_core.dist_exception_type_approval_overdue")
    env["dist.exception.type"].search([]).write({"detector_active": False})
    types = env["dist.exception.type"]
    for number in range(1, TYPES + 1):
        types |= core.copy(
            {
                "name": f"Bench overdue {number}",
                "code": f"bench_queue_job_{number}",
                "detector_active": True,
                "ladder_id": env.ref("dist_exception_core.dist_escalation_ladder_standard").id,
                "user_id": env.ref("base.user_admin").id,
            }
        )
    home = env["dist.exception.type"]._dist_home_company()
    other = env["res.company"].create({"name": "Bench Distributor B"})
    env.ref("base.user_admin").company_ids = [(4, other.id)]
    companies = home | other
    companies.write({"dist_approval_overdue_hours": 8})
    env["dist.approval.request"].search([("state", "=", "pending")]).write({"state": "cancelled"})
    rules = env["dist.approval.rule"].with_context(active_test=False)
    now = fields.Datetime.now()
    for company in companies:
        rule = rules._dist_get("exception_cost", company) or rules.create(
            {
                "name": "Bench rule",
                "code": "exception_cost",
                "company_id": company.id,
                "model_id": env["ir.model"]._get_id("dist.exception"),
            }
        )
        rule.write(
            {
                "active": True,
                "measure": "amount",
                "band_ids": [(5, 0, 0), (0, 0, {"min_value": 10, "group_id": env.ref("base.group_system").id})],
            }
        )
        env.flush_all()
        env.cr.execute(
            """
            INSERT INTO dist_approval_request (name, rule_id, company_id, res_model, res_id, value, band_id,
                                               group_id, requested_by_id, request_date, state, state_sequence,
                                               create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/' || %(company)s || '/' || n, %(rule)s, %(company)s, 'res.partner', %(partner)s,
                   1000 + n, %(band)s, %(group)s, %(user)s, %(old)s, 'pending', 0, 1, 1, %(now)s, %(now)s
              FROM generate_series(1, %(count)s) AS n
            """,
            {
                "rule": rule.id,
                "company": company.id,
                "partner": company.partner_id.id,
                "band": rule.band_ids[:1].id,
                "group": rule.band_ids[:1].group_id.id,
                "user": env.uid,
                "old": now - timedelta(days=3),
                "now": now,
                "count": requests,
            },
        )
    return types, companies


def reset(cr, type_ids):
    """No exception of the bench types, no job: the next pass is a first pass."""
    cr.execute("SELECT id FROM dist_exception WHERE type_id = ANY(%s)", [type_ids])
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("DELETE FROM mail_activity WHERE res_model = 'dist.exception' AND res_id = ANY(%s)", [ids])
    cr.execute("DELETE FROM mail_message WHERE model = 'dist.exception' AND res_id = ANY(%s)", [ids])
    cr.execute("DELETE FROM dist_exception WHERE id = ANY(%s)", [ids])
    cr.execute("DELETE FROM queue_job")


class Server:
    """An Odoo server on the scratch database: N HTTP workers that run the jobs, and
    queue_job's job runner, which dispatches them (the detectors' channel at N)."""

    def __init__(self, config, database, workers, port, logfile):
        environ = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS=f"root:{workers},root.dist_detectors:{workers}")
        self.process = subprocess.Popen(
            [
                shutil.which("odoo") or "odoo",
                "-c",
                config,
                "-d",
                database,
                f"--db-filter=^{database}$",
                f"--workers={workers}",
                "--max-cron-threads=0",
                "--load=base,web,queue_job",
                f"--http-port={port}",
                f"--gevent-port={port + 1}",
                "--log-level=warn",
                f"--logfile={logfile}",
            ],
            env=environ,
            start_new_session=True,
        )

    def wait_for_runner(self, registry):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Odoo server stopped ({self.process.returncode})")
            with registry.cursor() as cr:
                if api.Environment(cr, SUPERUSER_ID, {})["dist.exception.type"]._dist_job_runner_serves():
                    return
            time.sleep(0.5)
        raise RuntimeError("the job runner never took the database")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wait_for_jobs(registry):
    """Wait until every job is done or failed; return (seconds from the first start to
    the last end, failed jobs, jobs, most jobs running at once)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        with registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM queue_job WHERE state NOT IN ('done', 'failed', 'cancelled')")
            if not cr.fetchone()[0]:
                cr.execute(
                    """
                    SELECT EXTRACT(EPOCH FROM max(date_done) - min(date_started)),
                           count(*) FILTER (WHERE state = 'failed'), count(*),
                           -- the most jobs running at one moment: the workers did share the pass
                           (SELECT max(running) FROM (
                               SELECT count(*) AS running
                                 FROM queue_job job, queue_job other
                                WHERE other.date_started <= job.date_started AND other.date_done > job.date_started
                                GROUP BY job.id) AS moments)
                      FROM queue_job
                    """
                )
                return cr.fetchone()
        time.sleep(0.2)
    raise RuntimeError(f"jobs still running after {TIMEOUT} s")


def duplicates(cr, type_ids):
    cr.execute(
        """
        SELECT count(*) FROM (
            SELECT 1 FROM dist_exception
             WHERE type_id = ANY(%s) AND state IN %s
             GROUP BY type_id, res_model, res_id HAVING count(*) > 1
        ) AS duplicated
        """,
        [type_ids, OPEN],
    )
    return cr.fetchone()[0]


def open_count(cr, type_ids):
    cr.execute("SELECT count(*) FROM dist_exception WHERE type_id = ANY(%s) AND state IN %s", [type_ids, OPEN])
    return cr.fetchone()[0]


class Run:
    """What every step needs: the options, the scratch database and its registry, the
    servers' port, the bench types and companies, where the servers log."""

    def __init__(self, args, scratch, registry, port, logdir):
        self.args, self.scratch, self.registry, self.port, self.logdir = args, scratch, registry, port, logdir
        self.types = self.companies = None

    def server(self, workers, name):
        return Server(self.args.config, self.scratch, workers, self.port, f"{self.logdir}/server-{name}.log")


def first_pass(bench, workers, expected):
    registry, type_ids = bench.registry, bench.types.ids
    with registry.cursor() as cr:
        reset(cr, type_ids)
    server = bench.server(workers, workers)
    try:
        server.wait_for_runner(registry)
        with registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["dist.exception.type"]._cron_run_detectors()
        start = time.perf_counter()
        seconds, failed, jobs, together = wait_for_jobs(registry)
        wall = time.perf_counter() - start
    finally:
        server.stop()
    with registry.cursor() as cr:
        raised, duplicated = open_count(cr, type_ids), duplicates(cr, type_ids)
    print(
        f"{workers} worker{'s' if workers > 1 else ''}: {jobs} jobs (at most {together} at once), {raised:,} "
        f"exceptions raised in "
        f"{float(seconds):.2f} s (first job started to last done; {wall:.2f} s from the enqueue), "
        f"{failed} failed, {duplicated} duplicates"
    )
    failures = []
    if failed or duplicated or raised != expected:
        failures.append(f"{workers} workers: {failed} failed jobs, {duplicated} duplicates, {raised} of {expected}")
    return float(seconds), failures


def contention(bench):
    """Two workers run each pass of two types twice at the same moment, then two
    escalation passes (two types are enough to keep both workers busy)."""
    registry, types, companies = bench.registry, bench.types[:2], bench.companies
    type_ids = types.ids
    failures = []
    with registry.cursor() as cr:
        reset(cr, type_ids)
        env = api.Environment(cr, SUPERUSER_ID, {})
        home = env["dist.exception.type"]._dist_home_company()
        for exc_type in types.with_env(env):
            for company in companies.with_env(env):
                for _twice in range(2):
                    exc_type.with_delay()._dist_detector_job(company, company == home)
    server = bench.server(2, "contention")
    try:
        server.wait_for_runner(registry)
        _seconds, failed, jobs, _together = wait_for_jobs(registry)
        with registry.cursor() as cr:
            raised, duplicated = open_count(cr, type_ids), duplicates(cr, type_ids)
            # Every exception missed its response: the ladder's first level escalates it.
            cr.execute(
                """
                UPDATE dist_exception
                   SET detected_date = now() at time zone 'UTC' - interval '3 days',
                       response_deadline = now() at time zone 'UTC' - interval '2 days',
                       response_risk_date = now() at time zone 'UTC' - interval '2 days 1 hour'
                 WHERE type_id = ANY(%s)
                """,
                [type_ids],
            )
            cr.execute("DELETE FROM queue_job")
            env = api.Environment(cr, SUPERUSER_ID, {})
            for _twice in range(2):
                env["dist.exception"].with_delay()._dist_escalation_job()
        _seconds, failed_escalations, _jobs, _together = wait_for_jobs(registry)
    finally:
        server.stop()
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT count(*) FILTER (WHERE notes > 1), count(*) FILTER (WHERE notes = 1)
              FROM (
                SELECT exc.id, count(message.id) AS notes
                  FROM dist_exception exc
                  LEFT JOIN mail_message message
                         ON message.model = 'dist.exception' AND message.res_id = exc.id
                        AND message.body LIKE '%%Escalated to level 1 %%'
                 WHERE exc.type_id = ANY(%s)
                 GROUP BY exc.id
              ) AS escalated
            """,
            [type_ids],
        )
        twice, once = cr.fetchone()
        cr.execute("SELECT count(*) FROM dist_exception WHERE type_id = ANY(%s) AND escalation_level = 1", [type_ids])
        at_level_1 = cr.fetchone()[0]
    print(
        f"2 workers, each pass enqueued twice without its key ({jobs} jobs): {raised:,} exceptions, "
        f"{duplicated} duplicates, {failed} failed; two escalation jobs at once: {once:,} escalated once, "
        f"{twice} twice, {at_level_1:,} at level 1"
    )
    if failed or failed_escalations or duplicated or twice or once != raised or at_level_1 != raised:
        failures.append(
            f"concurrent passes: {duplicated} duplicates, {twice} escalated twice, {once} of {raised} escalated, "
            f"{failed + failed_escalations} failed jobs"
        )
    return failures


def job_queries(bench, requests):
    """Queries of one job (one type in the home company) at a tenth of the requests and
    at all of them, in this process, rolled back."""
    counts = []
    types = bench.types
    with bench.registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        exc_type = types.with_env(env)[:1]
        home = env["dist.exception.type"]._dist_home_company()
        reset(cr, types.ids)
        cr.execute(
            "UPDATE dist_approval_request SET state = 'cancelled' WHERE name LIKE 'BENCH/%%' AND company_id = %s "
            "AND value > %s",
            [home.id, 1000 + requests // 10],
        )
        for _size in ("tenth", "all"):
            env.invalidate_all()
            queries = cr.sql_log_count
            exc_type._dist_detector_job(home, True)
            env.flush_all()
            counts.append((cr.sql_log_count - queries, open_count(cr, types.ids)))
            reset(cr, types.ids)
            cr.execute("UPDATE dist_approval_request SET state = 'pending' WHERE name LIKE 'BENCH/%%'")
        cr.rollback()
    (small, small_raised), (full, full_raised) = counts
    growth = (full - small) / max(full_raised - small_raised, 1)
    print(
        f"one job: {small} queries raising {small_raised:,} exceptions, {full} raising {full_raised:,} "
        f"({growth * 1000:.0f} extra per 1,000 extra)"
    )
    # The ORM inserts rows by the hundred: allow that, never a query per record.
    return [f"job queries grow with the data: {small} -> {full}"] if growth > 0.1 else []


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1,000 overdue requests per company")
    parser.add_argument("--http-port", type=int, help="the servers' HTTP port (the next one too); default: free ones")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    requests = max(int(REQUESTS_PER_COMPANY * args.scale), 10)
    scratch = f"{args.database}_bench_queue_job"
    port = args.http_port or free_port()
    logdir = tempfile.mkdtemp(prefix="bench_queue_job_")
    run("dropdb", "--if-exists", scratch)
    run("createdb", "-T", args.database, scratch)
    failures = []
    try:
        registry = Registry(scratch)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            if "dist.exception.type" not in env or not hasattr(env["dist.exception.type"], "_dist_detector_job"):
                print(f"FAILED: dist_exception_queue_job is not installed in {args.database}")
                return 1
            types, companies = setup(env, requests)
        bench = Run(args, scratch, registry, port, logdir)
        bench.types, bench.companies = types, companies
        expected = TYPES * len(companies) * requests
        print(
            f"bench queue_job: scale {args.scale} ({TYPES} types x {len(companies)} companies x {requests:,} "
            f"overdue requests = {expected:,} exceptions, one job per type and company)"
        )
        timings = {}
        for workers in (1, 2):
            seconds, bad = first_pass(bench, workers, expected)
            timings[workers] = seconds
            failures += bad
        speedup = timings[1] / timings[2] if timings[2] else 0
        target = "met" if speedup >= GOAL else "MISSED"
        print(
            f"target: first pass {GOAL}x faster on 2 workers than on 1: {speedup:.2f}x "
            f"({timings[1]:.2f} s -> {timings[2]:.2f} s, {os.cpu_count()} CPU cores) ({target})"
        )
        failures += contention(bench)
        failures += job_queries(bench, requests)
    finally:
        Registry.delete(scratch)
        sql_db.close_db(scratch)
        run("dropdb", "--if-exists", scratch)
    if failures:
        print(f"server logs: {logdir}")
    else:
        shutil.rmtree(logdir)
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
