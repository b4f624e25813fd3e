# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestKpis(TransactionCase):
    """Each KPI on a small data set of its own, whose answer is known."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.customer = cls.env["res.partner"].create({"name": "KPI Clinic"})
        cls.vendor = cls.env["res.partner"].create({"name": "KPI Vendor"})
        cls.product = cls.env["product.product"].create(
            {"name": "KPI gloves", "is_storable": True, "list_price": 10, "standard_price": 6}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 100)

    def _figure(self, model, measure, domain=None, aggregate="avg"):
        self.env.flush_all()
        [[value]] = self.env[model]._read_group(domain or [], aggregates=[f"{measure}:{aggregate}"])
        return value

    def _order(self, qty=10, days_ago=0, promised_days_ago=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        # Dates in the past are history, written after the fact (a past promise is a rush to approve).
        now = fields.Datetime.now()
        promised = now - timedelta(days=promised_days_ago) if promised_days_ago is not None else None
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = %s, commitment_date = %s WHERE id = %s",
            [now - timedelta(days=days_ago), promised, order.id],
        )
        order.invalidate_recordset(["date_order", "commitment_date"])
        return order

    def _deliver(self, order, qty, backorder=False):
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking.with_context(cancel_backorder=not backorder)._action_done()
        return picking

    def test_otif_fill_rate_cycle_time(self):
        """Order A: 10 delivered by its promise. Order B: promised two days ago, 6 of 10
        delivered today without a backorder. OTIF 50 %, fill rate 80 %, in full 50 %;
        order C, promised next week and not shipped, is not judged yet."""
        order_a = self._order(promised_days_ago=-3)
        self._deliver(order_a, 10)
        order_b = self._order(days_ago=3, promised_days_ago=2)
        self._deliver(order_b, 6)
        self._order(promised_days_ago=-7)
        domain = [("partner_id", "=", self.customer.id)]
        self.assertEqual(self._figure("dist.kpi.order", "otif", domain), 50)
        self.assertEqual(self._figure("dist.kpi.order", "fill_rate", [*domain, ("delivered_qty", ">", 0)]), 80)
        self.assertEqual(self._figure("dist.kpi.order", "in_full", [*domain, ("delivered_qty", ">", 0)]), 50)
        self.env.flush_all()
        row_b = self.env["dist.kpi.order"].search([("order_id", "=", order_b.id)])
        self.assertAlmostEqual(row_b.cycle_days, 3, delta=0.01)

    def test_credit_hold_frequency(self):
        """One order of two held for credit: 50 %."""
        held = self._order()
        self._order()
        hold_type = self.env["dist.exception.type"].search([("code", "=", "credit_hold")]) or self.env[
            "dist.exception.type"
        ].create({"name": "Credit hold", "code": "credit_hold", "layer": "demand"})
        self.env["dist.exception"].create(
            {"type_id": hold_type.id, "res_model": "sale.order", "res_id": held.id, "partner_id": self.customer.id}
        )
        domain = [("partner_id", "=", self.customer.id)]
        self.assertEqual(self._figure("dist.kpi.order", "credit_held", domain), 50)

    def test_backorder_aging(self):
        """A backorder created five days ago is five days old."""
        order = self._order()
        self._deliver(order, 4, backorder=True)
        backorder = order.picking_ids.filtered("backorder_id")
        self.env.cr.execute(
            "UPDATE stock_picking SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=5), backorder.id],
        )
        self.env.flush_all()
        row = self.env["dist.kpi.backorder"].search([("picking_id", "=", backorder.id)])
        self.assertAlmostEqual(row.age_days, 5, delta=0.01)

    def test_exception_aging_breach_rate_and_freight(self):
        """Two exceptions of a team, 4 and 2 days old, one breached, one costing 300 of
        expedited freight for a carrier failure: aging 3 days, breach rate 50 %, 300 by cause."""
        team = self.env["dist.exception.team"].create({"name": "KPI team"})
        exc_type = self.env["dist.exception.type"].create({"name": "KPI issue", "code": "kpi_issue", "layer": "demand"})
        carrier = self.env.ref("dist_exception_core.dist_root_cause_carrier")
        first, second = self.env["dist.exception"].create(
            [
                {"type_id": exc_type.id, "team_id": team.id},
                {
                    "type_id": exc_type.id,
                    "team_id": team.id,
                    "cost_amount": 300,
                    "cost_type": "expedited_freight",
                    "root_cause_id": carrier.id,
                },
            ]
        )
        now = fields.Datetime.now()
        self.env.cr.execute(
            "UPDATE dist_exception SET detected_date = %s, sla_breached = true WHERE id = %s",
            [now - timedelta(days=4), first.id],
        )
        self.env.cr.execute(
            "UPDATE dist_exception SET detected_date = %s, sla_breached = false WHERE id = %s",
            [now - timedelta(days=2), second.id],
        )
        domain = [("team_id", "=", team.id)]
        self.assertAlmostEqual(self._figure("dist.kpi.exception", "age_days", domain), 3, delta=0.01)
        self.assertEqual(self._figure("dist.kpi.exception", "breached", domain), 50)
        groups = self.env["dist.kpi.exception"]._read_group(
            [*domain, ("cost_type", "=", "expedited_freight")], ["root_cause_id"], ["cost_amount:sum"]
        )
        self.assertEqual(groups, [(carrier, 300)])

    def test_supplier_reliability(self):
        """Of two receipt lines, the one planned yesterday arrives late: 50 % on time, 0.5 day late on average."""
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 5,
                            "price_unit": 6,
                            "date_planned": fields.Datetime.now() - timedelta(days=1),
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": 5,
                            "price_unit": 6,
                            "date_planned": fields.Datetime.now() + timedelta(days=3),
                        }
                    ),
                ],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.write({"quantity": 5, "picked": True})
        receipt._action_done()
        domain = [("partner_id", "=", self.vendor.id)]
        self.assertEqual(self._figure("dist.kpi.supplier", "on_time", domain), 50)
        self.assertAlmostEqual(self._figure("dist.kpi.supplier", "delay_days", domain), 0.5, delta=0.01)

    def test_invoice_lag(self):
        """Delivered today, invoiced dated in two days: a lag of two days."""
        order = self._order()
        self._deliver(order, 10)
        invoice = order._create_invoices()
        invoice.invoice_date = fields.Date.context_today(invoice) + timedelta(days=2)
        invoice.action_post()
        self.env.flush_all()
        row = self.env["dist.kpi.invoice"].search([("invoice_id", "=", invoice.id)])
        self.assertEqual(row.lag_days, 2)

    def test_inventory_and_pick_accuracy(self):
        """Three counts on a book value of 500 each, one adjusting 50: 66.7 % accurate,
        50 adjusted of 1,500 on the books. Two delivery lines, one short: 50 % pick accuracy."""
        if "dist.stock.count" not in self.env:
            return  # dist_warehouse_exceptions is not installed: both KPIs are hidden.
        location = self.warehouse.lot_stock_id
        self.env["dist.stock.count"].create(
            [
                {
                    "company_id": self.env.company.id,
                    "location_id": location.id,
                    "product_id": self.product.id,
                    "book_value": 500,
                    "absolute_value": value,
                    "accurate": not value,
                }
                for value in (0, 0, 50)
            ]
        )
        domain = [("product_id", "=", self.product.id)]
        self.assertAlmostEqual(self._figure("dist.kpi.inventory", "accurate", domain), 200 / 3, places=1)
        self.assertEqual(self._figure("dist.kpi.inventory", "adjusted_value", domain, "sum"), 50)
        self.assertEqual(self._figure("dist.kpi.inventory", "book_value", domain, "sum"), 1500)
        self._deliver(self._order(), 10)
        self._deliver(self._order(), 6)
        self.assertEqual(self._figure("dist.kpi.pick", "accurate", [("partner_id", "=", self.customer.id)]), 50)

    def test_complaint_recurrence(self):
        """Two complaints of one customer about the same product and cause: the second
        recurs, 50 %."""
        if "helpdesk.ticket" not in self.env or "dist_is_recurrence" not in self.env["helpdesk.ticket"]._fields:
            return  # dist_service_sla is not installed: the KPI is hidden.
        cause = self.env.ref("dist_exception_core.dist_root_cause_quality")
        self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Torn gloves {n}",
                    "description": "Torn",
                    "partner_id": self.customer.id,
                    "dist_product_id": self.product.id,
                    "dist_root_cause_id": cause.id,
                    "user_id": self.env.uid,
                }
                for n in range(2)
            ]
        )
        self.assertEqual(self._figure("dist.kpi.complaint", "recurrence", [("partner_id", "=", self.customer.id)]), 50)

    def test_catalogue_hides_missing_sources(self):
        """A KPI whose source module is absent is not listed and cannot be opened; an
        available one opens its analysis."""
        missing = self.env["dist.kpi"].create(
            {"name": "Ghost", "code": "ghost", "source_module": "no_such_module", "res_model": "dist.kpi.order"}
        )
        self.assertNotIn(missing, self.env["dist.kpi"].search([("available", "=", True)]))
        with self.assertRaisesRegex(UserError, "not installed"):
            missing.action_open_analysis()
        otif = self.env.ref("dist_visibility_dashboards.dist_kpi_otif")
        self.assertEqual(otif.action_open_analysis()["res_model"], "dist.kpi.order")

    def test_margin_hidden_from_warehouse(self):
        """A warehouse user reads the service KPIs of orders but not their margin; management does."""
        self._order()
        worker = new_test_user(
            self.env,
            login="kpi_worker",
            groups="base.group_user,dist_exception_core.dist_exception_core_group_warehouse",
        )
        self.env.flush_all()
        rows = self.env["dist.kpi.order"].with_user(worker).search([("partner_id", "=", self.customer.id)])
        self.assertTrue(rows.read(["otif", "fill_rate"]))
        with self.assertRaises(AccessError):
            rows.read(["margin"])
        director = new_test_user(
            self.env,
            login="kpi_director",
            groups="base.group_user,dist_exception_core.dist_exception_core_group_management",
        )
        self.assertTrue(
            self.env["dist.kpi.order"]
            .with_user(director)
            .search([("partner_id", "=", self.customer.id)])
            .read(["margin"])
        )
