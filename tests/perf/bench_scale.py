"""A year of a mid-size distributor: detectors, escalation and KPIs at full volume.

    python3 tests/perf/bench_scale.py -c odoo.conf -d DB [--scale 1.0]

At scale 1.0 it loads, in one transaction that is rolled back at the end: 200,000 sales
order lines (40,000 orders), 1,000,000 stock moves (200,000 transfers), 50,000 purchase
order lines, 5,000 products in three warehouses and 50,000 open exceptions, then times
the full detector pass (as the scheduled action runs it, then again in steady state),
the escalation pass over every open exception, every KPI (headline and pivot, cold cache)
and each role's workspace, with the queries of each and the peak memory of the process.
Targets on the project's 2-core machine: detector pass under 60 s, escalation pass under
10 s, every KPI's headline and pivot under 200 ms each, every workspace under 400 ms, a
worker under 2 GiB. The KPIs and workspaces are also read after a first load of the
exceptions and a tenth of the orders and moves, and a detector and an escalation pass over
it (rolled back after the reading): the run fails (exit 1) when one of them needs more
queries at full volume than then. Each time, a first untimed reading fills the caches a
worker keeps between requests; "cold cache" is the request's own record cache.
"""

import argparse
import os
import resource
import sys
import time

# Run as a script, this folder is on the path: the other benchmarks' loaders are reused.
from bench_exception_core import load_exceptions, setup
from bench_kpis import kpi_reads
from bench_supply_warehouse import Loader, timed

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry


def machine():
    with open("/proc/meminfo") as meminfo:
        total_kib = int(meminfo.readline().split()[1])
    return f"{os.cpu_count()} cores, {total_kib / 1024 / 1024:.0f} GiB RAM"


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(env, scale, prefix="SCALE"):
    loader = Loader(env)
    product_ids = loader.products(prefix, int(5_000 * min(scale, 1.0)))
    loader.quants(product_ids)
    loader.purchases(prefix, int(10_000 * scale), product_ids)
    loader.sales_and_moves(prefix, int(40_000 * scale), int(200_000 * scale), product_ids)
    env.invalidate_all()
    env.cr.execute("ANALYZE")


def count(env, table):
    env.cr.execute(f"SELECT count(*) FROM {table}")
    return env.cr.fetchone()[0]


KPI_TARGET_MS = 200
WORKSPACE_TARGET_MS = 400
ROLES = ("management", "sales", "procurement", "warehouse", "service")


def verdict(elapsed_ms, target_ms):
    return "met" if elapsed_ms < target_ms else "MISSED"


def kpi_and_workspace_reads(env):
    """{name: callable}: each KPI's headline over the last 30 days and its pivot, and each
    role's workspace as its screen opens it (tiles, queue, KPIs and previous period)."""
    reads = {}
    if "dist.kpi" not in env:
        return reads
    now = fields.Datetime.now()
    since = fields.Datetime.subtract(now, days=30)
    for kpi in env["dist.kpi"].search([("available", "=", True)]):
        headline, pivot, _domain = kpi_reads(env, kpi, since, now)
        reads[f"KPI {kpi.name} headline"] = headline
        reads[f"KPI {kpi.name} pivot"] = pivot
    for role in ROLES:
        reads[f"workspace {role}"] = lambda role=role: env["dist.workspace"].get_workspace(role)
    return reads


def query_counts(env, reads):
    return {name: timed(env, read)[2] for name, read in reads.items()}


def time_reads(env, reads, baseline):
    """Time each read, cold cache, against its target; the reads needing more queries than
    on the bare database."""
    grown = []
    for name, read in reads.items():
        _result, seconds, queries = timed(env, read)
        target = WORKSPACE_TARGET_MS if name.startswith("workspace") else KPI_TARGET_MS
        before = baseline.get(name)
        print(
            f"{name}: {seconds * 1000:.0f} ms, {queries} queries ({before} at a tenth of the volume) "
            f"(target under {target} ms: {verdict(seconds * 1000, target)})"
        )
        if before is not None and queries > before:
            grown.append(f"{name}: {queries} queries, {before} at a tenth of the volume")
    return grown


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print(f"bench scale: {args.scale} on {machine()}")
        start = time.perf_counter()
        exc_type, _rule = setup(env)
        load_exceptions(env, exc_type, int(50_000 * args.scale), fields.Datetime.now())
        detectors = env["dist.exception.type"]
        facing = (
            detectors.search([("customer_facing", "=", True)]) if "customer_facing" in detectors._fields else detectors
        )
        # Ticket opening is measured by bench_supply_warehouse.py; here the detectors alone.
        facing.write({"customer_facing": False})
        load(env, args.scale / 10, "SCALE0")
        # The baseline reads queues holding the kinds of exceptions the detectors raise (a
        # queue reads its rows' documents model by model), raised and escalated on the tenth
        # and rolled back after the reading.
        savepoint = cr.savepoint()
        detectors._cron_run_detectors()
        env["dist.exception"]._cron_escalate()
        # The second reading: the first one fills the caches a worker keeps between requests.
        query_counts(env, kpi_and_workspace_reads(env))
        baseline = query_counts(env, kpi_and_workspace_reads(env))
        savepoint.close(rollback=True)
        env.invalidate_all()
        load(env, args.scale)
        cr.execute("ANALYZE")
        print(
            f"loaded in {time.perf_counter() - start:.0f} s: {count(env, 'sale_order_line'):,} sales order lines, "
            f"{count(env, 'stock_move'):,} stock moves, {count(env, 'purchase_order_line'):,} purchase lines, "
            f"{count(env, 'dist_exception'):,} exceptions"
        )
        opened = env["dist.exception"].search_count([("state", "in", ("new", "acknowledged", "in_progress"))])
        _none, first_s, first_q = timed(env, detectors._cron_run_detectors)
        raised = env["dist.exception"].search_count([("state", "in", ("new", "acknowledged", "in_progress"))]) - opened
        _none, steady_s, steady_q = timed(env, detectors._cron_run_detectors)
        print(f"full detector pass raising {raised:,} exceptions: {first_s:.1f} s, {first_q} queries")
        print(
            f"steady-state full detector pass: {steady_s:.1f} s, {steady_q} queries "
            f"(target under 60 s: {'met' if max(first_s, steady_s) < 60 else 'MISSED'})"
        )
        open_count = env["dist.exception"].search_count([("state", "in", ("new", "acknowledged", "in_progress"))])
        escalated, esc_s, esc_q = timed(env, env["dist.exception"]._cron_escalate)
        escalated = escalated.get("dist.exception", [])
        print(
            f"escalation pass over {open_count:,} open exceptions ({len(escalated):,} escalated): {esc_s:.1f} s, "
            f"{esc_q} queries (target under 10 s: {'met' if esc_s < 10 else 'MISSED'})"
        )
        env.cr.execute("SHOW work_mem")
        print(f"KPIs and workspaces, cold cache (work_mem {env.cr.fetchone()[0]}):")
        # As before the baseline: one untimed reading first, for the caches a worker keeps
        # between requests (the xml ids of the exception types the detector pass raised).
        query_counts(env, kpi_and_workspace_reads(env))
        grown = time_reads(env, kpi_and_workspace_reads(env), baseline)
        rss = peak_rss_mib()
        print(f"peak memory of this process: {rss:.0f} MiB (target under 2 GiB: {'met' if rss < 2048 else 'MISSED'})")
        cr.rollback()
    for line in grown:
        print(f"query count grew with the data: {line}")
    return 1 if grown else 0


if __name__ == "__main__":
    sys.exit(main())
