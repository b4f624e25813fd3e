"""A year of a mid-size distributor: detectors, escalation and KPIs at full volume.

    python3 tests/perf/bench_scale.py -c odoo.conf -d DB [--scale 1.0]

At scale 1.0 it loads, in one transaction that is rolled back at the end: 200,000 sales
order lines (40,000 orders), 1,000,000 stock moves (200,000 transfers), 50,000 purchase
order lines, 5,000 products in three warehouses and 50,000 open exceptions, then times
the full detector pass (as the scheduled action runs it, then again in steady state),
the escalation pass over every open exception, and every KPI (headline and pivot), with
the queries of each and the peak memory of the process. Targets on the project's 2-core
machine: detector pass under 60 s, escalation pass under 10 s, every KPI under 1 s, a
worker under 2 GiB.
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


def load(env, scale):
    loader = Loader(env)
    product_ids = loader.products("SCALE", int(5_000 * min(scale, 1.0)))
    loader.quants(product_ids)
    loader.purchases("SCALE", int(10_000 * scale), product_ids)
    loader.sales_and_moves("SCALE", int(40_000 * scale), int(200_000 * scale), product_ids)
    env.invalidate_all()
    env.cr.execute("ANALYZE")


def count(env, table):
    env.cr.execute(f"SELECT count(*) FROM {table}")
    return env.cr.fetchone()[0]


def time_workspaces(env):
    """Open each role's workspace as its screen does: tiles, queue, KPIs and previous period."""
    if "dist.workspace" not in env:
        return
    env.cr.execute("SHOW work_mem")
    work_mem = env.cr.fetchone()[0]
    for role in ("management", "sales", "procurement", "warehouse", "service"):
        env.invalidate_all()
        begin = time.perf_counter()
        env["dist.workspace"].get_workspace(role)
        print(f"workspace {role}: {(time.perf_counter() - begin) * 1000:.0f} ms (work_mem {work_mem})")


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
        load(env, args.scale)
        exc_type, _rule = setup(env)
        load_exceptions(env, exc_type, int(50_000 * args.scale), fields.Datetime.now())
        cr.execute("ANALYZE")
        print(
            f"loaded in {time.perf_counter() - start:.0f} s: {count(env, 'sale_order_line'):,} sales order lines, "
            f"{count(env, 'stock_move'):,} stock moves, {count(env, 'purchase_order_line'):,} purchase lines, "
            f"{count(env, 'dist_exception'):,} exceptions"
        )
        detectors = env["dist.exception.type"]
        facing = (
            detectors.search([("customer_facing", "=", True)]) if "customer_facing" in detectors._fields else detectors
        )
        # Ticket opening is measured by bench_supply_warehouse.py; here the detectors alone.
        facing.write({"customer_facing": False})
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
        now = fields.Datetime.now()
        since = fields.Datetime.subtract(now, days=30)
        slowest = 0.0
        for kpi in env["dist.kpi"].search([("available", "=", True)]) if "dist.kpi" in env else []:
            headline, pivot, _domain = kpi_reads(env, kpi, since, now)
            env.invalidate_all()
            begin = time.perf_counter()
            headline()
            pivot()
            elapsed = time.perf_counter() - begin
            slowest = max(slowest, elapsed)
            print(f"KPI {kpi.name}: {elapsed * 1000:.0f} ms (headline and pivot, cold cache)")
        print(f"slowest KPI: {slowest * 1000:.0f} ms (target under 1 s: {'met' if slowest < 1 else 'MISSED'})")
        time_workspaces(env)
        rss = peak_rss_mib()
        print(f"peak memory of this process: {rss:.0f} MiB (target under 2 GiB: {'met' if rss < 2048 else 'MISSED'})")
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
