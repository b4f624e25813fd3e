# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.dist_exception_core.models.selection import KPIS
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.dist_workspace import ROLE_KPIS
from .common import DistKpiCase


@tagged("post_install", "-at_install")
class TestKpis(DistKpiCase):
    """Each KPI on a small data set of its own, whose answer is known."""

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

    def test_backorder_aging(self):
        """A backorder left behind by a shipment five days ago is five days old."""
        order = self._order()
        self._deliver(order, 4, backorder=True)
        backorder = order.picking_ids.filtered("backorder_id")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_picking SET date_done = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=5), backorder.backorder_id.id],
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

    def test_expedited_freight_by_cause(self):
        """Expedited freight of a second company: 300 by carrier delay 5 days ago and 200 in a
        currency worth 2 (400) by a short shipment 10 days ago are confirmed; a draft, a
        cancelled record and a third company's do not count; 650 confirmed 40 days ago is the
        period before. Last 30 days: 700, by cause 300 and 400; before: 650."""
        company_b = self.env["res.company"].create({"name": "Freight B"})
        company_c = self.env["res.company"].create({"name": "Freight C"})
        currency = self.env["res.currency"].create({"name": "XFK", "symbol": "k", "rounding": 0.01})
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "company_id": company_b.id, "name": "2020-01-01", "rate": 0.5}
        )
        carrier = self.env.ref("dist_exception_core.dist_root_cause_carrier")
        short = self.env.ref("dist_exception_core.dist_root_cause_supplier_short")
        today = fields.Date.context_today(self.env.user)
        Freight = self.env["dist.expedited.freight"]
        rows = [
            (company_b, 300, self.env.company.currency_id, carrier, 5, "confirm"),
            (company_b, 200, currency, short, 10, "confirm"),
            (company_b, 999, None, carrier, 1, None),
            (company_b, 500, None, carrier, 2, "cancel"),
            (company_b, 650, None, short, 40, "confirm"),
            (company_c, 800, None, carrier, 3, "confirm"),
        ]
        for company, amount, row_currency, cause, days, action in rows:
            freight = Freight.create(
                {
                    "company_id": company.id,
                    "amount": amount,
                    "currency_id": (row_currency or company.currency_id).id,
                    "root_cause_id": cause.id,
                    "date": today - timedelta(days=days),
                }
            )
            if action == "confirm":
                freight.action_confirm()
            elif action == "cancel":
                freight.action_confirm()
                freight.action_cancel()
        director = new_test_user(
            self.env,
            login="kpi_freight_director",
            company_id=company_b.id,
            company_ids=[(6, 0, company_b.ids)],
            groups="base.group_user,dist_exception_core.dist_exception_core_group_management",
        )
        kpi = self.env.ref("dist_visibility_dashboards.dist_kpi_expedited_freight").with_user(director)
        kpi = kpi.with_context(allowed_company_ids=company_b.ids)
        self.env.flush_all()
        self.assertEqual((kpi.value, kpi.previous_value, kpi.has_data), (700, 650, True))
        action = kpi.action_open_analysis()
        self.assertEqual(action["res_model"], "dist.expedited.freight")
        domain = [*action["domain"], ("date", ">=", today - timedelta(days=30))]
        groups = (
            Freight.with_user(director)
            .with_context(allowed_company_ids=company_b.ids)
            ._read_group(domain, ["root_cause_id"], ["amount_company:sum"])
        )
        self.assertEqual(dict(groups), {carrier: 300, short: 400})

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

    def test_approval_turnaround(self):
        """Two steps of one request decided 3 and 5 hours after they started waiting, one
        of another company's rule 10 hours after: 6 hours on average, 4 and 10 by rule."""
        manager = self.env.ref("dist_exception_core.dist_exception_core_group_manager")
        other_company = self.env["res.company"].create({"name": "Turnaround Co"})
        self.env.user.company_ids |= other_company
        rule_a = self.env.ref("dist_exception_core.dist_approval_rule_exception_cost")
        rule_b = self.env["dist.approval.rule"].create(
            {
                "name": "Turnaround B",
                "code": "exception_cost",
                "company_id": other_company.id,
                "model_id": self.env["ir.model"]._get_id("dist.exception"),
                "band_ids": [fields.Command.create({"min_value": 0, "group_id": manager.id})],
            }
        )
        exc_type = self.env["dist.exception.type"].create({"name": "KPI issue", "code": "kpi_issue", "layer": "demand"})
        exception = self.env["dist.exception"].create({"type_id": exc_type.id})
        requests = (
            self.env["dist.approval.request"]
            .with_context(allowed_company_ids=(self.env.company | other_company).ids)
            .create(
                [
                    {"rule_id": rule.id, "res_model": "dist.exception", "res_id": exception.id, "value": 1200}
                    for rule in rule_a | rule_b
                ]
            )
        )
        start = fields.Datetime.now() - timedelta(days=2)
        # Decisions are written by the request buttons only (as superuser).
        decisions = (
            self.env["dist.approval.decision"]
            .sudo()
            .create(
                [
                    {
                        "request_id": request.id,
                        "step_sequence": step,
                        "decision": "approved",
                        "decided_by_id": self.env.uid,
                        "start_date": start,
                        "decided_date": start + timedelta(hours=hours),
                    }
                    for request, step, hours in ((requests[0], 1, 3), (requests[0], 2, 5), (requests[1], 1, 10))
                ]
            )
        )
        domain = [("id", "in", decisions.ids)]
        both = self.env["dist.approval.decision"].with_context(
            allowed_company_ids=(self.env.company | other_company).ids
        )
        self.assertEqual(both._read_group(domain, aggregates=["turnaround_hours:avg"]), [(6.0,)])
        main = [*domain, ("company_id", "=", self.env.company.id)]
        self.assertAlmostEqual(self._figure("dist.approval.decision", "turnaround_hours", main), 4.0)
        groups = both._read_group(domain, ["rule_id"], ["turnaround_hours:avg"])
        self.assertEqual(dict(groups), {rule_a: 4.0, rule_b: 10.0})
        kpi = self.env.ref("dist_visibility_dashboards.dist_kpi_approval_turnaround")
        self.assertEqual(kpi.action_open_analysis()["res_model"], "dist.approval.decision")

    def test_catalogue_hides_missing_models(self):
        """A KPI whose figures model is not installed is not listed and cannot be opened;
        an available one opens its analysis."""
        missing = self.env.ref("dist_visibility_dashboards.dist_kpi_invoice_lag")
        missing.res_model = "no.such.model"
        self.assertNotIn(missing, self.env["dist.kpi"].search([("available", "=", True)]))
        self.assertFalse(missing.has_data)
        with self.assertRaisesRegex(UserError, "not installed"):
            missing.action_open_analysis()
        otif = self.env.ref("dist_visibility_dashboards.dist_kpi_otif")
        self.assertEqual(otif.action_open_analysis()["res_model"], "dist.kpi.order")

    def test_analysis_opens_on_the_tile(self):
        """A KPI opened from its tile lands on the tile's figure: the KPI's records, the last
        30 days (the search view's "Last 30 Days" option, not the calendar month), and for
        an aging KPI what is open now. The option exists in the analysis' search view."""
        for xmlid, default in (
            ("dist_visibility_dashboards.dist_kpi_otif", ("search_default_filter_date", "custom_last_30_days")),
            ("dist_visibility_dashboards.dist_kpi_backorder_aging", ("search_default_filter_open", 1)),
            ("dist_visibility_dashboards.dist_kpi_exception_aging", ("search_default_filter_open", 1)),
        ):
            kpi = self.env.ref(xmlid)
            with self.subTest(kpi=kpi.code):
                action = kpi.action_open_analysis()
                self.assertEqual(action["context"].get(default[0]), default[1])
                self.assertEqual(action["domain"], safe_eval(kpi.domain))
                arch = self.env[action["res_model"]].get_view(view_type="search")["arch"]
                self.assertIn('name="last_30_days"' if default[1] != 1 else 'name="filter_open"', arch)

    def test_catalogue_codes_are_core_kpis(self):
        """The catalogue and the workspaces' KPI cards speak core's KPI vocabulary: a code
        outside it is refused."""
        codes = dict(KPIS)
        for role, role_codes in ROLE_KPIS.items():
            self.assertLessEqual(set(role_codes), set(codes), role)
        with self.assertRaises(ValueError):
            self.env["dist.kpi"].create({"name": "Ghost", "code": "ghost", "res_model": "dist.kpi.order"})

    def test_base_kpis_alone(self):
        """The module's own KPIs read only its own figures or the core's, so they work without
        any bridged module: no data over a period without records, their figure over one with."""
        base = (
            self.env["dist.kpi"]
            .search([])
            .filtered(lambda k: k.get_external_id()[k.id].startswith("dist_visibility_dashboards."))
        )
        self.assertEqual(len(base), 9)
        for kpi in base:
            measure = self.env["ir.model.fields"]._get(kpi.res_model, kpi.measure or "id")
            modules = set(measure.modules.split(", "))
            self.assertTrue(modules & {"dist_visibility_dashboards", "dist_exception_core"}, kpi.code)
            self.assertIsNone(kpi._dist_headline(datetime(2000, 1, 1), datetime(2000, 2, 1)), kpi.code)
        # An order dated years back, alone in its period: 6 of 10 delivered.
        order = self._order(days_ago=9000)
        self._deliver(order, 6)
        fill_rate = self.env.ref("dist_visibility_dashboards.dist_kpi_fill_rate")
        dated = order.date_order
        self.assertEqual(fill_rate._dist_headline(dated - timedelta(hours=1), dated + timedelta(hours=1)), 60)

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
