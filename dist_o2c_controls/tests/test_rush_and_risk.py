# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestRushAndRisk(DistO2cCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.sale_delay = 5

    def test_promise_inside_lead_time_needs_approval(self):
        """A delivery promised 2 days out on a 5-day lead time is a rush: the rep cannot
        confirm it until a manager approves the rush."""
        order = self._order(qty=2)
        order.commitment_date = fields.Datetime.now() + timedelta(days=2)
        self.assertTrue(order.dist_is_rush)
        self.assertGreaterEqual(order.dist_rush_days_short, 3)
        with self.assertRaisesRegex(UserError, "Request Rush Approval"):
            order.action_confirm()
        request = self.env["dist.approval.request"].browse(order.action_dist_request_rush_approval()["res_id"])
        request.with_user(self.approver).action_approve()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_rush_that_stock_cannot_serve(self):
        """An approved rush order for more than stock and inbound can cover opens a
        'cannot be served' exception at confirmation."""
        order = self._order(qty=15)
        order.dist_rush = True
        order.action_dist_request_rush_approval()
        order.dist_approval_request_ids.with_user(self.approver).action_approve()
        self.customer.credit_limit = 0
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        exc = order.dist_exception_ids
        self.assertEqual(exc.type_id, self.env.ref("dist_o2c_controls.dist_exception_type_rush_unfulfillable"))
        # The rep sees the banner on the order, whether or not she may read the exception.
        self.assertTrue(order.with_user(self.rep).dist_rush_unservable)
        self.assertFalse(self._order(qty=1).dist_rush_unservable)

    def test_order_at_risk_detector(self):
        """UAT 'partial stock' and 'supplier delay': a confirmed order short of stock with
        no receipt planned is flagged at risk with the reason; once stock arrives and is
        reserved the exception closes by itself. An order fully in stock is not flagged."""
        risk_type = self.env.ref("dist_o2c_controls.dist_exception_type_order_at_risk")
        safe = self._order(qty=5)
        safe.action_confirm()
        short = self._order(partner=self.priority_customer, qty=8)
        short.action_confirm()
        risk_type._dist_run_detector()
        self.assertFalse(safe.dist_exception_open)
        exc = short.dist_exception_ids
        self.assertEqual(exc.type_id, risk_type)
        self.assertIn("no receipt planned", exc.description)
        self.assertEqual(exc.severity, "2", "priority customers raise the severity")
        self.env["stock.quant"]._update_available_quantity(self.product, self.warehouse.lot_stock_id, 10)
        short.picking_ids.action_assign()
        risk_type._dist_run_detector()
        self.assertEqual(exc.state, "resolved")

    def test_at_risk_list(self):
        """The managers' at-risk list shows the flagged orders only."""
        short = self._order(qty=12)
        short.action_confirm()
        self.env.ref("dist_o2c_controls.dist_exception_type_order_at_risk")._dist_run_detector()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_o2c_controls.sale_order_action_at_risk")
        self.assertIn(short, self.env["sale.order"].search(safe_eval(action["domain"])))
