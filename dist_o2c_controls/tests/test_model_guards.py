# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from xmlrpc.client import Fault

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DistO2cCase


class DistPlainUsersCase(DistO2cCase):
    """Users with Odoo's own groups only, no suite role, and an order of several lines, one
    of them sold by the dozen."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_rep = new_test_user(cls.env, login="o2c_plain_rep", groups="sales_team.group_sale_salesman")
        cls.plain_billing = new_test_user(
            cls.env, login="o2c_plain_billing", groups="account.group_account_invoice,sales_team.group_sale_salesman"
        )
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.cable = cls.env["product.product"].create(
            {"name": "Cable ties", "is_storable": True, "list_price": 2.0, "standard_price": 1.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.cable, cls.warehouse.lot_stock_id, 240)

    def _plain_order(self, glove_price=100.0, dozen_price=24.0):
        """5 gloves at ``glove_price`` and 10 dozen cable ties at ``dozen_price`` a dozen (list 24)."""
        return (
            self.env["sale.order"]
            .with_user(self.plain_rep)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 5, "price_unit": glove_price}
                        ),
                        Command.create(
                            {
                                "product_id": self.cable.id,
                                "product_uom_qty": 10,
                                "product_uom": self.dozen.id,
                                "price_unit": dozen_price,
                            }
                        ),
                    ],
                }
            )
        )


@tagged("post_install", "-at_install")
class TestPlainUsers(DistPlainUsersCase):
    def test_plain_rep_confirms_within_limits(self):
        """Controls on, nothing beyond a threshold: a rep with Sales / User only confirms, the
        thresholds are read for her."""
        order = self._plain_order()
        self.assertEqual(order.dist_discount_pct, 0.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.mapped("product_uom_qty"), [5.0, 10.0])

    def test_controls_off_behave_as_standard(self):
        """Every order control off: the form has no Controls block, and a rep confirms and
        reprices as in standard Odoo."""
        order = self._plain_order()
        self.assertTrue(order.dist_controls_active)
        self.company.write(
            {
                "dist_discount_control": False,
                "dist_credit_control": False,
                "dist_rush_control": False,
                "dist_min_margin": 0.0,
            }
        )
        order = self._plain_order(glove_price=40.0, dozen_price=12.0)
        self.assertFalse(order.dist_controls_active)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # Lowering a price afterwards is standard Odoo too.
        order.order_line[0].write({"price_unit": 30.0})
        self.assertEqual(order.order_line[0].price_unit, 30.0)

    def test_plain_rep_is_stopped_and_asks(self):
        """Half price on the gloves: 250 given away on 740 at list prices (5 gloves at 100, 10
        dozen ties at 24), 33.78 %; a clear error naming the approver; she files the request
        without any suite role and confirms once it is approved."""
        order = self._plain_order(glove_price=50.0)
        expected = round(5 * (100.0 - 50.0) / (5 * 100.0 + 10 * 12 * 2.0) * 100, 2)
        self.assertAlmostEqual(order.dist_discount_pct, expected, places=2)
        with self.assertRaisesRegex(UserError, "Request Discount Approval.*Manager will decide"):
            order.action_confirm()
        action = order.action_dist_request_discount_approval()
        self.assertEqual(action["tag"], "display_notification")
        request = self.env["dist.approval.request"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual((request.state, request.requested_by_id, request.value), ("pending", self.plain_rep, expected))
        request.with_user(self.approver).action_approve()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_state_write_meets_the_controls(self):
        order = self._plain_order(glove_price=50.0)
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            order.write({"state": "sale"})
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")

    def test_create_meets_the_controls(self):
        """An order cannot be created released by Finance, nor created confirmed past a threshold."""
        orders = self.env["sale.order"].with_user(self.plain_rep)
        line = Command.create({"product_id": self.product.id, "product_uom_qty": 5, "price_unit": 50.0})
        with self.assertRaisesRegex(UserError, "Finance only"), self.env.cr.savepoint():
            orders.create(
                {
                    "partner_id": self.customer.id,
                    "dist_credit_released_by_id": self.finance.id,
                    "dist_credit_released_amount": 1e9,
                    "order_line": [line],
                }
            )
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            orders.create({"partner_id": self.customer.id, "state": "sale", "order_line": [line]})
        self.assertFalse(self.env["sale.order"].search([("partner_id", "=", self.customer.id)]))

    def test_button_checks_each_order_once(self):
        """The confirmation button checks the controls, then writes the state: that write
        does not check them a second time (the customer's credit is read once), and an order
        the button did not check meets them on its own write, in the same transaction."""
        self.customer.credit_limit = 10_000.0
        first, second = self._plain_order(), self._plain_order()
        with self.assertLogs("odoo.sql_db", "DEBUG") as queries:
            first.action_confirm()
        self.assertEqual(first.state, "sale")
        credit_reads = [q for q in queries.output if "SELECT 'receivable'" in q]
        blocking_reads = [q for q in queries.output if '"dist_exception"."blocking" = TRUE' in q]
        self.assertEqual((len(credit_reads), len(blocking_reads)), (1, 1))
        # A confirmation that fails after its checks leaves no order exempt: the first order
        # confirmed already makes Odoo refuse the batch, after the second was checked.
        with self.assertRaisesRegex(UserError, "not in a state requiring confirmation"), self.env.cr.savepoint():
            (second | first).action_confirm()
        second.order_line[0].price_unit = 50.0
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            second.write({"state": "sale"})
        second.invalidate_recordset()
        self.assertEqual(second.state, "draft")

    def test_held_order_waits_for_its_release(self):
        """An order on credit hold stays held when the customer is back within the limit: the
        button refuses it until Finance releases it."""
        self.customer.credit_limit = 100.0
        order = self._plain_order()
        order.action_confirm()
        self.assertTrue(order.dist_credit_hold)
        self.customer.credit_limit = 10_000.0
        with self.assertRaisesRegex(UserError, "release by Finance"), self.env.cr.savepoint():
            order.action_confirm()
        order.invalidate_recordset()
        self.assertEqual((order.state, order.dist_credit_hold), ("draft", True))

    def test_credit_hold_fields_are_the_controls(self):
        self.customer.credit_limit = 100.0
        order = self._plain_order()
        order.action_confirm()
        self.assertTrue(order.dist_credit_hold)
        for vals in (
            {"dist_credit_hold": False},
            {"dist_credit_released_by_id": self.plain_rep.id, "dist_credit_released_amount": 1e9},
            {"dist_credit_release_reason": "ok"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "Finance only"), self.env.cr.savepoint():
                order.with_user(self.plain_rep).write(vals)
        with self.assertRaisesRegex(UserError, "release by Finance"), self.env.cr.savepoint():
            order.with_user(self.plain_rep).write({"state": "sale"})
        order.invalidate_recordset()
        self.assertEqual(
            (order.state, order.dist_credit_hold, order.dist_credit_released_by_id.id), ("draft", True, False)
        )

    def test_confirmed_order_keeps_its_approval(self):
        """Lowering a price, raising a discount or adding a cheap line on a confirmed order
        needs the approval the quotation would have needed."""
        order = self._plain_order()
        order.action_confirm()
        lines = order.order_line
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            lines[0].with_user(self.plain_rep).write({"price_unit": 50.0})
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            lines[0].with_user(self.plain_rep).write({"discount": 30.0})
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            self.env["sale.order.line"].with_user(self.plain_rep).create(
                {"order_id": order.id, "product_id": self.product.id, "product_uom_qty": 1, "price_unit": 10.0}
            )
        order.invalidate_recordset()
        self.assertEqual(order.order_line.mapped("price_unit"), [100.0, 24.0])
        self.assertEqual(order.order_line.mapped("discount"), [0.0, 0.0])
        # A change within what the rep may give on her own passes.
        order.order_line[0].with_user(self.plain_rep).write({"price_unit": 95.0})
        self.assertEqual(order.order_line[0].price_unit, 95.0)

    def test_held_invoice_cannot_be_posted_by_writing_state(self):
        order = self._plain_order()
        order.action_confirm()
        self._deliver(order, 2)
        invoice = order._create_invoices()
        for post in (lambda: invoice.with_user(self.plain_billing).write({"state": "posted"}), invoice.action_post):
            with self.assertRaisesRegex(UserError, "held until the goods are delivered"), self.env.cr.savepoint():
                post()
        invoice.invalidate_recordset()
        self.assertEqual(invoice.state, "draft")

    def test_plain_billing_user_posts_when_released(self):
        """Invoice release off: a billing user posts the invoice of an undelivered order, as in Odoo."""
        self.company.dist_invoice_release_control = False
        order = self._plain_order()
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.with_user(self.plain_billing).action_post()
        self.assertEqual(invoice.state, "posted")


@tagged("post_install", "-at_install")
class TestGuardsOverRpc(HttpCase, DistPlainUsersCase):
    """An integration or a script over XML-RPC meets the same refusals."""

    @mute_logger("odoo.http")
    def _rpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args))

    def test_order_controls_over_rpc(self):
        discounted = self._plain_order(glove_price=50.0)
        with self.assertRaisesRegex(Fault, "Request Discount Approval"):
            self._rpc(self.plain_rep, "sale.order", "write", [discounted.id], {"state": "sale"})
        with self.assertRaisesRegex(Fault, "Request Discount Approval"):
            self._rpc(self.plain_rep, "sale.order", "action_confirm", [discounted.id])
        self.customer.credit_limit = 100.0
        held = self._plain_order()
        held.action_confirm()
        with self.assertRaisesRegex(Fault, "Finance only"):
            self._rpc(self.plain_rep, "sale.order", "write", [held.id], {"dist_credit_hold": False})
        with self.assertRaisesRegex(Fault, "Finance only"):
            self._rpc(self.plain_rep, "sale.order", "write", [held.id], {"dist_credit_released_by_id": self.finance.id})
        rows = self._rpc(self.plain_rep, "sale.order", "read", [discounted.id, held.id], ["state"])
        self.assertEqual([row["state"] for row in rows], ["draft", "draft"])
        held.invalidate_recordset()
        self.assertTrue(held.dist_credit_hold)

    def test_pricing_side_steps_over_rpc(self):
        """Over XML-RPC, a quotation on a cheaper pricelist does not confirm, nor does a negative
        line go onto a confirmed order; the data read back is unchanged. The customer has no
        pricelist of her own: the company's base one (the first) is the reference."""
        self.env["product.pricelist"].create({"name": "Base", "sequence": 1, "company_id": self.company.id})
        cheaper = self.env["product.pricelist"].create(
            {
                "name": "Cheaper",
                "sequence": 99,
                "item_ids": [Command.create({"compute_price": "percentage", "percent_price": 30.0})],
            }
        )
        line = {"product_id": self.product.id, "product_uom_qty": 5}
        order_id = self._rpc(
            self.plain_rep,
            "sale.order",
            "create",
            {"partner_id": self.customer.id, "pricelist_id": cheaper.id, "order_line": [(0, 0, line)]},
        )
        with self.assertRaisesRegex(Fault, "Request Discount Approval"):
            self._rpc(self.plain_rep, "sale.order", "action_confirm", [order_id])
        row = self._rpc(self.plain_rep, "sale.order", "read", [order_id], ["state", "dist_discount_pct"])[0]
        self.assertEqual((row["state"], row["dist_discount_pct"]), ("draft", 30.0))
        order = self._plain_order()
        order.action_confirm()
        with self.assertRaisesRegex(Fault, "Request Discount Approval"):
            self._rpc(
                self.plain_rep,
                "sale.order.line",
                "create",
                {"order_id": order.id, "product_id": self.cable.id, "product_uom_qty": 1, "price_unit": -200.0},
            )
        lines = self._rpc(self.plain_rep, "sale.order", "read", [order.id], ["order_line"])[0]["order_line"]
        self.assertEqual(lines, order.order_line.ids)

    def test_confirmed_prices_and_invoice_over_rpc(self):
        self.customer.credit_limit = 0.0
        order = self._plain_order()
        order.action_confirm()
        line = order.order_line[0]
        with self.assertRaisesRegex(Fault, "Request Discount Approval"):
            self._rpc(self.plain_rep, "sale.order.line", "write", [line.id], {"price_unit": 50.0})
        self.assertEqual(
            self._rpc(self.plain_rep, "sale.order.line", "read", [line.id], ["price_unit"])[0]["price_unit"], 100.0
        )
        self._deliver(order, 2)
        invoice = order._create_invoices()
        with self.assertRaisesRegex(Fault, "held until the goods are delivered"):
            self._rpc(self.plain_billing, "account.move", "write", [invoice.id], {"state": "posted"})
        with self.assertRaisesRegex(Fault, "held until the goods are delivered"):
            self._rpc(self.plain_billing, "account.move", "action_post", [invoice.id])
        self.assertEqual(
            self._rpc(self.plain_billing, "account.move", "read", [invoice.id], ["state"])[0]["state"], "draft"
        )

    def test_cost_over_rpc(self):
        """Under a minimum margin, a rep lowering a line's cost over XML-RPC is refused and the
        cost read back is the product's."""
        self.company.dist_min_margin = 20.0
        order = self._plain_order()
        line = order.order_line.filtered(lambda sol: sol.product_id == self.product)
        with self.assertRaisesRegex(Fault, "only a sales administrator"):
            self._rpc(self.plain_rep, "sale.order.line", "write", [line.id], {"purchase_price": 1.0})
        row = self._rpc(self.plain_rep, "sale.order.line", "read", [line.id], ["purchase_price"])[0]
        self.assertEqual(row["purchase_price"], self.product.standard_price)
