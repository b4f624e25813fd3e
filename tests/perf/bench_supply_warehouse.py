"""Benchmark of the supply and warehouse detectors at a distributor's volume.

    python3 tests/perf/bench_supply_warehouse.py -c odoo.conf -d DB [--scale 1.0]

Needs dist_supply_exceptions and dist_warehouse_exceptions installed. At scale 1.0 it
loads, in one transaction that is rolled back at the end:

- 2,000 stocked products, a quant of each in each of the company's first three
  warehouses (1 % counted beyond the warehouse's limits, 0.2 % below zero);
- 4,000 purchase orders with 20,000 lines: 10 % sent to the supplier and waiting,
  70 % confirmed, among whose lines 3 % are received in part and 2 % are late;
- 2,000 sale orders of 5 lines and 100,000 stock moves in 20,000 transfers: 90 % done
  history, the rest open deliveries and receipts (ready, waiting, some past their date).

The data is loaded in two steps, a tenth first, to count the queries of a detector pass
at both sizes: they must not grow with the records, beyond the ORM inserting the new
exceptions by the hundred. It then times:

- the full detector pass, every active detector of the suite as the scheduled action
  runs it: the first one raises the exceptions, the next one is the steady state;
- the checks of the supply and warehouse detectors against a plain per-record loop
  doing the same checks with a query per record, in the same run, the best of three runs
  each (target: 30x faster).

With dist_service_sla installed, customer-facing exceptions open helpdesk tickets: those
passes run with ticket opening switched off, and the cost of opening tickets is measured
last, on its own, against its target of 3 queries per ticket (the pass's queries, detection
and exceptions included, over the tickets it opens).
"""

import argparse
import resource
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry

SUPPLY_WAREHOUSE_CODES = (
    "po_unconfirmed",
    "po_late",
    "po_partial_receipt",
    "inbound_shortage",
    "replenishment_gap",
    "transfer_blocked",
    "dispatch_delay",
    "count_variance",
    "negative_stock",
)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(env, func, *args):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func(*args)
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def best_of(env, runs, func, *args):
    """``timed`` ``runs`` times (caches emptied before each): the result and queries of the
    last run, the shortest time. Tens of milliseconds vary with the machine's other load;
    both sides of a comparison are measured the same way."""
    times = []
    for _run in range(runs):
        result, seconds, queries = timed(env, func, *args)
        times.append(seconds)
    return result, min(times), queries


class Loader:
    """Bulk SQL inserts of realistic rows, in batches tagged with a prefix."""

    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.company = env.company
        self.now = fields.Datetime.now()
        self.warehouses = env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=3)
        self.uom = env.ref("uom.product_uom_unit")
        self.customers = env.ref("stock.stock_location_customers")
        self.suppliers = env.ref("stock.stock_location_suppliers")
        self.vendors = env["res.partner"].create([{"name": f"Bench vendor {n}", "is_company": True} for n in range(50)])
        self.clients = env["res.partner"].create(
            [{"name": f"Bench customer {n}", "is_company": True} for n in range(200)]
        )

    def products(self, prefix, count):
        products = self.env["product.product"].create(
            [
                {
                    "name": f"{prefix} item {n}",
                    "default_code": f"{prefix}-{n}",
                    "is_storable": True,
                    "standard_price": 5 + n % 40,
                    "list_price": 10 + n % 60,
                }
                for n in range(count)
            ]
        )
        return products.ids

    def quants(self, product_ids):
        """A quant per product and warehouse: 1 % counted short by 40, 0.2 % negative."""
        for warehouse in self.warehouses:
            self.cr.execute(
                """
                INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity, in_date,
                                         inventory_quantity, inventory_diff_quantity, inventory_quantity_set,
                                         dist_variance_value, create_uid, write_uid, create_date, write_date)
                SELECT p.id, %(location)s, %(company)s,
                       CASE WHEN p.n %% 500 = 7 THEN -4 ELSE 100 + p.n %% 50 END, 0, %(now)s,
                       CASE WHEN p.n %% 100 = 3 THEN 60 + p.n %% 50 ELSE 0 END,
                       CASE WHEN p.n %% 100 = 3 THEN -40 ELSE 0 END,
                       p.n %% 100 = 3,
                       CASE WHEN p.n %% 100 = 3 THEN -400 ELSE 0 END,
                       1, 1, %(now)s, %(now)s
                  FROM unnest(%(products)s::int[]) WITH ORDINALITY AS p(id, n)
                """,
                {
                    "location": warehouse.lot_stock_id.id,
                    "company": self.company.id,
                    "now": self.now,
                    "products": product_ids,
                },
            )

    def purchases(self, prefix, count, product_ids):
        """``count`` orders of 5 lines: 10 % sent 20 days ago, 70 % confirmed, 20 % draft."""
        self.cr.execute(
            """
            INSERT INTO purchase_order (name, partner_id, currency_id, company_id, date_order, picking_type_id, state,
                                        create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s || n, (%(vendors)s::int[])[1 + n %% 50], %(currency)s, %(company)s,
                   %(now)s - CASE WHEN n %% 10 = 0 THEN interval '20 days' ELSE interval '2 days' END,
                   %(picking_type)s,
                   CASE WHEN n %% 10 = 0 THEN 'sent' WHEN n %% 10 < 8 THEN 'purchase' ELSE 'draft' END,
                   1, 1, %(now)s, %(now)s
              FROM generate_series(1, %(count)s) AS n
         RETURNING id, state
            """,
            {
                "prefix": f"{prefix}/PO/",
                "vendors": self.vendors.ids,
                "currency": self.company.currency_id.id,
                "company": self.company.id,
                "now": self.now,
                "picking_type": self.warehouses[0].in_type_id.id,
                "count": count,
            },
        )
        orders = self.cr.fetchall()
        # Line i of a confirmed order: 3 % half received, 2 % due 5 days ago and not received,
        # the rest received in full (past) or not due yet (future).
        self.cr.execute(
            """
            INSERT INTO purchase_order_line (order_id, name, product_id, product_qty, product_uom_qty, product_uom,
                                             price_unit, date_planned, qty_received, company_id, currency_id,
                                             state, create_uid, write_uid, create_date, write_date)
            SELECT o.id, 'bench line', (%(products)s::int[])[1 + (o.n * 5 + l) %% %(nproducts)s], 10, 10,
                   %(uom)s, 5,
                   %(now)s + CASE WHEN k %% 100 < 5 THEN interval '-5 days'
                                  WHEN k %% 2 = 0 THEN interval '-10 days' ELSE interval '10 days' END,
                   CASE WHEN o.state != 'purchase' THEN 0
                        WHEN k %% 100 < 3 THEN 5
                        WHEN k %% 100 < 5 THEN 0
                        WHEN k %% 2 = 0 THEN 10 ELSE 0 END,
                   %(company)s, %(currency)s, o.state, 1, 1, %(now)s, %(now)s
              FROM unnest(%(orders)s::int[], %(states)s::varchar[]) WITH ORDINALITY AS o(id, state, n),
                   generate_series(1, 5) AS l,
                   LATERAL (SELECT o.n * 5 + l AS k) AS key
            """,
            {
                "products": product_ids,
                "nproducts": len(product_ids),
                "uom": self.uom.id,
                "now": self.now,
                "company": self.company.id,
                "currency": self.company.currency_id.id,
                "orders": [row[0] for row in orders],
                "states": [row[1] for row in orders],
            },
        )

    def sales_and_moves(self, prefix, orders, pickings, product_ids):
        """``orders`` confirmed sale orders of 5 lines, and ``pickings`` transfers of 5 moves:
        90 % done history, the rest open deliveries of those orders and receipts."""
        self.cr.execute(
            """
            INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id, date_order,
                                    picking_policy, state, warehouse_id, create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s || n, %(company)s, c, c, c, %(now)s - interval '3 days', 'direct', 'sale',
                   %(warehouse)s, 1, 1, %(now)s, %(now)s
              FROM generate_series(1, %(count)s) AS n, LATERAL (SELECT (%(clients)s::int[])[1 + n %% 200] AS c) AS p
         RETURNING id
            """,
            {
                "prefix": f"{prefix}/SO/",
                "company": self.company.id,
                "now": self.now,
                "warehouse": self.warehouses[0].id,
                "count": orders,
                "clients": self.clients.ids,
            },
        )
        order_ids = [row[0] for row in self.cr.fetchall()]
        self.cr.execute(
            """
            INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty, product_uom, price_unit,
                                         customer_lead, company_id, currency_id, state, create_uid, write_uid,
                                         create_date, write_date)
            SELECT o.id, 'bench line', (%(products)s::int[])[1 + (o.n * 5 + l) %% %(nproducts)s], 8, %(uom)s, 20,
                   0, %(company)s, %(currency)s, 'sale', 1, 1, %(now)s, %(now)s
              FROM unnest(%(orders)s::int[]) WITH ORDINALITY AS o(id, n), generate_series(1, 5) AS l
         RETURNING id, product_id
            """,
            {
                "products": product_ids,
                "nproducts": len(product_ids),
                "uom": self.uom.id,
                "company": self.company.id,
                "currency": self.company.currency_id.id,
                "now": self.now,
                "orders": order_ids,
            },
        )
        sale_lines = self.cr.fetchall()
        for index, warehouse in enumerate(self.warehouses):
            share = pickings // len(self.warehouses)
            self._pickings(
                f"{prefix}/{warehouse.code}/", warehouse, share, product_ids, sale_lines if not index else []
            )

    def _pickings(self, prefix, warehouse, count, product_ids, sale_lines):
        # Transfer n: done when n % 10 > 0; otherwise an open delivery (ready, waiting or
        # waiting another operation), one in three scheduled two days ago, or a receipt.
        self.cr.execute(
            """
            INSERT INTO stock_picking (name, location_id, location_dest_id, picking_type_id, move_type, state,
                                       scheduled_date, date_done, partner_id, company_id, create_uid, write_uid,
                                       create_date, write_date)
            SELECT %(prefix)s || n,
                   CASE WHEN kind = 'in' THEN %(suppliers)s ELSE %(stock)s END,
                   CASE WHEN kind = 'in' THEN %(stock)s ELSE %(customers)s END,
                   CASE WHEN kind = 'in' THEN %(in_type)s ELSE %(out_type)s END,
                   'direct', state,
                   %(now)s - CASE WHEN n %% 3 = 0 THEN interval '2 days' ELSE interval '-1 days' END,
                   CASE WHEN state = 'done' THEN %(now)s - interval '5 days' END,
                   (%(clients)s::int[])[1 + n %% 200], %(company)s, 1, 1, %(now)s, %(now)s
              FROM generate_series(1, %(count)s) AS n,
                   LATERAL (SELECT CASE WHEN n %% 10 > 0 THEN 'done'
                                        WHEN n %% 40 = 0 THEN 'assigned'
                                        WHEN n %% 40 = 10 THEN 'confirmed'
                                        WHEN n %% 40 = 20 THEN 'waiting'
                                        ELSE 'assigned' END AS state,
                                   CASE WHEN n %% 4 = 1 THEN 'in' ELSE 'out' END AS kind) AS k
         RETURNING id, state, location_id, location_dest_id, picking_type_id
            """,
            {
                "prefix": prefix,
                "suppliers": self.suppliers.id,
                "customers": self.customers.id,
                "stock": warehouse.lot_stock_id.id,
                "in_type": warehouse.in_type_id.id,
                "out_type": warehouse.out_type_id.id,
                "now": self.now,
                "clients": self.clients.ids,
                "company": self.company.id,
                "count": count,
            },
        )
        rows = self.cr.fetchall()
        open_out = [row for row in rows if row[1] != "done" and row[2] == warehouse.lot_stock_id.id]
        # Open deliveries of the first warehouse serve the sale order lines.
        sale_by_picking = {}
        for (picking_id, *_rest), (line_id, product_id) in zip(open_out, sale_lines, strict=False):
            sale_by_picking[picking_id] = (line_id, product_id)
        self.cr.execute(
            """
            INSERT INTO stock_move (name, company_id, product_id, product_uom, location_id, location_dest_id,
                                    location_final_id, procure_method, product_uom_qty, product_qty, quantity, date,
                                    state, picking_id, picking_type_id, warehouse_id, sale_line_id, picked,
                                    create_uid, write_uid, create_date, write_date)
            SELECT 'bench move', %(company)s,
                   COALESCE(s.product_id, (%(products)s::int[])[1 + (p.n * 5 + l) %% %(nproducts)s]),
                   %(uom)s, p.location_id, p.location_dest_id, p.location_dest_id, 'make_to_stock', 3, 3,
                   CASE WHEN p.state IN ('done', 'assigned') THEN 3 ELSE 0 END,
                   %(now)s, CASE WHEN p.state = 'waiting' THEN 'waiting' ELSE p.state END,
                   p.id, p.picking_type_id, %(warehouse)s, CASE WHEN l = 1 THEN s.line_id END, p.state = 'done',
                   1, 1, %(now)s, %(now)s
              FROM unnest(%(ids)s::int[], %(states)s::varchar[], %(src)s::int[], %(dst)s::int[], %(types)s::int[])
                   WITH ORDINALITY AS p(id, state, location_id, location_dest_id, picking_type_id, n)
              CROSS JOIN generate_series(1, 5) AS l
              LEFT JOIN unnest(%(sale_pickings)s::int[], %(sale_lines)s::int[], %(sale_products)s::int[])
                   AS s(picking_id, line_id, product_id) ON s.picking_id = p.id AND l = 1
            """,
            {
                "company": self.company.id,
                "products": product_ids,
                "nproducts": len(product_ids),
                "uom": self.uom.id,
                "now": self.now,
                "warehouse": warehouse.id,
                "ids": [row[0] for row in rows],
                "states": [row[1] for row in rows],
                "src": [row[2] for row in rows],
                "dst": [row[3] for row in rows],
                "types": [row[4] for row in rows],
                "sale_pickings": list(sale_by_picking),
                "sale_lines": [value[0] for value in sale_by_picking.values()],
                "sale_products": [value[1] for value in sale_by_picking.values()],
            },
        )

    def load(self, prefix, scale):
        product_ids = self.products(prefix, int(2_000 * scale))
        self.quants(product_ids)
        self.purchases(prefix, int(4_000 * scale), product_ids)
        self.sales_and_moves(prefix, int(2_000 * scale), int(20_000 * scale), product_ids)
        self.env.invalidate_all()
        self.cr.execute("ANALYZE")


def naive_checks(env, now):
    """The supply and warehouse checks, one record at a time: a query (or three) per record."""
    cr = env.cr
    found = 0
    cr.execute("SELECT id FROM purchase_order WHERE state = 'sent'")
    for (order_id,) in cr.fetchall():
        cr.execute(
            """SELECT o.date_order < %s - make_interval(days => c.dist_po_confirm_days)
                 FROM purchase_order o JOIN res_company c ON c.id = o.company_id WHERE o.id = %s""",
            [now, order_id],
        )
        found += cr.fetchone()[0]
    cr.execute("SELECT id FROM purchase_order WHERE state = 'purchase'")
    for (order_id,) in cr.fetchall():
        cr.execute(
            """SELECT bool_or(date_planned < %s AND qty_received < product_qty),
                      bool_or(qty_received > 0 AND qty_received < product_qty)
                 FROM purchase_order_line WHERE order_id = %s""",
            [now, order_id],
        )
        late, partial = cr.fetchone()
        found += bool(late) + bool(partial)
    # A product's forecast is its company's: stock of one company does not cover another's orders.
    cr.execute(
        """SELECT DISTINCT m.product_id, m.company_id FROM stock_move m
             JOIN stock_picking_type t ON t.id = m.picking_type_id
            WHERE m.sale_line_id IS NOT NULL AND t.code = 'outgoing' AND m.state NOT IN ('done', 'cancel', 'draft')"""
    )
    short = set()
    for product_id, company_id in cr.fetchall():
        cr.execute(
            """SELECT COALESCE(sum(q.quantity), 0) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                WHERE q.product_id = %s AND l.usage = 'internal' AND l.company_id = %s""",
            [product_id, company_id],
        )
        on_hand = cr.fetchone()[0]
        cr.execute(
            """SELECT COALESCE(sum(m.product_qty) FILTER (WHERE d.usage = 'internal' AND s.usage != 'internal'), 0),
                      COALESCE(sum(m.product_qty) FILTER (WHERE s.usage = 'internal' AND d.usage != 'internal'), 0)
                 FROM stock_move m JOIN stock_location s ON s.id = m.location_id
                 JOIN stock_location d ON d.id = m.location_dest_id
                WHERE m.product_id = %s AND m.company_id = %s AND m.state NOT IN ('done', 'cancel', 'draft')""",
            [product_id, company_id],
        )
        incoming, outgoing = cr.fetchone()
        if on_hand + incoming - outgoing < 0:
            short.add(product_id)
    # The detector raises one exception per product, short in one company or several.
    found += len(short)
    cr.execute(
        """SELECT p.id FROM stock_picking p JOIN stock_picking_type t ON t.id = p.picking_type_id
            WHERE p.state NOT IN ('done', 'cancel', 'draft') AND t.code IN ('outgoing', 'internal')"""
    )
    for (picking_id,) in cr.fetchall():
        cr.execute(
            """SELECT p.state, p.scheduled_date, w.dist_blocked_hours, w.dist_dispatch_grace_hours, t.code
                 FROM stock_picking p JOIN stock_picking_type t ON t.id = p.picking_type_id
                 JOIN stock_warehouse w ON w.id = t.warehouse_id WHERE p.id = %s""",
            [picking_id],
        )
        state, scheduled, blocked_hours, grace_hours, code = cr.fetchone()
        age_hours = (now - scheduled).total_seconds() / 3600
        found += state in ("confirmed", "waiting") and age_hours > blocked_hours
        found += state == "assigned" and code == "outgoing" and age_hours > grace_hours
    cr.execute(
        "SELECT q.id FROM stock_quant q JOIN stock_location l ON l.id = q.location_id WHERE l.usage = 'internal'"
    )
    for (quant_id,) in cr.fetchall():
        cr.execute(
            """SELECT q.quantity, q.inventory_quantity_set, q.inventory_diff_quantity, q.dist_variance_value,
                      w.dist_variance_qty_limit, w.dist_variance_value_limit
                 FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                 LEFT JOIN stock_warehouse w ON w.id = l.warehouse_id WHERE q.id = %s""",
            [quant_id],
        )
        quantity, counted, diff, value, qty_limit, value_limit = cr.fetchone()
        found += quantity < 0
        found += bool(counted and qty_limit is not None and (abs(diff) > qty_limit or abs(value) > value_limit))
    return found


def detector_checks(env, exc_types):
    """The same checks through the detectors' own methods (no exception written)."""
    found = 0
    for exc_type in exc_types:
        found += len(getattr(env[exc_type.res_model], exc_type._dist_detector_method())(exc_type))
    return found


def bench_tickets(env, facing):
    """Raise the dispatch delays again with ticket opening on."""
    facing.write({"customer_facing": True})
    dispatch = env["dist.exception.type"].search([("code", "=", "dispatch_delay")])
    if dispatch not in facing:
        return []
    env.cr.execute("DELETE FROM dist_exception WHERE type_id = %s", [dispatch.id])
    env.invalidate_all()
    (created, _cleared), seconds, queries = timed(env, dispatch._dist_run_detector)
    tickets = created.ticket_id
    per_ticket = queries / max(len(tickets), 1)
    print(
        f"with ticket opening: {len(created):,} dispatch delays opening {len(tickets):,} tickets: {seconds:.2f} s, "
        f"{queries} queries ({queries / max(len(created), 1):.1f} per exception, {per_ticket:.1f} per ticket)"
    )
    # The whole pass (detection, exceptions, tickets) counts against the tickets it opens.
    print(f"target: at most 3 queries per ticket opened: {per_ticket:.1f} ({'met' if per_ticket <= 3 else 'MISSED'})")
    return [] if len(tickets) else ["customer-facing dispatch delays opened no ticket"]


def open_count(env):
    return env["dist.exception"].search_count([("state", "in", ("new", "acknowledged", "in_progress", "on_hold"))])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 20,000 purchase lines, 100,000 moves")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    failures = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        detectors = env["dist.exception.type"]
        facing = (
            detectors.search([("customer_facing", "=", True)]) if "customer_facing" in detectors._fields else detectors
        )
        facing.write({"customer_facing": False})
        loader = Loader(env)
        print(f"bench supply_warehouse: scale {args.scale}")

        loader.load("BENCHA", args.scale / 10)
        _none, _s, q_small = timed(env, detectors._cron_run_detectors)
        small_open = open_count(env)
        loader.load("BENCHB", args.scale * 9 / 10)
        cr.execute("SELECT count(*) FROM purchase_order_line")
        po_lines = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM stock_move")
        moves = cr.fetchone()[0]
        print(f"database: {po_lines:,} purchase order lines, {moves:,} stock moves")

        _none, first_seconds, first_queries = timed(env, detectors._cron_run_detectors)
        raised = open_count(env) - small_open
        _none, steady_seconds, steady_queries = timed(env, detectors._cron_run_detectors)
        print(
            f"full detector pass raising {raised:,} exceptions: {first_seconds:.2f} s, {first_queries} queries "
            f"(a tenth of the data, raising {small_open:,}: {q_small} queries)"
        )
        print(f"steady-state full detector pass (nothing new): {steady_seconds:.2f} s, {steady_queries} queries")
        # The ORM inserts rows by the hundred: allow that, never a query per record.
        growth = (first_queries - q_small) / max(raised - small_open, 1)
        print(f"extra queries per extra exception raised: {growth:.3f}")
        if growth > 0.1:
            failures.append(f"detector queries grow with the data: {q_small} -> {first_queries} for {raised} raised")
        target = "met" if steady_seconds < 5 else "MISSED"
        print(f"target: full detector pass under 5 s: steady state {steady_seconds:.2f} s ({target})")

        # The types are looked up before the clock starts: the loop has no such lookup either.
        exc_types = env["dist.exception.type"].search([("code", "in", SUPPLY_WAREHOUSE_CODES)])
        exc_types.mapped("res_model")
        found, check_seconds, check_queries = best_of(env, 3, detector_checks, env, exc_types)
        naive_found, naive_seconds, naive_queries = best_of(env, 3, naive_checks, env, fields.Datetime.now())
        ratio = naive_seconds / check_seconds
        print(
            f"supply and warehouse checks (best of 3): detectors {check_seconds * 1000:.0f} ms, "
            f"{check_queries} queries, {found:,} found; "
            f"per-record loop {naive_seconds * 1000:.0f} ms, {naive_queries:,} queries, {naive_found:,} found: "
            f"{ratio:.0f}x faster"
        )
        print(f"target: at least 30x faster than the per-record loop: {'met' if ratio >= 30 else 'MISSED'}")
        if found != naive_found:
            failures.append(f"the checks found {found} records, the per-record loop {naive_found}")
        if facing:
            failures += bench_tickets(env, facing)
        rss = peak_rss_mib()
        print(f"peak memory of this process: {rss:.0f} MiB (target under 1 GiB: {'met' if rss < 1024 else 'MISSED'})")
        cr.rollback()
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
