# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import DistWarehouseCase


@tagged("post_install", "-at_install")
class TestDetectors(DistWarehouseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cleaner = cls.env["product.product"].create({"name": "Floor cleaner", "is_storable": True})

    def _run(self, code):
        return self._exc_type(code)._dist_run_detector()

    def test_blocked_transfer(self):
        """A delivery waiting for stock 30 hours after its date is blocked (limit 24 h);
        one 2 hours late is not; a second pass adds nothing; once stock arrives and the
        delivery is reserved the exception resolves itself."""
        blocked = self._delivery(qty=5, product=self.cleaner, scheduled_hours_ago=30)
        recent = self._delivery(qty=5, product=self.cleaner, scheduled_hours_ago=2)
        self.assertEqual(blocked.state, "confirmed")
        self._run("transfer_blocked")
        self._run("transfer_blocked")
        self.assertEqual(len(self._open("transfer_blocked", blocked)), 1)
        self.assertFalse(self._open("transfer_blocked", recent))
        exc = self._open("transfer_blocked", blocked)
        self.assertEqual(exc.location_id, self.stock)

        self.env["stock.quant"]._update_available_quantity(self.cleaner, self.stock, 10)
        blocked.action_assign()
        self._run("transfer_blocked")
        self.assertEqual(exc.state, "resolved")
        self.assertEqual(exc.root_cause_id, self.env.ref("dist_exception_core.dist_root_cause_condition_cleared"))

    def test_dispatch_delay(self):
        """A delivery ready 10 hours after its date is a dispatch delay (grace 4 h), one
        ready 1 hour after is not; shipping it closes the exception."""
        late = self._delivery(qty=2, scheduled_hours_ago=10)
        on_time = self._delivery(qty=2, scheduled_hours_ago=1)
        self.assertEqual(late.state, "assigned")
        self._run("dispatch_delay")
        exc = self._open("dispatch_delay", late)
        self.assertEqual(len(exc), 1)
        self.assertEqual(exc.severity, "2", "a priority customer waiting on the dock is high")
        self.assertFalse(self._open("dispatch_delay", on_time))

        self.warehouse.dist_dispatch_grace_hours = 12
        self._run("dispatch_delay")
        self.assertEqual(exc.state, "resolved", "a longer grace clears it")

        self.warehouse.dist_dispatch_grace_hours = 4
        self._run("dispatch_delay")
        exc = self._open("dispatch_delay", late)
        late.move_ids.write({"quantity": 2, "picked": True})
        late.button_validate()
        self._run("dispatch_delay")
        self.assertEqual(exc.state, "resolved")

    def test_negative_stock(self):
        """Stock below zero in a warehouse location raises an exception; a count that
        brings it back clears it."""
        self.env["stock.quant"]._update_available_quantity(self.cleaner, self.stock, -3)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.cleaner.id), ("location_id", "=", self.stock.id)]
        )
        self._run("negative_stock")
        exc = self._open("negative_stock", quant)
        self.assertEqual(len(exc), 1)
        self.assertEqual(exc.product_id, self.cleaner)
        self.assertEqual(exc.warehouse_id, self.warehouse)

        self.env["stock.quant"]._update_available_quantity(self.cleaner, self.stock, 3)
        self._run("negative_stock")
        self.assertEqual(exc.state, "resolved")
