# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestCredit(DistO2cCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.credit_limit = 1000.0
        cls.credit_type = cls.env.ref("dist_o2c_controls.dist_exception_type_credit_hold")

    def _invoice(self, amount, date):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date,
                "invoice_date_due": date,
                "invoice_line_ids": [
                    Command.create({"name": "Service", "quantity": 1, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_limit_breach_puts_order_on_hold(self):
        """An order taking the customer past their limit is not confirmed: it goes on a
        visible credit hold with the reason, and a blocking exception tells finance."""
        order = self._order(qty=15)
        action = order.action_confirm()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.dist_credit_hold)
        self.assertIn("above the credit limit", order.dist_credit_hold_reason)
        self.assertTrue(order.dist_exception_blocking)
        exc = self.env["dist.exception"].search([("type_id", "=", self.credit_type.id), ("res_id", "=", order.id)])
        self.assertEqual((exc.state, exc.partner_id), ("new", self.customer))

    def test_hold_notice_names_who_was_told(self):
        """The rep is told who was notified of the hold: the credit hold type's owner, who
        gets a notification about the exception; with no owner anywhere, that nobody was."""
        self.credit_type.write({"user_id": self.finance.id, "team_id": False})
        action = self._order(qty=15).action_confirm()
        self.assertIn(f"{self.finance.name} notified", action["params"]["message"])
        notices = self.env["mail.notification"].search([("res_partner_id", "=", self.finance.partner_id.id)])
        self.assertIn("dist.exception", notices.mail_message_id.mapped("model"))
        self.credit_type.user_id = False
        action = self._order(qty=15).action_confirm()
        self.assertIn("Nobody was notified", action["params"]["message"])

    def test_within_limit_confirms(self):
        """An order within the limit confirms normally."""
        order = self._order(qty=5)
        self.assertTrue(order.action_confirm())
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dist_credit_hold)

    def test_uninvoiced_orders_count(self):
        """Confirmed orders not invoiced yet count toward the exposure: a second order
        that alone fits the limit is held."""
        self._order(qty=6).action_confirm()
        second = self._order(qty=6)
        second.action_confirm()
        self.assertTrue(second.dist_credit_hold)

    def test_only_finance_releases_with_a_reason(self):
        """The rep cannot release the hold; finance without a reason is refused and the
        order stays held; finance with a reason releases and confirms it, closing the
        exception with the credit root cause."""
        order = self._order(qty=15)
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "Only the Finance role"):
            order.with_user(self.rep)._dist_release_credit_hold("Customer is good for it")
        with self.assertRaisesRegex(UserError, "Give the reason"):
            order.with_user(self.finance)._dist_release_credit_hold("  ")
        self.assertTrue(order.dist_credit_hold)
        wizard = Form(self.env["dist.credit.release"].with_user(self.finance).with_context(default_order_id=order.id))
        wizard.reason = "Wire of 2,000 received this morning."
        wizard.save().action_release()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.dist_credit_hold)
        self.assertEqual(order.dist_credit_released_by_id, self.finance)
        exc = self.env["dist.exception"].search([("type_id", "=", self.credit_type.id), ("res_id", "=", order.id)])
        self.assertEqual(exc.state, "resolved")
        self.assertEqual(exc.root_cause_id, self.env.ref("dist_exception_core.dist_root_cause_credit"))

    @freeze_time("2026-11-23")
    def test_overdue_beyond_grace_holds(self):
        """An invoice overdue for more than the grace days holds a new order, even far
        below the limit; overdue within the grace period does not."""
        self.customer.credit_limit = 0.0
        self._invoice(100.0, "2026-11-15")
        order = self._order(qty=1)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self._invoice(100.0, "2026-10-01")
        late = self._order(qty=1)
        late.action_confirm()
        self.assertTrue(late.dist_credit_hold)
        self.assertIn("overdue for more than 15 days", late.dist_credit_hold_reason)

    def test_negative_grace_refused(self):
        """A negative grace period is refused and the setting keeps its value."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.dist_credit_grace_days = -3
        self.company.invalidate_recordset()
        self.assertEqual(self.company.dist_credit_grace_days, 15)
