# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestDispute(DistO2cCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.invoice_policy = "delivery"
        cls.order = cls._order(qty=5)
        cls.order.action_confirm()
        cls.picking = cls._deliver(cls.order, 5)
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.dispute_type = cls.env.ref("dist_o2c_controls.dist_exception_type_invoice_dispute")

    def _open_dispute(self, reason="damaged"):
        action = self.invoice.action_dist_open_dispute()
        form = Form(self.env["dist.dispute"].with_context(**action["context"]))
        form.reason = reason
        return form.save()

    def test_dispute_links_documents_and_pauses_dunning(self):
        """UAT 'damaged goods': a dispute opened from the invoice links the order and the
        delivery, pauses the invoice's dunning and opens an exception with the disputed
        amount as its cost."""
        dispute = self._open_dispute()
        self.assertEqual(dispute.order_id, self.order)
        self.assertEqual(dispute.picking_id, self.picking)
        self.assertEqual(dispute.partner_id, self.customer)
        self.assertEqual(dispute.amount, self.invoice.amount_total)
        self.assertTrue(self.invoice.dist_in_dispute)
        receivable = self.invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        self.assertTrue(receivable.dist_dunning_paused)
        exc = dispute.dist_exception_ids
        self.assertEqual((exc.type_id, exc.cost_amount), (self.dispute_type, dispute.amount))

    def test_credit_note_resolution(self):
        """Closing needs a resolution note; with one, a credit note is drafted from the
        invoice, the dunning resumes and the exception closes with the damage root cause
        (the exception cost control off: see the next test)."""
        self.env.company.dist_exception_cost_control = False
        dispute = self._open_dispute()
        with self.assertRaisesRegex(UserError, "resolution note"):
            dispute.action_resolve_credit_note()
        self.assertEqual(dispute.state, "open")
        dispute.resolution_note = "Two cartons crushed in transit: credited."
        dispute.action_resolve_credit_note()
        self.assertEqual((dispute.state, dispute.resolution), ("resolved", "credit_note"))
        self.assertEqual(dispute.credit_note_id.reversed_entry_id, self.invoice)
        self.assertFalse(self.invoice.dist_in_dispute)
        exc = dispute.dist_exception_ids
        self.assertEqual(exc.state, "resolved")
        self.assertEqual(exc.root_cause_id, self.env.ref("dist_exception_core.dist_root_cause_damage"))

    def test_credit_note_above_cost_threshold_waits_for_approval(self):
        """Under the exception cost control, a credit note above the threshold does not
        close the exception by itself: it stays open, flagged for review, until the cost
        is approved."""
        self.env.company.dist_exception_cost_control = True
        rule = self.env["dist.approval.rule"]._dist_get("exception_cost", self.env.company)
        self.assertTrue(rule._dist_band_for(self.invoice.amount_total), "the demo threshold covers the invoice")
        dispute = self._open_dispute()
        dispute.resolution_note = "Two cartons crushed in transit: credited."
        dispute.action_resolve_credit_note()
        exc = dispute.dist_exception_ids
        self.assertEqual((dispute.state, exc.state, exc.condition_cleared), ("resolved", "new", True))

    def test_replacement_and_rejection(self):
        """A replacement prepares a new quotation from the order; a rejection just closes."""
        dispute = self._open_dispute(reason="quantity")
        dispute.resolution_note = "One box missing: replaced."
        dispute.action_resolve_replacement()
        self.assertEqual(dispute.replacement_order_id.state, "draft")
        self.assertEqual(dispute.replacement_order_id.origin, dispute.name)
        other = self._open_dispute(reason="price")
        other.resolution_note = "Price is the contract price."
        other.action_reject()
        self.assertEqual(other.state, "rejected")
        with self.assertRaisesRegex(UserError, "already closed"):
            other.action_reject()

    @freeze_time("2027-03-01")
    def test_disputed_invoice_does_not_hold_orders(self):
        """An overdue invoice in dispute does not put the customer's new orders on
        credit hold; the same invoice out of dispute does."""
        self._open_dispute()
        order = self._order(qty=1)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.invoice.dist_dispute_ids.write({"resolution_note": "Not justified."})
        self.invoice.dist_dispute_ids.action_reject()
        late = self._order(qty=1)
        late.action_confirm()
        self.assertTrue(late.dist_credit_hold)

    def test_negative_amount_refused(self):
        """A negative disputed amount is refused."""
        with self.assertRaises(ValidationError):
            self._open_dispute().amount = -10
