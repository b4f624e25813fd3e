# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestShipping(DistO2cCase):
    def test_ship_complete(self):
        """A customer who wants complete shipments cannot receive a partial delivery;
        the full delivery goes through."""
        self.customer.dist_shipping_policy = "complete"
        order = self._order(qty=5)
        order.action_confirm()
        picking = order.picking_ids
        picking.action_assign()
        picking.move_ids.write({"quantity": 3, "picked": True})
        with self.assertRaisesRegex(UserError, "wants complete shipments"):
            picking.button_validate()
        self.assertEqual(picking.state, "assigned")
        picking.move_ids.write({"quantity": 5})
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_priority_backorder_is_orchestrated(self):
        """UAT 'backorders': 12 ordered, 10 in stock, for a priority customer: the
        backorder gets an exception, the buyer a to-do, the customer a message with the
        new date. Once it ships, the detector closes the exception."""
        order = self._order(partner=self.priority_customer, qty=12)
        order.action_confirm()
        self._deliver(order, 10)
        backorder = order.picking_ids.filtered(lambda p: p.backorder_id)
        self.assertEqual(len(backorder), 1)
        self.assertTrue(backorder.dist_exception_open)
        self.assertIn(self.buyer, backorder.activity_ids.user_id)
        # Its own description, whatever other module also describes deliveries (the
        # warehouse module's generic text once replaced it).
        exc = self.env["dist.exception"].search([("res_model", "=", "stock.picking"), ("res_id", "=", backorder.id)])
        self.assertIn(f"Backorder of {order.name}, now planned for", exc.description)
        self.assertTrue(
            backorder.message_ids.filtered(lambda m: "ships on" in (m.subject or "")),
            "the customer is told the new date",
        )
        self.env["stock.quant"]._update_available_quantity(self.product, self.warehouse.lot_stock_id, 2)
        self._deliver(order, 2)
        self.env.ref("dist_o2c_controls.dist_exception_type_backorder_priority")._dist_run_detector()
        backorder.invalidate_recordset()
        self.assertFalse(backorder.dist_exception_open)

    def test_standard_customer_backorder_not_followed(self):
        """A standard customer's backorder raises nothing under the 'priority' setting."""
        order = self._order(qty=12)
        order.action_confirm()
        self._deliver(order, 10)
        backorder = order.picking_ids.filtered(lambda p: p.backorder_id)
        self.assertFalse(backorder.dist_exception_open)
