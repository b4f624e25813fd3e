# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from html import escape

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase

MANAGEMENT = "dist_exception_core.dist_exception_core_group_management"


@tagged("post_install", "-at_install")
class TestWorkspaceAndReviews(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.director = new_test_user(
            cls.env, login="dist_review_director", email="director@example.com", groups=f"base.group_user,{MANAGEMENT}"
        )
        cls.exc_type = cls.env["dist.exception.type"].create(
            {"name": "Review issue", "code": "review_issue", "layer": "warehouse"}
        )

    def test_workspace_shows_queue_and_owner(self):
        """The warehouse workspace counts an open warehouse exception in its layer's tile
        (opened by type) and lists it with its owner; an unknown workspace is refused."""
        # Only this test's exception is in the queue.
        self.env["dist.exception"].search([("layer", "=", "warehouse")]).write({"state": "cancelled"})
        self.env["dist.exception"].create({"type_id": self.exc_type.id, "user_id": self.director.id})
        data = self.env["dist.workspace"].with_user(self.director).get_workspace("warehouse")
        tile = next(t for t in data["tiles"] if t["label"] == "Open warehouse exceptions")
        self.assertEqual((tile["count"], tile["group_by"]), (1, ["type_id"]))
        rows = data["lists"][0]["rows"]
        self.assertIn(self.director.name, [row["owner"] for row in rows])
        with self.assertRaisesRegex(UserError, "Unknown workspace"):
            self.env["dist.workspace"].get_workspace("finance-secret")

    def test_queue_row_says_status_now_and_due(self):
        """A queue row carries the SLA status of this moment and the next deadline, not the
        last refresh's: an exception past its response deadline with no pass run reads
        Breached, due at its response deadline; its owner leads to their own items."""
        self.env["dist.exception"].search([("layer", "=", "warehouse")]).write({"state": "cancelled"})
        self.exc_type.write({"response_hours": 1, "resolution_hours": 8})
        with freeze_time("2026-11-23 08:00:00"):
            exc = self.env["dist.exception"].create({"type_id": self.exc_type.id, "user_id": self.director.id})
        self.assertTrue(exc.response_deadline)
        with freeze_time(exc.response_deadline.replace(second=0) + timedelta(minutes=30)):
            self.assertNotEqual(exc.sla_status, "breached")
            section = (
                self.env["dist.workspace"]
                .with_user(self.director)
                ._dist_exception_list("Queue", [("type_id", "=", self.exc_type.id)])
            )
        row = next(r for r in section["rows"] if r["id"] == exc.id)
        self.assertEqual((row["badge"], row["tone"]), ("Breached", "danger"))
        self.assertEqual(row["due"], str(exc.response_deadline))
        self.assertEqual(row["owner_id"], self.director.id)
        owner = next(o for o in section["owners"] if o["name"] == self.director.name)
        self.assertEqual(self.env["dist.exception"].search(owner["domain"]), exc)

    def test_waiting_for_me_first(self):
        """Every workspace starts with what waits for the person: their exception due this
        morning counts under "Mine due today"; once its deadline passed and the pass ran, under
        "My breached exceptions" instead."""
        self.exc_type.write({"response_hours": 1, "resolution_hours": 8})
        self.director.tz = "UTC"
        with freeze_time("2026-11-23 08:00:00"):
            exc = self.env["dist.exception"].create({"type_id": self.exc_type.id, "user_id": self.director.id})
            mine = {
                tile["label"]: tile
                for tile in self.env["dist.workspace"].with_user(self.director).get_workspace("sales")["mine"]
            }
        self.assertEqual(list(mine), ["Approvals waiting for me", "My breached exceptions", "Mine due today"])
        self.assertEqual(self.env["dist.exception"].search(mine["Mine due today"]["domain"]), exc)
        self.assertEqual(mine["My breached exceptions"]["count"], 0)
        with freeze_time("2026-11-23 10:00:00"):
            self.env["dist.exception"]._cron_escalate()
            mine = {
                tile["label"]: tile
                for tile in self.env["dist.workspace"].with_user(self.director).get_workspace("sales")["mine"]
            }
        self.assertEqual(self.env["dist.exception"].search(mine["My breached exceptions"]["domain"]), exc)
        self.assertEqual(mine["Mine due today"]["count"], 0)

    def test_workspaces_on_core_data(self):
        """Each workspace counts its layer's open exceptions from core's data alone, whatever
        the bridge modules add."""
        self.env["dist.exception"].create({"type_id": self.exc_type.id})
        workspace = self.env["dist.workspace"].with_user(self.director)
        for role, label in (
            ("sales", "Open order exceptions"),
            ("procurement", "Open supply exceptions"),
            ("service", "Open service exceptions"),
            ("warehouse", "Open warehouse exceptions"),
        ):
            data = workspace.get_workspace(role)
            self.assertIn(label, [tile["label"] for tile in data["tiles"]], role)
            self.assertTrue(data["lists"], role)

    def test_workspace_kpis_say_which_way_is_better(self):
        """The management workspace's KPI cards carry their target and which way is
        better; a card is coloured against its target, whatever way it moved: 44 % OTIF
        against 95 % is missed, 2 days of invoice lag against 1 missed, 0.5 met."""
        kpis = {
            kpi["name"]: kpi
            for kpi in self.env["dist.workspace"].with_user(self.director).get_workspace("management")["kpis"]
        }
        self.assertEqual(kpis["Invoice lag"]["better"], "lower")
        self.assertEqual(kpis["On-time in-full (OTIF)"]["better"], "higher")
        self.assertEqual(kpis["On-time in-full (OTIF)"]["target"], "above 95 %")
        # Each card's weekly trend reads the KPI's own model and measure over 12 weeks; an
        # aging KPI (a snapshot) has none.
        trend = kpis["On-time in-full (OTIF)"]["trend"]
        self.assertEqual((trend["res_model"], trend["measure"]), ("dist.kpi.order", "otif"))
        self.assertEqual(trend["domain"][-1][:2], ("date", ">="))
        self.assertFalse(kpis["Order exception aging"]["trend"])
        otif = self.env.ref("dist_visibility_dashboards.dist_kpi_otif")
        self.assertEqual((otif.has_target, otif.target_value), (True, 95.0))
        lag = self.env["dist.kpi"].search([("code", "=", "invoice_lag")])
        # The headline figures as the last 30 days would give them.
        for kpi, value, has_data, status in (
            (otif, 44.0, True, "missed"),
            (otif, 96.0, True, "met"),
            (lag, 2.0, True, "missed"),
            (lag, 0.5, True, "met"),
            (lag, 0.0, False, ""),
        ):
            with self.subTest(kpi=kpi.code, value=value):
                kpi.env.cache.set(kpi, kpi._fields["value"], value)
                kpi.env.cache.set(kpi, kpi._fields["has_data"], has_data)
                self.assertEqual(kpi._dist_target_status(), status)

    def test_workspace_period(self):
        """The period selector: the KPIs over the last 7, 30 or 90 days, the analysis opened on
        the same period; any other period is refused."""
        workspace = self.env["dist.workspace"].with_user(self.director)
        for days in (7, 30, 90):
            data = workspace.get_workspace("management", days=days)
            self.assertEqual((data["days"], data["periods"]), (days, [7, 30, 90]))
        otif = self.env.ref("dist_visibility_dashboards.dist_kpi_otif").with_context(dist_kpi_days=7)
        self.assertEqual(otif.action_open_analysis()["context"]["search_default_filter_date"], "custom_last_7_days")
        with self.assertRaisesRegex(UserError, "one of 7, 30, 90 days"):
            workspace.get_workspace("management", days=45)

    def test_monthly_review(self):
        """The review of October counts October's exceptions by type and cause, is emailed
        to management and gives each manager a to-do."""
        cause = self.env.ref("dist_exception_core.dist_root_cause_carrier")
        with freeze_time("2026-10-12 10:00:00"):
            self.env["dist.exception"].create(
                [
                    {"type_id": self.exc_type.id, "root_cause_id": cause.id, "cost_amount": 120},
                    {"type_id": self.exc_type.id},
                ]
            )
        with freeze_time("2026-11-01 06:00:00"):
            reviews = self.env["dist.review"]._cron_monthly_review()
        review = reviews.filtered(lambda r: r.company_id == self.env.company)
        self.assertEqual((str(review.date_from), str(review.date_to)), ("2026-10-01", "2026-11-01"))
        self.assertIn("Review issue", review.body)
        self.assertIn(cause.name, review.body)
        self.assertIn(self.director, review.reader_ids)
        self.assertIn(self.director.partner_id, review.message_ids[0].partner_ids)
        self.assertIn(self.director, review.activity_ids.user_id)

    def test_monthly_review_shows_overrides(self):
        """The review lists the month's manual overrides per person and rule or type: the
        director approved six requests of one rule (never refused: the review suggests
        revisiting it) and cancelled two exceptions of a type."""
        MANAGER = "dist_exception_core.dist_exception_core_group_manager"
        self.director.groups_id = [(4, self.env.ref(MANAGER).id)]
        rule = self.env["dist.approval.rule"]._dist_get("exception_cost", self.env.company)
        rule.band_ids = [(5, 0, 0), (0, 0, {"min_value": 10, "group_id": self.env.ref(MANAGEMENT).id})]
        with freeze_time("2026-10-12 10:00:00"):
            exceptions = self.env["dist.exception"].create(
                [{"type_id": self.exc_type.id, "cost_amount": 100 + i} for i in range(8)]
            )
            for exc in exceptions[:6]:
                request = exc._dist_request_approval("exception_cost", exc.cost_amount, reason="Freight")
                request.with_user(self.director).action_approve()
            exceptions[6:].with_user(self.director).action_cancel()
        with freeze_time("2026-11-01 06:00:00"):
            reviews = self.env["dist.review"]._cron_monthly_review()
        body = reviews.filtered(lambda r: r.company_id == self.env.company).body
        self.assertIn("Manual overrides", body)
        who = escape(self.director.name)
        self.assertIn(f"{who}</td><td>Approved</td><td>{escape(rule.name)}</td><td>6<", body)
        self.assertIn(f"{who}</td><td>Cancelled</td><td>Review issue</td><td>2<", body)
        self.assertIn(f"“{rule.name}” was approved all 6 times", body)

    def test_weekly_report(self):
        """The weekly report gives the orders' fill rate and margin and the aging inventory."""
        with freeze_time("2026-11-23 06:00:00"):
            reviews = self.env["dist.review"]._cron_weekly_report()
        review = reviews.filtered(lambda r: r.company_id == self.env.company)
        self.assertIn("Fill rate", review.body)
        self.assertIn("Aging inventory", review.body)


@tagged("post_install", "-at_install")
class TestWorkspaceTour(HttpCase):
    def test_workspace_tour(self):
        """In Chromium, a manager opens each of the five workspaces from the menu and sees
        what waits for them first; the management KPIs have their trend, the period selector
        switches, and the OTIF card opens an analysis on its period whose total is the card's
        figure."""
        groups = [
            "base.group_user",
            "sales_team.group_sale_manager",
            "stock.group_stock_user",
            "purchase.group_purchase_user",
            MANAGEMENT,
        ]
        if self.env.ref("helpdesk_mgmt.group_helpdesk_user", raise_if_not_found=False):
            groups.append("helpdesk_mgmt.group_helpdesk_user")
        new_test_user(self.env, login="dist_tour_director", password="dist_tour_director", groups=",".join(groups))
        self.start_tour(
            "/odoo/action-dist_visibility_dashboards.dist_workspace_sales_action",
            "dist_workspace_tour",
            login="dist_tour_director",
        )
