# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestInboxTour(HttpCase):
    def test_inbox_tour(self):
        """In a real browser: the inbox shows an exception with its SLA, the user
        acknowledges it and resolves it through the dialog, and the SLA shows met."""
        customer = self.env["res.partner"].create({"name": "Tour Customer Ltd"})
        order_issue = self.env.ref("dist_exception_core.dist_exception_type_order_issue")
        # Generous targets keep the exception on track whatever the day the test runs.
        order_issue.write({"sla_ids": [(5, 0, 0)], "response_hours": 48, "resolution_hours": 96})
        self.env["dist.exception"].create(
            {"type_id": order_issue.id, "partner_id": customer.id, "user_id": self.env.ref("base.user_admin").id}
        )
        self.start_tour("/odoo", "dist_exception_inbox_tour", login="admin")
