# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import xmlrpc.client
from contextlib import contextmanager
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

PURCHASE_USER = "purchase.group_purchase_user"
ROLE = "dist_exception_core.dist_exception_core_group_"


class PurchaseApprovalCase:
    """A company with Purchase Approval on and known thresholds: above 10,000 a purchasing
    manager approves, above 50,000 management; every emergency or off-contract purchase
    an exception manager. The buyer has Purchase / User and no suite role."""

    @classmethod
    def _set_thresholds(cls, company, amount_bands, nonstandard_bands):
        """Give ``company`` these bands ([(above, up to, group xml id)]) for the two codes;
        switch the control off first, as an administrator would, to replace them."""
        company.dist_purchase_approval = False
        rules = cls.env["dist.approval.rule"].with_context(active_test=False)
        for code, bands in (("purchase_amount", amount_bands), ("purchase_nonstandard", nonstandard_bands)):
            values = {
                "active": True,
                "band_ids": [Command.clear()]
                + [
                    Command.create({"min_value": low, "max_value": high, "group_id": cls.env.ref(group).id})
                    for low, high, group in bands
                ],
            }
            rule = rules.search([("code", "=", code), ("company_id", "=", company.id)])
            if rule:
                rule.write(values)
            else:
                rules.create(
                    dict(
                        values,
                        name=code,
                        code=code,
                        company_id=company.id,
                        model_id=cls.env["ir.model"]._get_id("purchase.order"),
                        measure="amount",
                    )
                )
        company.dist_purchase_approval = True

    @classmethod
    def _setup_purchase_approval(cls):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls._set_thresholds(
            cls.company,
            [(10000, 50000, "purchase.group_purchase_manager"), (50000, 0, f"{ROLE}management")],
            [(0, 0, f"{ROLE}manager")],
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Medline Supply", "is_company": True})
        cls.spot_vendor = cls.env["res.partner"].create({"name": "Spot Glove Broker", "is_company": True})
        cls.gloves, cls.masks, cls.gowns = cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "is_storable": True,
                    "supplier_taxes_id": [Command.clear()],
                    "seller_ids": [Command.create({"partner_id": cls.vendor.id, "price": price})],
                }
                for name, price in (("Exam gloves", 5.0), ("Face masks", 2.0), ("Isolation gowns", 9.0))
            ]
        )
        cls.buyer = new_test_user(cls.env, login="plain_buyer", password="plain_buyer", groups=PURCHASE_USER)
        cls.purchase_manager = new_test_user(
            cls.env, login="po_manager", groups=f"purchase.group_purchase_manager,{ROLE}purchasing"
        )
        cls.exception_manager = new_test_user(cls.env, login="exc_manager", groups=f"{PURCHASE_USER},{ROLE}manager")
        cls.director = new_test_user(cls.env, login="director", groups=f"{PURCHASE_USER},{ROLE}management")

    def _rfq(self, lines, user=None, vendor=None, **values):
        """An RFQ of ``lines`` [(product, quantity, unit price)] created by ``user`` (the buyer)."""
        return (
            self.env["purchase.order"]
            .with_user(user or self.buyer)
            .create(
                dict(
                    {
                        "partner_id": (vendor or self.vendor).id,
                        "order_line": [
                            Command.create({"product_id": product.id, "product_qty": qty, "price_unit": price})
                            for product, qty, price in lines
                        ],
                    },
                    **values,
                )
            )
        )

    @contextmanager
    def _refused(self, pattern):
        """The action raises a UserError matching ``pattern``; what it wrote is rolled back,
        as the request that carried it would be."""
        with self.assertRaisesRegex(UserError, pattern), self.env.cr.savepoint():
            yield

    def _requests(self, order):
        return (
            self.env["dist.approval.request"]
            .sudo()
            .search([("res_model", "=", order._name), ("res_id", "=", order.id)])
        )


@tagged("post_install", "-at_install")
class TestPurchaseApproval(PurchaseApprovalCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purchase_approval()

    def test_blocking_exception_refuses_confirmation(self):
        """With the control off, an open exception of a blocking type still stops the
        confirmation, by the button or a state write, until it is resolved."""
        self.company.dist_purchase_approval = False
        unconfirmed = self.env.ref("dist_supply_exceptions.dist_exception_type_po_unconfirmed")
        unconfirmed.blocking = True
        order = self._rfq([(self.gloves, 10, 5.0), (self.masks, 5, 2.0)])
        exceptions = self.env["dist.exception"].sudo()
        exceptions._dist_raise(unconfirmed, order)
        exc = exceptions.search([("type_id", "=", unconfirmed.id), ("res_id", "=", order.id)])
        for confirm in (order.button_confirm, lambda: order.write({"state": "purchase"})):
            with self._refused(f"{exc.name} .*resolved first"):
                confirm()
            order.invalidate_recordset()
            self.assertEqual(order.state, "draft")
        exceptions._dist_clear(unconfirmed, order, "Vendor called back.")
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_control_off_confirms_everything(self):
        """With Purchase Approval off a plain buyer confirms a 60,000 emergency purchase from a
        vendor off the products' lists: no threshold is read, no request filed."""
        self.company.dist_purchase_approval = False
        order = self._rfq([(self.gloves, 10000, 5.0), (self.masks, 5000, 2.0)], vendor=self.spot_vendor)
        order.dist_urgent = True
        self.assertEqual(order.amount_total, 60000)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertTrue(order.picking_ids)
        self.assertFalse(self._requests(order))
        self.assertFalse(order.dist_purchase_approval, "the Request Approval button is hidden")

    def test_switch_in_settings(self):
        """The switch is in Settings (block Purchase Controls) and per company: off, then on
        again for the company that has its thresholds."""
        self.company.dist_purchase_approval = False
        form = Form(self.env["res.config.settings"])
        self.assertFalse(form.dist_purchase_approval)
        form.dist_purchase_approval = True
        form.save().execute()
        self.assertTrue(self.company.dist_purchase_approval)
        with self._refused("needs approval"):
            self._rfq([(self.gloves, 3000, 5.0)]).button_confirm()

    def test_plain_buyer_within_thresholds(self):
        """A buyer without any suite role creates an RFQ of three lines in the form (8,900
        in all) and confirms it: below every band, the receipt is planned at once."""
        form = Form(self.env["purchase.order"].with_user(self.buyer))
        form.partner_id = self.vendor
        for product, qty, price in ((self.gloves, 1000, 5.0), (self.masks, 1500, 2.0), (self.gowns, 100, 9.0)):
            with form.order_line.new() as line:
                line.product_id = product
                line.product_qty = qty
                line.price_unit = price
        order = form.save()
        self.assertEqual(order.amount_total, 8900)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.picking_ids.move_ids.product_id, self.gloves | self.masks | self.gowns)

    def test_amount_band_request_and_approval(self):
        """11,400 over three lines: the buyer is stopped with the approver group named and the
        order stays a quotation; Request Approval tells them who decides (they cannot read
        requests); a purchasing manager approves and the buyer confirms."""
        order = self._rfq([(self.gloves, 1500, 5.0), (self.masks, 1500, 2.0), (self.gowns, 100, 9.0)])
        self.assertEqual(order.amount_total, 11400)
        with self._refused(r"The amount on .*11,400.00.* needs approval .*Purchase / Administrator will decide"):
            order.button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

        action = order.action_dist_request_approval()
        request = self._requests(order)
        self.assertRecordValues(request, [{"state": "pending", "requested_by_id": self.buyer.id, "value": 11400.0}])
        self.assertEqual(request.group_id, self.env.ref("purchase.group_purchase_manager"))
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(f"{request.name} is waiting for Purchase / Administrator", action["params"]["message"])
        self.assertTrue(order.dist_approval_pending)
        with self._refused("waits for approval by"):
            order.button_confirm()

        request.with_user(self.purchase_manager).action_approve()
        self.assertIn("approved by po_manager", order.message_ids[0].body)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertTrue(order.picking_ids)

    def test_above_management_band(self):
        """60,000 needs management: a purchasing manager cannot decide it, a director can."""
        order = self._rfq([(self.gloves, 10000, 5.0), (self.masks, 5000, 2.0)])
        with self._refused("Distribution Roles / Management will decide"):
            order.button_confirm()
        order.action_dist_request_approval()
        request = self._requests(order)
        with self._refused("only Distribution Roles / Management can decide"):
            request.with_user(self.purchase_manager).action_approve()
        request.with_user(self.director).action_approve()
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_emergency_and_off_contract(self):
        """An emergency buy of 500 waits for an exception manager; so does a buy from a vendor
        not on the products' lists. An emergency of 20,000 needs both approvals: the buyer
        files both at once and is told who decides each."""
        urgent = self._rfq([(self.gloves, 100, 5.0)], dist_urgent=True)
        with self._refused("An emergency purchase .* Exception Management / Manager will decide"):
            urgent.button_confirm()
        off_contract = self._rfq([(self.gloves, 100, 5.0)], vendor=self.spot_vendor)
        self.assertTrue(off_contract.dist_off_contract)
        with self._refused("An off-contract purchase"):
            off_contract.button_confirm()
        self.assertEqual((urgent | off_contract).mapped("state"), ["draft", "draft"])

        big = self._rfq([(self.gloves, 4000, 5.0)], dist_urgent=True)
        action = big.action_dist_request_approval()
        requests = self._requests(big)
        self.assertEqual(set(requests.mapped("rule_id.code")), {"purchase_amount", "purchase_nonstandard"})
        self.assertEqual(set(requests.mapped("state")), {"pending"})
        self.assertIn("Purchase / Administrator", action["params"]["message"])
        self.assertIn("Exception Management / Manager", action["params"]["message"])
        requests.filtered(lambda r: r.rule_id.code == "purchase_amount").with_user(
            self.purchase_manager
        ).action_approve()
        with self._refused("An emergency purchase .* waits for approval"):
            big.button_confirm()
        requests.filtered(lambda r: r.rule_id.code == "purchase_nonstandard").with_user(
            self.exception_manager
        ).action_approve()
        big.button_confirm()
        self.assertEqual(big.state, "purchase")

    def test_other_confirmation_paths_guarded(self):
        """Confirming without button_confirm is refused just the same: a plain write of the
        state by the buyer, button_approve by a purchasing manager, an order created
        confirmed. Each leaves no confirmed order behind."""
        order = self._rfq([(self.gloves, 3000, 5.0)])
        with self._refused("needs approval"):
            order.write({"state": "purchase"})
        self.assertEqual(order.state, "draft")
        with self._refused("needs approval"):
            order.with_user(self.purchase_manager).button_approve()
        with self._refused("needs approval"):
            order.write({"state": "done"})
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        with self._refused("needs approval"):
            self._rfq([(self.gloves, 3000, 5.0)], state="purchase")
        self.assertFalse(
            self.env["purchase.order"].search([("partner_id", "=", self.vendor.id), ("state", "=", "purchase")])
        )

    def test_batch_confirmation(self):
        """Confirming several RFQs at once (the list's Confirm) is refused whole when one of
        them needs approval, naming it; once it is approved the batch confirms."""
        small, large, urgent = (
            self._rfq([(self.gloves, 100, 5.0)]),
            self._rfq([(self.gloves, 3000, 5.0)]),
            self._rfq([(self.masks, 100, 2.0)], dist_urgent=True),
        )
        batch = small | large | urgent
        with self._refused(f"The amount on {large.name} .* needs approval"):
            batch.button_confirm()
        self.assertEqual(batch.mapped("state"), ["draft"] * 3)
        large.action_dist_request_approval()
        self._requests(large).with_user(self.purchase_manager).action_approve()
        with self._refused(f"An emergency purchase on {urgent.name}"):
            batch.button_confirm()
        urgent.action_dist_request_approval()
        self._requests(urgent).with_user(self.exception_manager).action_approve()
        batch.button_confirm()
        self.assertEqual(batch.mapped("state"), ["purchase"] * 3)

    def test_two_step_validation(self):
        """With Odoo's two-step validation the approved order goes to 'To Approve' and the
        purchasing manager's approval confirms it; an order pushed to 'To Approve' by a write,
        without the suite's approval, is refused at that step."""
        self.company.write({"po_double_validation": "two_step", "po_double_validation_amount": 5000})
        order = self._rfq([(self.gloves, 2500, 5.0)])
        order.action_dist_request_approval()
        self._requests(order).with_user(self.purchase_manager).action_approve()
        order.button_confirm()
        self.assertEqual(order.state, "to approve")
        order.with_user(self.purchase_manager).button_approve()
        self.assertEqual(order.state, "purchase")

        bypass = self._rfq([(self.gloves, 2500, 5.0)])
        bypass.write({"state": "to approve"})
        with self._refused("needs approval"):
            bypass.with_user(self.purchase_manager).button_approve()
        self.assertEqual(bypass.state, "to approve")

    def test_other_currency(self):
        """Thresholds are in company currency: 9,000 in a currency worth 1.25 of the company's
        is 11,250 and needs approval; 7,000 (8,750) does not."""
        other = (
            self.env.ref("base.EUR")
            if self.company.currency_id != self.env.ref("base.EUR")
            else self.env.ref("base.USD")
        )
        other.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": other.id,
                "company_id": self.company.id,
                "name": fields.Date.today() - timedelta(days=30),
                "rate": 0.8,
            }
        )
        large = self._rfq([(self.gloves, 1800, 5.0)], currency_id=other.id)
        self.assertEqual((large.currency_id, large.amount_total), (other, 9000))
        with self._refused("11,250.00"):
            large.button_confirm()
        self.assertEqual(large.state, "draft")
        small = self._rfq([(self.gloves, 1400, 5.0)], currency_id=other.id)
        small.button_confirm()
        self.assertEqual(small.state, "purchase")

    def test_two_companies(self):
        """Each company has its own switch and thresholds: a second company runs without
        the control, cannot switch it on before it has thresholds, then applies its own
        (above 1,000) while the first keeps its 10,000."""
        west = self.env["res.company"].create({"name": "Dist West", "currency_id": self.company.currency_id.id})
        west_buyer = new_test_user(
            self.env, login="west_buyer", groups=PURCHASE_USER, company_id=west.id, company_ids=[Command.set(west.ids)]
        )
        west_order = self._rfq([(self.gloves, 400, 5.0)], user=west_buyer)
        self.assertEqual(west_order.company_id, west)
        west_order.button_confirm()
        self.assertEqual(west_order.state, "purchase", "the control is off in Dist West")

        with (
            self.assertRaisesRegex(ValidationError, "Purchase Approval is on for Dist West, but it has no approval"),
            self.env.cr.savepoint(),
        ):
            west.dist_purchase_approval = True
        self._set_thresholds(west, [(1000, 0, f"{ROLE}manager")], [(0, 0, f"{ROLE}manager")])
        self.assertTrue(west.dist_purchase_approval)
        west_large = self._rfq([(self.gloves, 400, 5.0)], user=west_buyer)
        with self._refused("2,000.00.* Exception Management / Manager will decide"):
            west_large.button_confirm()
        home = self._rfq([(self.gloves, 400, 5.0)])
        home.button_confirm()
        self.assertEqual(home.state, "purchase", "2,000 is within the first company's own thresholds")

        west_large.with_user(west_buyer).action_dist_request_approval()
        request = self._requests(west_large)
        self.assertEqual(request.company_id, west)
        home_manager = new_test_user(self.env, login="home_manager", groups=f"{PURCHASE_USER},{ROLE}manager")
        with self.assertRaises(AccessError):
            request.with_user(home_manager).action_approve()


@tagged("post_install", "-at_install")
class TestPurchaseApprovalRpc(PurchaseApprovalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purchase_approval()

    @mute_logger("odoo.http")  # the refusals, logged by the server as they reach the client
    def test_xmlrpc_write_refused(self):
        """Over real XML-RPC a plain buyer writing the state of an order above the band, or
        calling button_confirm, gets a fault; the order is read back a quotation, without
        receipt. A write that changes the vendor to one off contract while confirming is
        refused and rolled back whole."""
        order = self._rfq([(self.gloves, 3000, 5.0)])
        db = self.env.cr.dbname
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(
                db, self.buyer.id, "plain_buyer", "purchase.order", "write", [[order.id], {"state": "purchase"}]
            )
        self.assertIn("Purchase / Administrator will decide", caught.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_object.execute_kw(
                db, self.buyer.id, "plain_buyer", "purchase.order", "button_confirm", [[order.id]]
            )
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        state = self.xmlrpc_object.execute_kw(
            db, self.buyer.id, "plain_buyer", "purchase.order", "read", [[order.id], ["state"]]
        )
        self.assertEqual(state[0]["state"], "draft")

        # Standard when the call starts, off-contract once its own vendor change is written:
        # refused all the same, the vendor change rolled back with it.
        small = self._rfq([(self.gloves, 100, 5.0)])
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.xmlrpc_object.execute_kw(
                db,
                self.buyer.id,
                "plain_buyer",
                "purchase.order",
                "write",
                [[small.id], {"state": "purchase", "partner_id": self.spot_vendor.id}],
            )
        self.assertIn("An off-contract purchase", caught.exception.faultString)
        small.invalidate_recordset()
        self.assertRecordValues(small, [{"state": "draft", "partner_id": self.vendor.id}])
