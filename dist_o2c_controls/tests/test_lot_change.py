# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestLotChange(DistO2cCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._approval_rule("sale_lot_change", "stock.picking", "quantity_variance", 0)
        cls.tracked = cls.env["product.product"].create(
            {"name": "Surgical masks", "is_storable": True, "tracking": "lot"}
        )
        stock = cls.warehouse.lot_stock_id
        cls.lot_a, cls.lot_b = cls.env["stock.lot"].create(
            [{"name": name, "product_id": cls.tracked.id} for name in ("LOT-A", "LOT-B")]
        )
        for lot in (cls.lot_a, cls.lot_b):
            cls.env["stock.quant"]._update_available_quantity(cls.tracked, stock, 5, lot_id=lot)
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.tracked.id,
                            "product_uom_qty": 3,
                            "price_unit": 10,
                            "dist_lot_id": cls.lot_a.id,
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        cls.picking = cls.order.picking_ids
        cls.picking.action_assign()

    def _ship_lot(self, lot):
        self.picking.move_ids.move_line_ids.write({"lot_id": lot.id, "quantity": 3, "picked": True})

    def test_promised_lot_ships(self):
        """Shipping the lot promised to the customer needs nothing."""
        self._ship_lot(self.lot_a)
        self.picking.button_validate()
        self.assertEqual(self.picking.state, "done")

    def test_other_lot_needs_approval_and_is_traced(self):
        """Shipping another lot is refused until a manager approves the change; then the
        delivery goes and the order keeps a note of the lot change."""
        self._ship_lot(self.lot_b)
        with self.assertRaisesRegex(UserError, "Request Lot Change Approval"):
            self.picking.button_validate()
        self.assertEqual(self.picking.state, "assigned")
        action = self.picking.with_user(self.rep).action_dist_request_lot_change_approval()
        request = self.env["dist.approval.request"].browse(action["res_id"])
        self.assertIn("LOT-B instead of LOT-A", request.reason)
        with self.assertRaisesRegex(UserError, "waits for approval"):
            self.picking.button_validate()
        request.with_user(self.approver).action_approve()
        self.picking.button_validate()
        self.assertEqual(self.picking.state, "done")
        self.assertTrue(self.order.message_ids.filtered(lambda m: "instead of the promised LOT-A" in (m.body or "")))
