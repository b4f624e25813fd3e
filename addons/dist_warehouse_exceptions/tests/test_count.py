# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from unittest.mock import patch

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import GROUP_MANAGER, DistWarehouseCase


@tagged("post_install", "-at_install")
class TestCount(DistWarehouseCase):
    def test_reason_required_to_apply(self):
        """A count that changes the stock is refused without a reason (stock unchanged);
        with one it is applied and its result kept for the accuracy KPI."""
        quant = self._count(45)
        with self.assertRefused(UserError, "Give an adjustment reason.*Test DC requires one"):
            quant.action_apply_inventory()
        self.assertEqual(quant.quantity, 50)
        self.assertFalse(self._inventory_moves())
        quant.dist_reason_id = self.reasons["adjustment_ce"]
        quant.action_apply_inventory()
        self.assertEqual(quant.quantity, 45)
        result = self.env["dist.stock.count"].search([("product_id", "=", self.product.id)])
        self.assertEqual(len(result), 1)
        self.assertRecordValues(
            result,
            [
                {
                    "book_qty": 50,
                    "counted_qty": 45,
                    "difference_qty": -5,
                    "difference_value": -100,
                    "absolute_value": 100,
                    "accurate": False,
                    "warehouse_id": self.warehouse.id,
                    "reason_id": self.reasons["adjustment_ce"].id,
                    "counted_by_id": self.worker.id,
                }
            ],
        )
        move = self.env["stock.move"].search([("product_id", "=", self.product.id), ("is_inventory", "=", True)])
        self.assertIn("Counting error", move.name)

    def test_module_applying_as_superuser(self):
        """A module that switches to the superuser before the suite's check when a person
        applies a count (stock_inventory_discrepancy, loaded after the suite) skips no control."""
        quant_class = type(self.env["stock.quant"])
        apply_inventory = quant_class._apply_inventory
        quant = self._count(45)
        with patch.object(quant_class, "_apply_inventory", lambda quants: apply_inventory(quants.sudo())):
            with self.assertRefused(UserError, "Give an adjustment reason.*Test DC requires one"):
                quant.action_apply_inventory()
            self.assertEqual(quant.quantity, 50)
            quant.dist_reason_id = self.reasons["adjustment_ce"]
            quant.action_apply_inventory()
        self.assertEqual(quant.quantity, 45)
        self.assertEqual(
            self.env["dist.stock.count"].search([("product_id", "=", self.product.id)]).counted_by_id, self.worker
        )

    def test_accurate_count_needs_no_reason(self):
        """A count that finds the book quantity is applied without a reason and counts as accurate."""
        quant = self._count(50)
        quant.action_apply_inventory()
        result = self.env["dist.stock.count"].search([("product_id", "=", self.product.id)])
        self.assertTrue(result.accurate)
        self.assertEqual(result.difference_value, 0)

    def test_variance_beyond_limit_needs_approval(self):
        """UAT 'inventory adjustment': 30 units (600 at cost) missing is beyond the
        warehouse's limits. The detector queues it, applying is refused until approved,
        the worker cannot approve their own request, the lead approves, the worker
        applies, the approval is used up and the exception closes."""
        quant = self._count(20, self.reasons["adjustment_loss"])
        self.assertEqual(quant.dist_variance_value, -600)
        self.assertEqual(quant.dist_variance_approval, "required")
        exc_type = self._exc_type("count_variance")
        exc_type._dist_run_detector()
        exc_type._dist_run_detector()
        self.assertEqual(len(self._open("count_variance", quant)), 1, "the second pass adds no duplicate")

        approver = re.escape(self.env.ref(GROUP_MANAGER).full_name)
        with self.assertRefused(UserError, rf"beyond the limits of Test DC, .* {approver} will decide"):
            quant.action_apply_inventory()
        self.assertEqual(quant.quantity, 50)

        quant.with_user(self.worker).action_dist_request_variance_approval()
        with self.assertRefused(UserError, "waits for approval by"):
            quant.action_apply_inventory()
        request = quant.dist_approval_request_ids
        self.assertEqual(request.requested_by_id, self.worker)
        with self.assertRaisesRegex(UserError, "your own request"):
            request.with_user(self.worker).action_approve()
        self.assertEqual(request.state, "pending")
        request.with_user(self.lead).action_approve()

        quant.with_user(self.worker).with_context(inventory_mode=True).action_apply_inventory()
        self.assertEqual(quant.quantity, 20)
        self.assertEqual(request.state, "used")
        self.assertFalse(self._open("count_variance", quant))
        result = self.env["dist.stock.count"].search([("product_id", "=", self.product.id)])
        self.assertEqual(result.approval_request_id, request)

        # The used approval does not cover the next count.
        quant = self._count(5, self.reasons["adjustment_loss"])
        self.assertEqual(quant.dist_variance_approval, "required")

    def test_within_limits_applies_directly(self):
        """5 units worth 100 are within the default limits: no approval is asked."""
        quant = self._count(45, self.reasons["adjustment_ce"])
        self.assertEqual(quant.dist_variance_approval, "not_required")
        quant.with_user(self.worker).with_context(inventory_mode=True).action_apply_inventory()
        self.assertEqual(quant.quantity, 45)
        with self.assertRaisesRegex(UserError, "needs no approval"):
            self._count(44, self.reasons["adjustment_ce"]).action_dist_request_variance_approval()

    def test_control_off_applies_as_standard(self):
        """With Count Variance Approval and reasons off, a count 30 units beyond the
        limits, without a reason, is applied by the worker as in standard Odoo: no
        approval is shown or asked, nothing is queued; the Count Result is still kept."""
        self.warehouse.write({"dist_variance_control": False, "dist_adjustment_reason_required": False})
        quant = self._count(20)
        self.assertEqual(quant.dist_variance_approval, "not_required")
        self.assertFalse(quant.dist_reason_required)
        self._exc_type("count_variance")._dist_run_detector()
        self.assertFalse(self._open("count_variance", quant))
        with self.assertRaisesRegex(UserError, "needs no approval"):
            quant.action_dist_request_variance_approval()
        quant.with_context(inventory_mode=True).action_apply_inventory()
        self.assertEqual(quant.quantity, 20)
        self.assertEqual(
            self.env["dist.stock.count"].search([("product_id", "=", self.product.id)]).difference_qty, -30
        )

    def test_control_needs_usable_threshold(self):
        """The variance control cannot be switched on, nor a warehouse created with it,
        while the company has no active stock_variance threshold with a band; the
        threshold a warehouse uses cannot be archived or emptied of its bands."""
        rule = self.env["dist.approval.rule"]._dist_get("stock_variance", self.company)
        with self.assertRefused(ValidationError, "no approval threshold “stock_variance” with a band"):
            rule.band_ids.unlink()
        with self.assertRefused(ValidationError, r"Count Variance Approval \(.+\) is on for"):
            rule.active = False
        self.assertTrue(rule.active)
        self.assertTrue(rule.band_ids)

        warehouses = self.env["stock.warehouse"].search([("dist_variance_control", "=", True)])
        warehouses.dist_variance_control = False
        rule.active = False
        with self.assertRefused(ValidationError, r"Count Variance Approval \(Test DC\) is on .*stock_variance"):
            self.warehouse.dist_variance_control = True
        self.assertFalse(self.warehouse.dist_variance_control)
        with self.assertRefused(ValidationError, "no approval threshold"):
            self.env["stock.warehouse"].create({"name": "New DC", "code": "NDC", "dist_variance_control": True})
        self.assertFalse(self.env["stock.warehouse"].search([("code", "=", "NDC")]))
        rule.active = True
        self.warehouse.dist_variance_control = True
        self.assertTrue(self.warehouse.dist_variance_control)

    def test_negative_thresholds_refused(self):
        """Negative limits are refused with a clear error and leave the warehouse unchanged."""
        for field_name in (
            "dist_variance_qty_limit",
            "dist_variance_value_limit",
            "dist_blocked_hours",
            "dist_dispatch_grace_hours",
        ):
            before = self.warehouse[field_name]
            with self.assertRefused(ValidationError, "cannot be negative"):
                self.warehouse.write({field_name: -1})
            self.assertEqual(self.warehouse[field_name], before)
