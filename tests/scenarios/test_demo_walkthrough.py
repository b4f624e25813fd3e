"""Suite-level scenario: what a new user sees after following the README.

Runs with pytest-odoo against the database CI installs with every suite module and
its demo data (see README, "Running the tests").
"""

from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestDemoWalkthrough(TransactionCase):
    def test_inbox_shows_demo_exceptions_with_sla(self):
        """The inbox action opens on open exceptions, and the demo gives the manager
        exceptions in several SLA states across visibility layers, each with an owner
        and deadlines."""
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_exception_action")
        manager = self.env.ref("dist_exception_core.res_users_manager_demo")
        exceptions = (
            self.env["dist.exception"]
            .with_user(manager)
            .search([("state", "in", ("new", "acknowledged", "in_progress", "on_hold"))])
        )
        self.assertIn("search_default_filter_open", action["context"])
        self.assertGreaterEqual(len(exceptions), 4)
        self.assertGreaterEqual(len(set(exceptions.mapped("layer"))), 3)
        self.assertGreaterEqual(len(set(exceptions.mapped("sla_status"))), 2)
        self.assertTrue(all(exc.user_id and exc.resolution_deadline for exc in exceptions))

    def test_scheduled_actions_run_on_demo_data(self):
        """Both scheduled actions run on the demo database without error, and a second
        run of the detectors creates nothing new."""
        self.env.ref("dist_exception_core.ir_cron_dist_escalate").method_direct_trigger()
        detectors = self.env.ref("dist_exception_core.ir_cron_dist_run_detectors")
        detectors.method_direct_trigger()
        count = self.env["dist.exception"].search_count([])
        detectors.method_direct_trigger()
        self.assertEqual(self.env["dist.exception"].search_count([]), count)

    def test_pending_approval_reaches_its_approver(self):
        """The demo's pending cost approval is in the manager's 'To Approve' list and not
        in the requester's."""
        manager = self.env.ref("dist_exception_core.res_users_manager_demo")
        requester = self.env.ref("dist_exception_core.res_users_sales_demo")
        request = self.env.ref("dist_exception_core.dist_approval_request_freight_demo")
        requests = self.env["dist.approval.request"]
        self.assertIn(request, requests.with_user(manager).search([("can_decide", "=", True)]))
        self.assertNotIn(request, requests.with_user(requester).search([("can_decide", "=", True)]))


@tagged("post_install", "-at_install")
class TestOrderToCashDemo(TransactionCase):
    """The order-to-cash demo: the quotations a new user finds show the controls."""

    def test_demo_quotations_hit_the_controls(self):
        """The discounted demo quotation needs approval before confirmation; the quotation
        of the customer with a 1,000 credit limit goes on hold when confirmed."""
        discounted = self.env.ref("dist_o2c_controls.sale_order_discount_demo")
        self.assertEqual(discounted.dist_discount_status, "required")
        over_limit = self.env.ref("dist_o2c_controls.sale_order_credit_demo")
        over_limit.action_confirm()
        self.assertEqual(over_limit.state, "draft")
        self.assertTrue(over_limit.dist_credit_hold)
        self.assertTrue(over_limit.dist_exception_blocking)
