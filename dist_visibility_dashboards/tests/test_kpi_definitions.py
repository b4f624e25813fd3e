# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from .common import DistKpiDocumentsCase


@tagged("post_install", "-at_install")
class TestKpiDefinitions(DistKpiDocumentsCase):
    """Each KPI on a hand-built set of documents (several lines, a dozen, a service, an
    over- and a short-delivered line, a split shipment, a cancelled order, a second
    company, items older than 30 days); the expected figure is worked out here from the
    documents' own quantities and dates, never read from the suite's views."""

    # What the documents say, worked out in Python.

    def _goods_lines(self, order):
        return order.order_line.filtered(lambda line: not line.display_type and line.product_id.type == "consu")

    def _in_product_unit(self, line):
        unit = line.product_id.uom_id
        ordered = line.product_uom._compute_quantity(line.product_uom_qty, unit)
        moves = line.move_ids.filtered(lambda m: m.state == "done" and m.picking_code == "outgoing")
        delivered = sum(m.product_uom._compute_quantity(m.quantity, unit) for m in moves)
        return ordered, delivered

    def _expected_otif_and_fill(self, order):
        lines = [self._in_product_unit(line) for line in self._goods_lines(order)]
        pickings = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        last_done = max(pickings.mapped("date_done"))
        due = order.commitment_date or order.expected_date
        otif = 100.0 if all(d >= o for o, d in lines) and last_done <= due else 0.0
        fill = sum(100.0 * min(d, o) / o for o, d in lines) / len(lines)
        return otif, fill

    def test_otif_and_fill_rate(self):
        """Order 1: 10 gloves of 5 (over) and none of a dozen pens, plus a service: not in
        full, fill rate 50 %. Order 2: 4 gloves and a dozen pens shipped in two parts, the
        last one by the promise: OTIF, fill rate 100 %. Order 3 is cancelled, order 4 is of
        another company: neither counts for this company."""
        order_1 = self._multi_order([(self.product, 5, self.product.uom_id), (self.pens, 1, self.dozen)], 10, 8)
        self._ship(order_1, {self.product: 10}, days_ago=9)
        order_2 = self._multi_order([(self.product, 4, self.product.uom_id), (self.pens, 1, self.dozen)], 40, 35)
        self._ship(order_2, {self.product: 4, self.pens: 6}, days_ago=38, backorder=True)
        self._ship(order_2, {self.pens: 6}, days_ago=36)
        order_3 = self._multi_order([(self.product, 3, self.product.uom_id)], 10, 8)
        order_3._action_cancel()
        company_2 = self.env["res.company"].create({"name": "KPI second company"})
        self.env.user.company_ids |= company_2
        order_4 = self._multi_order([(self.pens, 2, self.dozen)], 10, 8, company=company_2)
        self.assertEqual(order_4.company_id, company_2)

        expected = {order: self._expected_otif_and_fill(order) for order in order_1 | order_2}
        self.assertEqual(expected[order_1], (0.0, 50.0))
        self.assertEqual(expected[order_2], (100.0, 100.0))
        domain = [("partner_id", "=", self.customer.id), ("company_id", "=", self.env.company.id)]
        rows = self.env["dist.kpi.order"].search(domain)
        self.assertEqual(rows.order_id, order_1 | order_2)
        for row in rows:
            self.assertEqual((row.otif, row.fill_rate), expected[row.order_id], row.order_id.name)
        otif = sum(value[0] for value in expected.values()) / len(expected)
        fill = sum(value[1] for value in expected.values()) / len(expected)
        self.assertEqual(self._figure("dist.kpi.order", "otif", domain), otif)
        self.assertEqual(self._figure("dist.kpi.order", "fill_rate", domain), fill)
        # The headline over the last 30 days holds order 1 only; the 30 days before, order 2.
        kpi = self.env.ref("dist_visibility_dashboards.dist_kpi_otif")
        kpi.domain = repr(domain)
        start, before = self.now - timedelta(days=30), self.now - timedelta(days=60)
        self.assertEqual(kpi._dist_headline(start, self.now + timedelta(seconds=1)), expected[order_1][0])
        self.assertEqual(kpi._dist_headline(before, start), expected[order_2][0])
        self.assertIsNone(kpi._dist_headline(before - timedelta(days=30), before))
        # The margin is sale_margin's own.
        self.assertEqual(rows.filtered(lambda r: r.order_id == order_1).margin, order_1.margin)

    def test_backorder_aging_at_the_period_end(self):
        """A backorder 40 days old still open, one 10 days old shipped 5 days ago: today
        only the first counts, whatever its age; 30 days ago it was 10 days old, alone;
        seven days ago both were open."""
        order_old = self._multi_order([(self.product, 10, self.product.uom_id)], 41, 41)
        self._ship(order_old, {self.product: 4}, days_ago=40, backorder=True)
        order_new = self._multi_order([(self.product, 10, self.product.uom_id)], 11, 11)
        self._ship(order_new, {self.product: 4}, days_ago=10, backorder=True)
        old, new = (o.picking_ids.filtered("backorder_id") for o in (order_old, order_new))
        self._ship(order_new, {self.product: 6}, days_ago=5)
        for picking in old | new:
            picking.invalidate_recordset()

        def expected(at):
            # A backorder's age runs from the shipment that left it behind.
            ages = [
                (at - p.backorder_id.date_done).total_seconds() / 86400
                for p in old | new
                if p.backorder_id.date_done < at and (p.state not in ("done", "cancel") or p.date_done >= at)
            ]
            return sum(ages) / len(ages) if ages else None

        kpi = self.env.ref("dist_visibility_dashboards.dist_kpi_backorder_aging")
        kpi.domain = repr([("partner_id", "=", self.customer.id)])
        for at, value in ((self.now, 40), (self.now - timedelta(days=30), 10), (self.now - timedelta(days=7), 18)):
            self.assertAlmostEqual(expected(at), value, delta=0.01)
            self.assertAlmostEqual(kpi._dist_headline(at - timedelta(days=30), at), expected(at), delta=0.01)
        self.assertIsNone(kpi._dist_headline(self.now - timedelta(days=90), self.now - timedelta(days=60)))

    def test_exception_aging_is_not_resolution_time(self):
        """An exception detected 40 days ago, still open; one detected 10 days ago, closed
        two days ago: today's aging is 40 days (the closed one's 8 days to closure are its
        resolution time, apart); 30 days ago, 10 days."""
        team = self.env["dist.exception.team"].create({"name": "KPI aging team"})
        exc_type = self.env["dist.exception.type"].create({"name": "KPI aging", "code": "kpi_aging", "layer": "demand"})
        still_open, closed = self.env["dist.exception"].create(
            [{"type_id": exc_type.id, "team_id": team.id}, {"type_id": exc_type.id, "team_id": team.id}]
        )
        closed.action_cancel()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE dist_exception SET detected_date = %s WHERE id = %s", [self.now - timedelta(days=40), still_open.id]
        )
        self.env.cr.execute(
            "UPDATE dist_exception SET detected_date = %s, resolved_date = %s WHERE id = %s",
            [self.now - timedelta(days=10), self.now - timedelta(days=2), closed.id],
        )
        (still_open | closed).invalidate_recordset()
        kpi = self.env.ref("dist_visibility_dashboards.dist_kpi_exception_aging")
        kpi.domain = repr([("team_id", "=", team.id)])
        age_now = (self.now - still_open.detected_date).total_seconds() / 86400
        self.assertAlmostEqual(kpi._dist_headline(self.now - timedelta(days=30), self.now), age_now, delta=0.01)
        at = self.now - timedelta(days=30)
        self.assertAlmostEqual(
            kpi._dist_headline(at - timedelta(days=30), at), (at - still_open.detected_date).days, delta=0.01
        )
        self.env.flush_all()
        row = self.env["dist.kpi.exception"].search([("exception_id", "=", closed.id)])
        self.assertFalse(row.age_days)
        resolution = (closed.resolved_date - closed.detected_date).total_seconds() / 86400
        self.assertAlmostEqual(row.resolution_days, resolution, delta=0.01)

    def test_invoice_lag_per_delivery(self):
        """A split shipment invoiced after each part: each delivery's lag runs to the
        invoice that covers it, never negative."""
        order = self._multi_order([(self.product, 4, self.product.uom_id), (self.pens, 1, self.dozen)], 12, 5)
        first = self._ship(order, {self.product: 4, self.pens: 6}, days_ago=10, backorder=True)
        invoice_1 = order._create_invoices()
        invoice_1.invoice_date = (self.now - timedelta(days=9)).date()
        invoice_1.action_post()
        second = self._ship(order, {self.pens: 6}, days_ago=6)
        invoice_2 = order._create_invoices()
        invoice_2.invoice_date = (self.now - timedelta(days=4)).date()
        invoice_2.action_post()
        # Invoice 1 bills all of the first delivery (6 pens: half a dozen), invoice 2 the second one.
        goods_lines = invoice_1.invoice_line_ids.filtered("product_id.is_storable")
        self.assertEqual(goods_lines.mapped("quantity"), [4, 0.5])
        expected = {
            first: (invoice_1.invoice_date - first.date_done.date()).days,
            second: (invoice_2.invoice_date - second.date_done.date()).days,
        }
        self.assertEqual(list(expected.values()), [1, 2])
        self.env.flush_all()
        rows = self.env["dist.kpi.invoice"].search([("order_id", "=", order.id)])
        self.assertEqual({row.picking_id: row.lag_days for row in rows}, expected)
        self.assertEqual(rows.filtered(lambda r: r.picking_id == second).invoice_id, invoice_2)
        self.assertEqual(
            self._figure("dist.kpi.invoice", "lag_days", [("order_id", "=", order.id)]),
            sum(expected.values()) / 2,
        )

    def test_empty_period_has_no_figure(self):
        """Over a period without records every KPI shows no data, the current and the
        previous period alike, and the workspace says so."""
        self.env["dist.kpi"].search([]).write({"domain": repr([("company_id", "=", 0)])})
        for kpi in self.env["dist.kpi"].search([("available", "=", True)]):
            self.assertFalse(kpi.has_data, kpi.code)
            self.assertFalse(kpi.previous_has_data, kpi.code)
        for card in self.env["dist.workspace"].get_workspace("management")["kpis"]:
            self.assertEqual((card["value"], card["previous"]), ("-", "-"), card["name"])
