# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.dist_visibility_dashboards.tests.common import DistKpiCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestServiceKpis(DistKpiCase):
    def test_complaint_recurrence(self):
        """Two complaints of one customer about the same product and cause: the second
        recurs, 50 %."""
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

    def test_service_workspace(self):
        """The ticket tiles come first, then the queue of the tickets they count (breached
        first, each with its status now and next deadline), then the customer-facing types'
        exceptions."""
        facing = self.env["dist.exception.type"].create(
            {"name": "Seen by the customer", "code": "seen_issue", "layer": "warehouse", "customer_facing": True}
        )
        internal = self.env["dist.exception.type"].create(
            {"name": "Internal only", "code": "internal_issue", "layer": "service", "customer_facing": False}
        )
        shown, hidden = self.env["dist.exception"].create([{"type_id": facing.id}, {"type_id": internal.id}])
        data = self.env["dist.workspace"].get_workspace("service")
        self.assertEqual(data["tiles"][0]["label"], "Tickets breached")
        tickets = data["lists"][0]
        self.assertEqual((tickets["title"], tickets["model"]), ("Tickets, most urgent first", "helpdesk.ticket"))
        ticket_tiles = [t for t in data["tiles"] if t["model"] == "helpdesk.ticket"]
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(tickets["domain"]), sum(t["count"] for t in ticket_tiles)
        )
        for row in tickets["rows"]:
            ticket = self.env["helpdesk.ticket"].browse(row["id"])
            self.assertEqual(row["tone"] == "danger", ticket.dist_sla_live_status == "breached")
        listed = self.env["dist.exception"].search(data["lists"][1]["domain"])
        self.assertIn(shown, listed)
        self.assertNotIn(hidden, listed)
