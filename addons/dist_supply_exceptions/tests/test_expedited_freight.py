# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .test_purchase_approval import PurchaseApprovalCase


@tagged("post_install", "-at_install")
class TestExpeditedFreightOnPurchases(PurchaseApprovalCase, TransactionCase):
    """A courier paid because a supplier shipped short is recorded on its purchase order,
    which lists it; a buyer without a suite role reads the order, not the freight."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purchase_approval()

    def test_freight_recorded_from_the_purchase(self):
        order = self._rfq([(self.gloves, 10, 5.0), (self.masks, 4, 2.5)])
        action = order.with_user(self.exception_manager).action_dist_view_freight()
        cause = self.env.ref("dist_exception_core.dist_root_cause_supplier_short")
        freight = (
            self.env["dist.expedited.freight"]
            .with_user(self.exception_manager)
            .with_context(**action["context"])
            .create({"amount": 75, "root_cause_id": cause.id})
        )
        freight.action_confirm()
        self.assertEqual((freight.purchase_order_id, freight.state), (order, "confirmed"))
        self.assertEqual(order.with_user(self.exception_manager).dist_freight_ids, freight)
        self.assertEqual(self.env["dist.expedited.freight"].search(action["domain"]), freight)
        self.assertNotIn("dist_freight_ids", order.with_user(self.buyer).fields_get())
