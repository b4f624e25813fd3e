# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestInvoiceRelease(DistO2cCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hold_type = cls.env.ref("dist_o2c_controls.dist_exception_type_invoice_hold")

    def _confirmed(self, partner=None, qty=5):
        order = self._order(partner=partner, qty=qty)
        order.action_confirm()
        return order

    def test_undelivered_goods_are_not_invoiced(self):
        """UAT 'invoice hold': invoicing 5 with 2 delivered is refused and the invoice
        says why; the detector opens an exception; once all is delivered the invoice
        posts and the exception closes."""
        order = self._confirmed()
        self._deliver(order, 2)
        invoice = order._create_invoices()
        self.assertIn("only 2.00 delivered", invoice.dist_hold_reason)
        with self.assertRaisesRegex(UserError, "held until the goods are delivered"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        self.hold_type._dist_run_detector()
        self.assertTrue(invoice.dist_exception_open)
        self._deliver(order, 3)
        invoice.invalidate_recordset()
        self.assertFalse(invoice.dist_hold_reason)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        invoice.invalidate_recordset()
        self.assertFalse(invoice.dist_exception_open)

    def test_proof_of_delivery_required(self):
        """For a customer who requires it, a delivered order is invoiced only once the
        proof of delivery is registered on the delivery."""
        self.customer.dist_require_pod = True
        order = self._confirmed()
        picking = self._deliver(order, 5)
        invoice = order._create_invoices()
        with self.assertRaisesRegex(UserError, "proof of delivery"):
            invoice.action_post()
        picking.action_dist_register_pod()
        self.assertTrue(picking.dist_pod_received)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_invoice_on_completion(self):
        """A customer invoiced on completion gets no invoice for a partial delivery,
        even for the delivered quantity (UAT 'partial stock')."""
        self.customer.dist_invoice_policy = "completion"
        self.product.invoice_policy = "delivery"
        order = self._confirmed()
        self._deliver(order, 2)
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.quantity, 2)
        with self.assertRaisesRegex(UserError, "invoiced on completion"):
            invoice.action_post()
        self._deliver(order, 3)
        invoice.unlink()
        order._create_invoices().action_post()
        self.assertEqual(order.invoice_status, "invoiced")

    def test_return_after_delivery(self):
        """UAT 'returns': goods returned after delivery are no longer delivered, so an
        invoice for them is held."""
        self.product.invoice_policy = "delivery"
        order = self._confirmed()
        picking = self._deliver(order, 5)
        wizard = (
            self.env["stock.return.picking"].with_context(active_id=picking.id, active_model="stock.picking").create({})
        )
        wizard.product_return_moves.quantity = 2
        return_picking = wizard._create_return()
        return_picking.move_ids.write({"quantity": 2, "picked": True})
        return_picking._action_done()
        order.invalidate_recordset()
        self.assertEqual(order.order_line.qty_delivered, 3)
        invoice = order._create_invoices()
        invoice.invoice_line_ids.quantity = 5
        with self.assertRaisesRegex(UserError, "only 3.00 delivered"):
            invoice.action_post()

    def test_control_off(self):
        """With the control off, the invoice posts whatever was delivered."""
        self.company.dist_invoice_release_control = False
        order = self._confirmed()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
