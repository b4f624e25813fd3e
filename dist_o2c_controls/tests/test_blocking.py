# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestBlocking(DistO2cCase):
    """An open exception of a blocking type refuses the guarded action on its document;
    resolving it lifts the block. The types that only surface one of the order's own
    controls (discount approval, credit hold) are lifted by that control."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.risk_type = cls.env.ref("dist_o2c_controls.dist_exception_type_order_at_risk")
        cls.backorder_type = cls.env.ref("dist_o2c_controls.dist_exception_type_backorder_priority")
        cls.exceptions = cls.env["dist.exception"].sudo()

    def test_blocking_exception_refuses_confirmation_until_resolved(self):
        self.risk_type.blocking = True
        order = self._order()
        self.exceptions._dist_raise(self.risk_type, order)
        exc = self.exceptions.search([("type_id", "=", self.risk_type.id), ("res_id", "=", order.id)])
        self.assertTrue(exc.blocking)
        as_rep = order.with_user(self.rep)
        for confirm in (as_rep.action_confirm, lambda: as_rep.write({"state": "sale"})):
            with self.assertRaisesRegex(UserError, f"{exc.name} .*resolved first"), self.env.cr.savepoint():
                confirm()
            order.invalidate_recordset()
            self.assertEqual(order.state, "draft")
        self.exceptions._dist_clear(self.risk_type, order, "Stock found.")
        as_rep.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_same_type_not_blocking_confirms(self):
        """Standard behaviour for a type without the flag: the exception stays, the order goes."""
        self.risk_type.blocking = False
        order = self._order()
        self.exceptions._dist_raise(self.risk_type, order)
        order.with_user(self.rep).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_discount_approval_exception_lifts_with_the_approval(self):
        """The 'discount approval' exception is blocking, but the discount guard decides:
        once the discount is approved the order confirms while the exception is still open."""
        approval_type = self.env.ref("dist_o2c_controls.dist_exception_type_sale_discount_approval")
        self.assertTrue(approval_type.blocking)
        order = self._order(discount=20.0)
        self.exceptions._dist_raise(approval_type, order)
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            order.with_user(self.rep).action_confirm()
        request = order.with_user(self.rep)._dist_request_approval("sale_discount", order.dist_discount_pct)
        request.with_user(self.approver).action_approve()
        order.with_user(self.rep).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_blocking_exception_refuses_validation(self):
        self.backorder_type.blocking = True
        order = self._order(qty=2)
        order.action_confirm()
        picking = order.picking_ids
        self.exceptions._dist_raise(self.backorder_type, picking)
        with self.assertRaisesRegex(UserError, "resolved first"), self.env.cr.savepoint():
            self._deliver(order, 2)
        picking.invalidate_recordset()
        self.assertNotEqual(picking.state, "done")
        self.exceptions._dist_clear(self.backorder_type, picking, "Customer informed.")
        self._deliver(order, 2)
        self.assertEqual(picking.state, "done")
