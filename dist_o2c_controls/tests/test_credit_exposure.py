# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import formatLang, mute_logger

from .common import ROLE, DistO2cCase


class DistCreditCase(DistO2cCase):
    """Goods invoiced on delivery, without taxes, a limit of 1,000 in the main company, and
    credit releases in two bands: the Finance role (credit clerk) up to 2,000, invoicing
    administrators (the finance manager, who has the Finance role too) above."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.credit_limit = 1000.0
        cls.company.dist_credit_release_days = 30
        cls.release_rule = cls.env["dist.approval.rule"]._dist_get("credit_release", cls.company)
        cls.release_rule.band_ids = [
            Command.clear(),
            Command.create({"min_value": 0, "max_value": 2000, "group_id": cls.env.ref(f"{ROLE}finance").id}),
            Command.create({"min_value": 2000, "group_id": cls.env.ref("account.group_account_manager").id}),
        ]
        cls.finance_manager = new_test_user(
            cls.env,
            login="o2c_finance_manager",
            groups=f"{ROLE}finance,account.group_account_manager,sales_team.group_sale_salesman_all_leads",
        )
        cls.goods = cls.env["product.product"].create(
            {
                "name": "Safety boots",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 50.0,
                "invoice_policy": "delivery",
                "taxes_id": [Command.clear()],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.goods, cls.warehouse.lot_stock_id, 100)

    def _sell(self, qty, company=None):
        values = {
            "partner_id": self.customer.id,
            "order_line": [Command.create({"product_id": self.goods.id, "product_uom_qty": qty, "price_unit": 100.0})],
        }
        if company:
            values["company_id"] = company.id
        return self.env["sale.order"].with_company(company or self.company).create(values)

    def _invoice(self, amount, post=True, company=None):
        invoice = (
            self.env["account.move"]
            .with_company(company or self.company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create({"name": "Freight", "quantity": 1, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        if post:
            invoice.action_post()
        return invoice

    def _release(self, order, user, reason="Payment promised by wire."):
        wizard = Form(self.env["dist.credit.release"].with_user(user).with_context(default_order_id=order.id))
        wizard.reason = reason
        return wizard.save().action_release()

    def _exposure(self, order):
        return order.sudo()._dist_credit_exposure()[order.id]["exposure"]

    def _money(self, amount):
        return formatLang(self.env, amount, currency_obj=self.company.currency_id)


@tagged("post_install", "-at_install")
class TestCreditExposure(DistCreditCase):
    def test_undelivered_order_invoiced_on_delivery_counts(self):
        """600 receivable, 300 on a confirmed order of goods invoiced on delivery and not
        delivered yet, 200 new, against a limit of 1,000: the new order is held."""
        receivable = self._invoice(600.0)
        open_order = self._sell(3)
        open_order.action_confirm()
        self.assertEqual(open_order.state, "sale")
        self.assertEqual(open_order.order_line.qty_delivered, 0.0)
        new = self._sell(2)
        expected = receivable.amount_residual + open_order.amount_total + new.amount_total
        self.assertEqual(expected, 1100.0)
        self.assertAlmostEqual(self._exposure(new), expected)
        new.action_confirm()
        self.assertEqual(new.state, "draft")
        self.assertTrue(new.dist_credit_hold)
        self.assertIn(self._money(expected), new.dist_credit_hold_reason)

    def test_draft_invoices_count(self):
        """A draft invoice counts like a posted one, and a partly invoiced order only for what
        it has still to invoice."""
        draft = self._invoice(250.0, post=False)
        order = self._sell(4)
        order.action_confirm()
        self._deliver(order, 4)
        invoice = order._create_invoices()
        invoice.invoice_line_ids.quantity = 1
        new = self._sell(1)
        to_invoice = order.order_line.price_unit * (order.order_line.product_uom_qty - 1)
        expected = draft.amount_total + invoice.amount_total + to_invoice + new.amount_total
        self.assertAlmostEqual(self._exposure(new), expected)
        self.assertEqual(expected, 250.0 + 100.0 + 300.0 + 100.0)

    def test_every_part_of_the_exposure(self):
        """Read in one query, each part counts as its rule says: two receivables past due
        (one in dispute: exposure, not overdue), a draft credit note, and an order in another
        currency at 2 per company unit (at the reference price), delivered and invoiced in part."""
        self.customer.credit_limit = 5000.0
        company_currency = self.company.currency_id
        other = self.env.ref("base.EUR") if company_currency != self.env.ref("base.EUR") else self.env.ref("base.USD")
        other.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": other.id, "company_id": self.company.id, "name": "2020-01-01", "rate": 2.0}
        )
        company_currency.rate_ids.filtered(lambda rate: rate.company_id in (self.company, False)).unlink()
        pricelist = self.env["product.pricelist"].create(
            {"name": "Export prices", "currency_id": other.id, "company_id": self.company.id}
        )
        foreign = self._sell(4)
        foreign.pricelist_id = pricelist
        foreign.order_line.price_unit = 200.0
        foreign.action_confirm()
        self._deliver(foreign, 4)
        invoice = foreign._create_invoices()
        invoice.invoice_line_ids.quantity = 1
        past = fields.Date.subtract(fields.Date.today(), days=60)
        disputed, overdue = (
            self._invoice(amount, post=False).with_context(check_move_validity=False) for amount in (400.0, 200.0)
        )
        for move in disputed | overdue:
            move.write({"invoice_date": past, "invoice_date_due": past})
            move.action_post()
        disputed.line_ids.filtered(lambda line: line.account_type == "asset_receivable").sudo().write(
            {"dist_dunning_paused": True}
        )
        refund = self._invoice(50.0, post=False)
        refund.move_type = "out_refund"
        new = self._sell(1)
        figures = new.sudo()._dist_credit_exposure()[new.id]
        # The foreign order: 800 in its currency, a quarter invoiced (a draft, in its
        # currency too), the rest still to invoice; all at 2 per company unit.
        expected = 400.0 + 200.0 - 50.0 + (200.0 + 600.0) / 2 + new.amount_total
        self.assertAlmostEqual(figures["exposure"], expected)
        self.assertAlmostEqual(figures["overdue"], 200.0)
        self.assertAlmostEqual(figures["limit"], 5000.0)

    def test_limit_of_the_order_company(self):
        """The limit and the receivables are those of the order's company, whatever the
        user's current company: 1,000 and 600 receivable in the main company, 150 in the
        second, where an order of 200 is held and one of the main company goes through."""
        second = self.env["res.company"].create({"name": "Second Distributor"})
        self.env["dist.approval.rule"].create(
            {
                "name": "Credit release",
                "code": "credit_release",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "measure": "amount",
                "company_id": second.id,
                "band_ids": [Command.create({"min_value": 0, "group_id": self.env.ref(f"{ROLE}finance").id})],
            }
        )
        second.dist_credit_control = True
        self.customer.with_company(second).credit_limit = 150.0
        self.assertEqual(self.customer.with_company(self.company).credit_limit, 1000.0)
        self._invoice(600.0)
        order = self._sell(2, company=second)
        self.assertEqual(self.env.company, self.company)
        figures = order.sudo()._dist_credit_exposure()[order.id]
        self.assertEqual((figures["exposure"], figures["limit"]), (order.amount_total, 150.0))
        order.with_company(self.company).action_confirm()
        self.assertTrue(order.dist_credit_hold)
        here = self._sell(2)
        self.assertEqual(self._exposure(here), 600.0 + here.amount_total)
        here.with_company(self.company).action_confirm()
        self.assertEqual(here.state, "sale")


@tagged("post_install", "-at_install")
class TestCreditAfterConfirmation(DistCreditCase):
    def test_delivery_refused_after_going_over(self):
        """Confirmed within the limit, then the customer goes over it: the delivery is refused,
        naming who can release; the Finance release lets it through."""
        order = self._sell(5)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self._invoice(700.0)
        self.assertEqual(self._exposure(order), 700.0 + order.amount_total)
        self.assertTrue(order.dist_credit_release_needed)
        with self.assertRaisesRegex(UserError, f"over the credit limit.*Finance.*release the credit of {order.name}"):
            self._deliver(order, 5)
        self.assertEqual(order.picking_ids.state, "assigned")
        self._release(order, self.finance)
        self.assertFalse(order.dist_credit_release_needed)
        self.assertEqual(order.dist_credit_released_by_id, self.finance)
        picking = self._deliver(order, 5)
        self.assertEqual(picking.state, "done")

    def test_delivery_check_switched_off(self):
        """With the delivery check off, the delivery goes."""
        self.company.dist_credit_check_delivery = False
        order = self._sell(5)
        order.action_confirm()
        self._invoice(700.0)
        self.assertEqual(self._deliver(order, 5).state, "done")

    def test_invoice_refused_after_going_over(self):
        """Delivered and invoiced in draft within the limit, then the customer goes over it:
        the invoice cannot be posted, by the button or by writing its state, until Finance
        releases the order; switched off, the check lets it through."""
        self.company.write({"dist_invoice_release_control": False, "dist_pod_control": False})
        order = self._sell(5)
        order.action_confirm()
        self._deliver(order, 5)
        invoice = order._create_invoices()
        self._invoice(700.0)
        with self.assertRaisesRegex(UserError, f"Posting .* over the credit limit.*{order.name}"):
            invoice.with_user(self.finance).action_post()
        with self.assertRaisesRegex(UserError, "over the credit limit"):
            invoice.with_user(self.finance).write({"state": "posted"})
        self.assertEqual(invoice.state, "draft")
        self.company.dist_credit_check_invoice = False
        invoice.with_user(self.finance).action_post()
        self.assertEqual(invoice.state, "posted")

    def test_invoice_posts_once_released(self):
        self.company.write({"dist_invoice_release_control": False, "dist_pod_control": False})
        order = self._sell(5)
        order.action_confirm()
        self._deliver(order, 5)
        invoice = order._create_invoices()
        self._invoice(700.0)
        self._release(order, self.finance)
        invoice.with_user(self.finance).action_post()
        self.assertEqual(invoice.state, "posted")

    def test_invoice_without_order(self):
        """600 receivable, then a freight invoice of 500 billed directly (no sale order): 1,100
        against the limit of 1,000. A billing user without the Finance role is refused; the
        credit clerk, whose band covers 1,100, posts it and the chatter says so. One of 1,500
        on top (2,600 in all) is above the clerk's cap of 2,000: only the finance manager
        posts it. Within the limit, anyone who bills posts."""
        billing = new_test_user(self.env, login="o2c_direct_billing", groups="account.group_account_invoice")
        within = self._invoice(300.0, post=False)
        within.with_user(billing).action_post()
        self.assertEqual(within.state, "posted")
        self._invoice(300.0)
        direct = self._invoice(500.0, post=False)
        expected = f"over the credit limit.*{re.escape(self._money(1100.0))}.*Only .*Finance can post"
        with self.assertRaisesRegex(UserError, expected):
            direct.with_user(billing).action_post()
        with self.assertRaisesRegex(UserError, "over the credit limit"):
            direct.with_user(billing).write({"state": "posted"})
        self.assertEqual(direct.state, "draft")
        direct.with_user(self.finance).action_post()
        self.assertEqual(direct.state, "posted")
        self.assertIn("over the credit limit", direct.message_ids[0].body)
        large = self._invoice(1500.0, post=False)
        with self.assertRaisesRegex(UserError, "Only .*Administrator can post"):
            large.with_user(self.finance).action_post()
        self.assertEqual(large.state, "draft")
        large.with_user(self.finance_manager).action_post()
        self.assertEqual(large.state, "posted")


@tagged("post_install", "-at_install")
class TestCreditRelease(DistCreditCase):
    def test_release_bands(self):
        """An exposure of 2,500 is above the clerk's cap of 2,000: the clerk's release files a
        request for the finance manager and the order stays held; the manager's release
        approves it and confirms the order."""
        order = self._sell(25)
        order.action_confirm()
        self.assertTrue(order.dist_credit_hold)
        exposure = self._exposure(order)
        self.assertEqual(exposure, order.amount_total)
        self.assertGreater(exposure, 2000.0)
        action = self._release(order, self.finance, "Customer pays in advance.")
        self.assertEqual(action["params"]["title"], "Credit release requested")
        self.assertEqual((order.state, order.dist_credit_hold), ("draft", True))
        request = self.env["dist.approval.request"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id), ("rule_id", "=", self.release_rule.id)]
        )
        self.assertEqual(
            (request.state, request.value, request.group_id),
            ("pending", exposure, self.env.ref("account.group_account_manager")),
        )
        with self.assertRaisesRegex(UserError, "Only the Finance role"):
            order.with_user(self.rep)._dist_release_credit_hold("Good customer")
        self._release(order, self.finance_manager, "Advance payment confirmed.")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decided_by_id, self.finance_manager)
        self.assertEqual((order.state, order.dist_credit_hold), ("sale", False))
        self.assertEqual(order.dist_credit_released_by_id, self.finance_manager)

    def test_clerk_releases_within_cap(self):
        """Within the cap the clerk's release is the decision: an approved request of the exposure."""
        order = self._sell(15)
        order.action_confirm()
        exposure = self._exposure(order)
        self._release(order, self.finance)
        self.assertEqual(order.state, "sale")
        request = order.dist_approval_request_ids.filtered(lambda r: r.rule_id == self.release_rule)
        self.assertEqual((request.state, request.value, request.decided_by_id), ("approved", exposure, self.finance))

    def test_release_expires(self):
        """A release is valid for the company's 30 days: on day 20 the delivery goes, on day
        45 it is refused until a new release."""
        with freeze_time("2026-03-02 09:00:00"):
            order = self._sell(15)
            order.action_confirm()
            self.assertTrue(order.dist_credit_hold)
            self._release(order, self.finance)
            self.assertEqual(order.state, "sale")
        with freeze_time("2026-03-22 09:00:00"):
            order.invalidate_recordset(["dist_credit_release_needed"])
            self.assertFalse(order.dist_credit_release_needed)
        with freeze_time("2026-04-16 09:00:00"):
            order.invalidate_recordset(["dist_credit_release_needed"])
            self.assertTrue(order.dist_credit_release_needed)
            with self.assertRaisesRegex(UserError, "over the credit limit"):
                self._deliver(order, 15)
            self._release(order, self.finance, "Renewed after the customer's payment plan.")
            self.assertEqual(len(order.dist_approval_request_ids.filtered(lambda r: r.state == "approved")), 2)
            self.assertEqual(self._deliver(order, 15).state, "done")


@tagged("post_install", "-at_install")
class TestCreditOverRpc(HttpCase, DistCreditCase):
    """An integration posting over XML-RPC meets the same refusal."""

    @mute_logger("odoo.http")
    def _rpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args))

    def test_invoice_over_rpc(self):
        self.company.write({"dist_invoice_release_control": False, "dist_pod_control": False})
        order = self._sell(5)
        order.action_confirm()
        self._deliver(order, 5)
        invoice = order._create_invoices()
        self._invoice(700.0)
        billing = new_test_user(self.env, login="o2c_credit_billing", groups="account.group_account_invoice")
        with self.assertRaisesRegex(Fault, "over the credit limit"):
            self._rpc(billing, "account.move", "write", [invoice.id], {"state": "posted"})
        with self.assertRaisesRegex(Fault, "over the credit limit"):
            self._rpc(billing, "account.move", "action_post", [invoice.id])
        invoice.invalidate_recordset()
        self.assertEqual(invoice.state, "draft")

    def test_invoice_without_order_over_rpc(self):
        self._invoice(900.0)
        direct = self._invoice(200.0, post=False)
        billing = new_test_user(self.env, login="o2c_direct_rpc", groups="account.group_account_invoice")
        with self.assertRaisesRegex(Fault, "over the credit limit"):
            self._rpc(billing, "account.move", "action_post", [direct.id])
        self.assertEqual(self._rpc(billing, "account.move", "read", [direct.id], ["state"])[0]["state"], "draft")
