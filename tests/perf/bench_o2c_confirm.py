"""Benchmark: the cost of the order-to-cash controls on sale order confirmation.

    python3 tests/perf/bench_o2c_confirm.py -c odoo.conf -d DB [--scale 1.0]

At scale 1.0 it creates 300 quotations of 3 stocked lines for 30 customers with credit
limits, then confirms 150 of them through Odoo's own confirmation (the baseline: the
company's controls switched off and the module's override stepped over) and 150 with
every control on (discount status, credit exposure, holds). It prints the time and the
queries per order of each, and their ratio. Everything runs in one transaction that is
rolled back.

Targets (issue 4): at most 1.3 times the plain confirmation time and at most 10 extra
queries per order. The script fails only on the query target, which does not depend on
the machine's load; it reports the time ratio.
"""

import argparse
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.fields import Command
from odoo.modules.registry import Registry


def make_orders(env, count):
    company = env.company
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    products = env["product.product"].create(
        [{"name": f"Bench item {i}", "is_storable": True, "list_price": 10.0 + i} for i in range(3)]
    )
    for product in products:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 100_000)
    customers = env["res.partner"].create(
        [{"name": f"Bench customer {i}", "credit_limit": 1_000_000} for i in range(30)]
    )
    return env["sale.order"].create(
        [
            {
                "partner_id": customers[i % len(customers)].id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 2, "price_unit": product.list_price})
                    for product in products
                ],
            }
            for i in range(count)
        ]
    )


def confirm_each(env, orders, confirm):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    for order in orders:
        confirm(order)
        env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 300 orders")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    count = max(int(300 * args.scale) // 2 * 2, 20)
    registry = Registry(args.database)
    # Importable once the registry has put the addons paths in place.
    from odoo.addons.dist_o2c_controls.models.sale_order import SaleOrder as O2cSaleOrder  # noqa: PLC0415

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        orders = make_orders(env, count)
        half = count // 2
        # Warm the caches both ways so neither side pays the first-call costs.
        company.write({"dist_discount_control": False, "dist_credit_control": False})
        super(O2cSaleOrder, orders[:2]).action_confirm()
        company.write({"dist_discount_control": True, "dist_credit_control": True})
        orders[2:4].action_confirm()
        plain, controlled = orders[4 : 4 + (half - 2)], orders[4 + (half - 2) :]

        company.write({"dist_discount_control": False, "dist_credit_control": False})
        plain_seconds, plain_queries = confirm_each(env, plain, lambda o: super(O2cSaleOrder, o).action_confirm())
        company.write({"dist_discount_control": True, "dist_credit_control": True})
        ctrl_seconds, ctrl_queries = confirm_each(env, controlled, lambda o: o.action_confirm())
        held = controlled.filtered("dist_credit_hold")
        n_plain, n_ctrl = len(plain), len(controlled)
        print(f"bench o2c confirmation: scale {args.scale}, {n_plain} plain and {n_ctrl} controlled orders")
        print(
            f"plain Odoo confirmation: {plain_seconds / n_plain * 1000:.1f} ms and "
            f"{plain_queries / n_plain:.1f} queries per order"
        )
        print(
            f"with every control on: {ctrl_seconds / n_ctrl * 1000:.1f} ms and "
            f"{ctrl_queries / n_ctrl:.1f} queries per order ({len(held)} held)"
        )
        ratio = (ctrl_seconds / n_ctrl) / (plain_seconds / n_plain)
        extra = ctrl_queries / n_ctrl - plain_queries / n_plain
        print(f"ratio: {ratio:.2f}x the plain time (target 1.3x), {extra:.1f} extra queries per order (target 10)")
        cr.rollback()
    if extra > 10:
        print(f"FAILED: {extra:.1f} extra queries per order, above 10")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
