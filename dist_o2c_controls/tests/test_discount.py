# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestDiscount(DistO2cCase):
    def test_discount_measured_against_pricelist(self):
        """A lower unit price and a line discount both count as discount below the
        reference pricelist: 5 x (100 - 90 x 0.95) = 72.5 given away on 500, 14.5 %."""
        order = self._order(price=90.0, discount=5.0)
        self.assertAlmostEqual(order.dist_discount_pct, 14.5)
        self.assertAlmostEqual(order.dist_discount_amount, 72.5)
        self.assertEqual(order.dist_discount_status, "required")
        within = self._order(price=95.0)
        self.assertEqual(within.dist_discount_status, "not_required")
        within.action_confirm()
        self.assertEqual(within.state, "sale")

    def test_form_shows_status_while_editing(self):
        """While the rep edits the price in the form, the discount and its approval
        status follow."""
        with Form(self._order()) as form:
            self.assertEqual(form.dist_discount_status, "not_required")
            with form.order_line.edit(0) as line:
                line.price_unit = 80.0
            self.assertAlmostEqual(form.dist_discount_pct, 20.0)

    def test_approval_flow(self):
        """Above the band the rep cannot confirm; the request waits for the manager; the
        rep cannot approve it; once the manager approves, the order confirms."""
        order = self._order(price=85.0)
        with self.assertRaisesRegex(UserError, "Request Discount Approval"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        action = order.action_dist_request_discount_approval()
        request = self.env["dist.approval.request"].browse(action["res_id"])
        self.assertIn("15", request.reason)
        # 5 x 85 sold, 5 x 60 cost: the approver sees a margin of 125 (29.41 %).
        self.assertIn("29.41", request.reason)
        self.assertEqual(order.dist_discount_status, "pending")
        with self.assertRaisesRegex(UserError, "waits for approval"):
            order.action_confirm()
        with self.assertRaisesRegex(UserError, "your own request"):
            request.with_user(self.rep).action_approve()
        request.with_user(self.approver).action_approve()
        order.invalidate_recordset()
        self.assertEqual(order.dist_discount_status, "approved")
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_editing_past_the_approved_discount_asks_again(self):
        """Approved at 15 %: lowering the price to 20 % below the pricelist needs a new approval."""
        order = self._order(price=85.0)
        order.action_dist_request_discount_approval()
        order.dist_approval_request_ids.with_user(self.approver).action_approve()
        order.order_line.price_unit = 80.0
        order.invalidate_recordset()
        self.assertEqual(order.dist_discount_status, "required")
        with self.assertRaisesRegex(UserError, "Request Discount Approval"):
            order.action_confirm()

    def test_detector_tracks_waiting_quotations(self):
        """The detector opens a blocking exception on quotations waiting for a discount
        decision, and closes it once the discount is approved."""
        order = self._order(price=85.0)
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_sale_discount_approval")
        exc_type._dist_run_detector()
        self.assertTrue(order.dist_exception_blocking)
        order.action_dist_request_discount_approval()
        order.dist_approval_request_ids.with_user(self.approver).action_approve()
        exc_type._dist_run_detector()
        order.invalidate_recordset()
        self.assertFalse(order.dist_exception_open)

    def test_control_off(self):
        """With the company's discount control off, any discount confirms."""
        self.company.dist_discount_control = False
        order = self._order(price=50.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_minimum_margin(self):
        """With a 35 % minimum margin, an order at 30 % (price 85.71, cost 60) needs
        approval under 'sale_margin'; once approved it confirms. An invalid target is refused."""
        self.company.dist_min_margin = 35.0
        rule = self._approval_rule("sale_margin", "sale.order", "margin", 0)
        self.discount_rule.band_ids.min_value = 50
        order = self._order(price=85.71)
        self.assertAlmostEqual(order.dist_margin_pct, 30.0, places=1)
        self.assertAlmostEqual(order.dist_margin_shortfall, 5.0, places=1)
        with self.assertRaisesRegex(UserError, "Request Margin Approval"):
            order.action_confirm()
        request = self.env["dist.approval.request"].browse(order.action_dist_request_margin_approval()["res_id"])
        self.assertEqual(request.rule_id, rule)
        request.with_user(self.approver).action_approve()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.dist_min_margin = 120
