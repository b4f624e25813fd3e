# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DistWarehouseCase


@tagged("post_install", "-at_install")
class TestShortPick(DistWarehouseCase):
    def _pick(self, picking, qty):
        picking.move_ids.write({"quantity": qty, "picked": True})

    def test_backorder_dialog_asks_why(self):
        """Validating 6 of 10 opens the backorder dialog with a required reason; without
        one nothing is validated, with one the delivery is done, the backorder created,
        the shortfall recorded and a short-pick exception raised with the reason."""
        picking = self._delivery(qty=10)
        self._pick(picking, 6)
        action = picking.with_user(self.worker).button_validate()
        self.assertEqual(action["res_model"], "stock.backorder.confirmation")
        wizard = (
            self.env["stock.backorder.confirmation"].with_user(self.worker).with_context(**action["context"]).create({})
        )
        self.assertTrue(wizard.dist_short_reason_required)
        with self.assertRefused(UserError, "Test DC requires it. Choose a short pick reason"):
            wizard.process()
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(self._open("short_pick", picking))

        wizard.dist_short_reason_id = self.reasons["short_pick_nf"]
        wizard.process()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.dist_short_reason_id, self.reasons["short_pick_nf"])
        self.assertEqual(picking.move_ids.dist_short_qty, 4)
        self.assertTrue(picking.dist_is_short)
        self.assertTrue(picking.backorder_ids)
        exc = self._open("short_pick", picking)
        self.assertEqual(len(exc), 1)
        self.assertIn("Not found at location", exc.description)
        self.assertEqual(exc.partner_id, self.customer)
        self.assertEqual(exc.warehouse_id, self.warehouse)
        self.assertEqual(exc.severity, "2", "a priority customer's short pick is high")

    def test_no_backorder_type_refuses_without_reason(self):
        """An operation type that never creates backorders shows no dialog: validating
        short without a reason is refused, for a clerk with Inventory / User only, and
        leaves the transfer as it was; with the reason the clerk validates it and the
        short-pick exception is raised on their behalf."""
        self.warehouse.out_type_id.create_backorder = "never"
        picking = self._delivery(qty=10)
        self._pick(picking, 7)
        with self.assertRefused(UserError, "Test DC asks why: set the Short Pick Reason"):
            picking.with_user(self.clerk).button_validate()
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.move_ids.quantity, 7)
        picking.with_user(self.clerk).dist_short_reason_id = self.reasons["short_pick_nf"]
        picking.with_user(self.clerk).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(len(self._open("short_pick", picking)), 1)

    def test_full_pick_and_receipts_raise_nothing(self):
        """A complete delivery needs no reason and raises nothing; a short receipt is
        the supplier's business, not a short pick."""
        picking = self._delivery(qty=5)
        self._pick(picking, 5)
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertFalse(self._open("short_pick", picking))
        self.assertFalse(picking.dist_is_short)

        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "in",
                            "product_id": self.product.id,
                            "product_uom_qty": 10,
                            "product_uom": self.product.uom_id.id,
                            "location_id": self.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.write({"quantity": 4, "picked": True})
        receipt.with_context(cancel_backorder=False)._action_done()
        self.assertFalse(self._open("short_pick", receipt))
        self.assertFalse(receipt.dist_short_reason_required)

    def test_reason_optional_where_warehouse_allows(self):
        """A warehouse that does not require reasons lets a clerk with Inventory / User
        only validate a short delivery as in standard Odoo, and still records the short
        pick, saying no reason was given."""
        self.warehouse.dist_short_reason_required = False
        self.warehouse.out_type_id.create_backorder = "always"
        picking = self._delivery(qty=10)
        self._pick(picking, 8)
        self.assertFalse(picking.dist_short_reason_required)
        picking.with_user(self.clerk).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertIn("no reason given", self._open("short_pick", picking).description)
