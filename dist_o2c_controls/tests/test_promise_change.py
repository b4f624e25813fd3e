# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ROLE, DistO2cCase

NOW = "2026-03-02 09:00:00"
PROMISE = datetime(2026, 3, 10, 10, 0)


class DistPromiseCase(DistO2cCase):
    """The promise control on, its threshold with the shipped bands (more than 2 days: an
    exception manager, more than 10: management), a rep with Odoo's Sales / User group only
    and an order of two lines, one sold by the dozen, promised for 10 March."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Brussels"
        rules = cls.env["dist.approval.rule"]
        cls.promise_rule = rules._dist_get("sale_promise_delay", cls.company) or rules.create(
            {
                "name": "Promised date moved later",
                "code": "sale_promise_delay",
                "model_id": cls.env["ir.model"]._get_id("sale.order"),
                "measure": "days",
            }
        )
        cls.promise_rule.band_ids = [
            Command.clear(),
            Command.create({"min_value": 2, "max_value": 10, "group_id": cls.env.ref(f"{ROLE}manager").id}),
            Command.create({"min_value": 10, "group_id": cls.env.ref(f"{ROLE}management").id}),
        ]
        cls.company.dist_promise_control = True
        cls.plain_rep = new_test_user(cls.env, login="promise_plain_rep", groups="sales_team.group_sale_salesman")
        cls.management = new_test_user(cls.env, login="promise_management", groups=f"base.group_user,{ROLE}management")
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.cable = cls.env["product.product"].create(
            {"name": "Cable ties", "is_storable": True, "list_price": 2.0, "standard_price": 1.0}
        )

    def _confirmed(self, commitment=PROMISE, user=None):
        order = (
            self.env["sale.order"]
            .with_user(user or self.plain_rep)
            .create(
                {
                    "partner_id": self.customer.id,
                    "commitment_date": commitment,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "product_uom_qty": 3, "price_unit": 100.0}),
                        Command.create(
                            {
                                "product_id": self.cable.id,
                                "product_uom_qty": 2,
                                "product_uom": self.dozen.id,
                                "price_unit": 24.0,
                            }
                        ),
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def _change(self, order, new_date, reason="Supplier pallet late", user=None, notify=True):
        wizard = (
            self.env["dist.promise.change.wizard"]
            .with_user(user or self.plain_rep)
            .create({"order_id": order.id, "new_date": new_date, "reason": reason, "notify_customer": notify})
        )
        return wizard, wizard.action_apply()


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestPromiseChange(DistPromiseCase):
    def test_plain_write_refused_wizard_applies(self):
        """A rep without suite role cannot write a confirmed order's promise; through the wizard
        she moves it 2 days later (no approval), then 1 day earlier: both logged, the customer
        told each time, the original promise kept."""
        order = self._confirmed()
        self.assertEqual(order.dist_original_commitment_date, PROMISE)
        with self.assertRaisesRegex(UserError, "Change Promised Date"), self.env.cr.savepoint():
            order.with_user(self.plain_rep).write({"commitment_date": PROMISE + timedelta(days=2)})
        # A context key is no way around it.
        with self.assertRaisesRegex(UserError, "Change Promised Date"), self.env.cr.savepoint():
            order.with_user(self.plain_rep).with_context(dist_promise_writes=[order.id]).write(
                {"commitment_date": PROMISE + timedelta(days=2)}
            )
        order.invalidate_recordset()
        self.assertEqual(order.commitment_date, PROMISE)

        # 23:30 UTC on 11 March is 00:30 on 12 March in Brussels: 2 calendar days later.
        later = datetime(2026, 3, 11, 23, 30)
        wizard = (
            self.env["dist.promise.change.wizard"]
            .with_user(self.plain_rep)
            .create({"order_id": order.id, "new_date": later, "reason": "Supplier pallet late"})
        )
        self.assertEqual((wizard.delay_days, wizard.approval_status, wizard.notify_customer), (2, "not_required", True))
        wizard.action_apply()
        self.assertEqual(order.commitment_date, later)
        first = order.dist_promise_change_ids
        self.assertEqual(
            (first.old_date, first.new_date, first.delay_days, first.user_id, first.customer_notified),
            (PROMISE, later, 2, self.plain_rep, True),
        )
        self.assertFalse(first.approval_request_id)
        message = order.message_ids.filtered(lambda m: self.customer.commercial_partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("Supplier pallet late", message.body)
        # Dates in the company's time zone: 12 March, not 11.
        self.assertIn("Mar 12, 2026", message.body)
        self.assertIn("Mar 10, 2026", message.body)

        earlier = datetime(2026, 3, 11, 8, 0)
        self._change(order, earlier, reason="Pallet arrived early")
        self.assertEqual(order.commitment_date, earlier)
        self.assertEqual(order.dist_promise_change_count, 2)
        second = order.dist_promise_change_ids.sorted("id")[-1]
        self.assertEqual((second.old_date, second.delay_days), (later, -1))
        self.assertEqual(order.dist_original_commitment_date, PROMISE, "the original promise never moves")
        # The rep reads her order's log.
        self.assertEqual(order.with_user(self.plain_rep).dist_promise_change_ids.mapped("delay_days"), [-1, 2])

    def test_approval_path(self):
        """12 days later is management's: the wizard files the request with the reason instead
        of applying; once approved, 8 days later goes through and the approval is used up; the
        next 5-day move needs a new approval."""
        order = self._confirmed()
        action = self._change(order, PROMISE + timedelta(days=12))[1]
        self.assertEqual(action["tag"], "display_notification", "a rep without suite role is told who decides")
        request = order.sudo().dist_approval_request_ids
        self.assertEqual(
            (request.state, request.value, request.requested_by_id, request.group_id),
            ("pending", 12.0, self.plain_rep, self.env.ref(f"{ROLE}management")),
        )
        self.assertIn("Supplier pallet late", request.reason)
        self.assertEqual(order.commitment_date, PROMISE)
        self.assertFalse(order.dist_promise_change_ids)
        with self.assertRaisesRegex(UserError, "waits for approval"):
            self._change(order, PROMISE + timedelta(days=12))
        with self.assertRaisesRegex(UserError, "only .* can decide"):
            request.with_user(self.approver).action_approve()
        request.with_user(self.management).action_approve()

        self._change(order, PROMISE + timedelta(days=8))
        self.assertEqual(order.commitment_date, PROMISE + timedelta(days=8))
        self.assertEqual(request.state, "used")
        self.assertEqual(order.dist_promise_change_ids.approval_request_id, request)

        self._change(order, PROMISE + timedelta(days=13))
        self.assertEqual(order.commitment_date, PROMISE + timedelta(days=8), "the used approval covers nothing more")
        new_request = order.sudo().dist_approval_request_ids - request
        self.assertEqual((new_request.state, new_request.value), ("pending", 5.0))
        self.assertEqual(new_request.group_id, self.env.ref(f"{ROLE}manager"))

    def test_promise_from_expected_date(self):
        """An order without a delivery date promises its expected date (3 days of lead time):
        that is its original promise, and setting a delivery date 5 days after it needs approval."""
        self.product.sale_delay = 3
        self.cable.sale_delay = 3
        order = self._confirmed(commitment=False)
        expected = datetime(2026, 3, 5, 9, 0)
        self.assertEqual((order.expected_date, order.dist_original_commitment_date), (expected, expected))
        with self.assertRaisesRegex(UserError, "Change Promised Date"), self.env.cr.savepoint():
            order.with_user(self.plain_rep).write({"commitment_date": expected + timedelta(days=5)})
        wizard = (
            self.env["dist.promise.change.wizard"]
            .with_user(self.plain_rep)
            .create({"order_id": order.id, "new_date": expected + timedelta(days=5), "reason": "Customer site closed"})
        )
        self.assertEqual((wizard.delay_days, wizard.approval_status), (5, "required"))
        wizard.action_apply()
        self.assertFalse(order.commitment_date)
        self.assertEqual(order.sudo().dist_approval_request_ids.value, 5.0)

    def test_bad_input(self):
        order = self._confirmed()
        for new_date, reason, error in (
            (PROMISE + timedelta(days=1), "   ", "Say why"),
            (PROMISE + timedelta(days=1), False, "Say why"),
            (datetime(2026, 3, 1, 12, 0), "Customer asked", "already past"),
            (PROMISE, "Same", "already promised"),
        ):
            with self.subTest(reason=reason), self.assertRaisesRegex(UserError, error), self.env.cr.savepoint():
                self._change(order, new_date, reason=reason)
        quotation = self.env["sale.order"].with_user(self.plain_rep).create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(UserError, "confirmed order"):
            self._change(quotation, PROMISE)
        order.invalidate_recordset()
        self.assertEqual((order.commitment_date, order.dist_promise_change_count), (PROMISE, 0))

    def test_log_and_original_are_not_writable(self):
        order = self._confirmed()
        self._change(order, PROMISE + timedelta(days=1))
        change = order.dist_promise_change_ids
        with self.assertRaisesRegex(UserError, "wizard only"), self.env.cr.savepoint():
            self.env["dist.promise.change"].with_user(self.approver).create(
                {"order_id": order.id, "new_date": PROMISE, "reason": "x", "user_id": self.approver.id}
            )
        with self.assertRaisesRegex(UserError, "not edited"), self.env.cr.savepoint():
            change.with_user(self.approver).write({"delay_days": 0})
        with self.assertRaisesRegex(UserError, "at confirmation only"), self.env.cr.savepoint():
            order.with_user(self.approver).write({"dist_original_commitment_date": PROMISE + timedelta(days=9)})
        order.invalidate_recordset()
        self.assertEqual(order.dist_original_commitment_date, PROMISE)
        self.assertEqual(change.delay_days, 1)

    def test_control_off_and_other_company(self):
        """Control off: a confirmed order's date is written as in standard Odoo and nothing is
        logged. Another company cannot switch the control on without its own threshold, and its
        orders are not guarded by the main company's control."""
        order = self._confirmed()
        other = self.env["res.company"].create({"name": "Promise Co B"})
        with self.assertRaisesRegex(ValidationError, "sale_promise_delay"), self.env.cr.savepoint():
            other.dist_promise_control = True
        other.invalidate_recordset()
        self.assertFalse(other.dist_promise_control)
        other_user = new_test_user(
            self.env,
            login="promise_other_rep",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        other_order = (
            self.env["sale.order"]
            .with_user(other_user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "commitment_date": PROMISE,
                    "order_line": [Command.create({"product_id": self.cable.id, "product_uom_qty": 1})],
                }
            )
        )
        other_order.action_confirm()
        other_order.with_user(other_user).write({"commitment_date": PROMISE + timedelta(days=20)})
        self.assertEqual(other_order.commitment_date, PROMISE + timedelta(days=20))
        self.assertEqual(other_order.dist_original_commitment_date, PROMISE)

        self.company.dist_promise_control = False
        order.with_user(self.plain_rep).write({"commitment_date": PROMISE + timedelta(days=20)})
        self.assertEqual(order.commitment_date, PROMISE + timedelta(days=20))
        self.assertFalse(order.dist_promise_change_ids)
        self.assertEqual(order.dist_original_commitment_date, PROMISE)

    def test_delivery_rescheduled_past_the_promise(self):
        """A user moving the delivery past the promise is sent to the wizard; within the promise,
        or once the promise moved, the delivery is rescheduled as usual."""
        order = self._confirmed(user=self.rep)
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_code, "outgoing")
        planned = picking.scheduled_date
        with self.assertRaisesRegex(UserError, "Change Promised Date"), self.env.cr.savepoint():
            picking.with_user(self.rep).write({"scheduled_date": PROMISE + timedelta(days=3)})
        picking.invalidate_recordset()
        self.assertEqual(picking.scheduled_date, planned)
        picking.with_user(self.rep).write({"scheduled_date": PROMISE - timedelta(hours=2)})
        self._change(order, PROMISE + timedelta(days=2), user=self.rep)
        picking.with_user(self.rep).write({"scheduled_date": PROMISE + timedelta(days=2)})
        self.assertEqual(picking.scheduled_date, PROMISE + timedelta(days=2))

    def test_portal_link_for_portal_customers(self):
        """A customer with a portal account gets the link to the order in the message."""
        self.env["res.users"].create(
            {
                "login": "promise_portal",
                "partner_id": self.customer.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        order = self._confirmed()
        self._change(order, PROMISE + timedelta(days=1))
        message = order.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertIn(f"/my/orders/{order.id}", message.body)
        self.assertIn(order.access_token, message.body)


@tagged("post_install", "-at_install")
class TestPromiseOverRpc(HttpCase, DistPromiseCase):
    @mute_logger("odoo.http")
    def _rpc(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs)

    def test_promise_guard_over_rpc(self):
        """Over XML-RPC a plain rep cannot write the promise (not even with a context naming the
        order), nor log a change or the original promise; the wizard is the way, and works."""
        order = self._confirmed(commitment=datetime.now().replace(microsecond=0) + timedelta(days=8))
        promise = order.commitment_date
        later = promise + timedelta(days=1)
        for context in ({}, {"dist_promise_writes": [order.id]}):
            with self.assertRaisesRegex(Fault, "Change Promised Date"):
                self._rpc(
                    self.plain_rep,
                    "sale.order",
                    "write",
                    [order.id],
                    {"commitment_date": later.strftime("%Y-%m-%d %H:%M:%S")},
                    context=context,
                )
        with self.assertRaisesRegex(Fault, "at confirmation only"):
            self._rpc(self.plain_rep, "sale.order", "write", [order.id], {"dist_original_commitment_date": False})
        with self.assertRaisesRegex(Fault, "wizard only"):
            self._rpc(
                self.plain_rep,
                "dist.promise.change",
                "create",
                {"order_id": order.id, "new_date": "2030-01-01 00:00:00", "reason": "x", "user_id": self.plain_rep.id},
            )
        row = self._rpc(
            self.plain_rep, "sale.order", "read", [order.id], ["commitment_date", "dist_original_commitment_date"]
        )[0]
        self.assertEqual(row["commitment_date"], promise.strftime("%Y-%m-%d %H:%M:%S"))
        self.assertEqual(row["dist_original_commitment_date"], promise.strftime("%Y-%m-%d %H:%M:%S"))

        wizard_id = self._rpc(
            self.plain_rep,
            "dist.promise.change.wizard",
            "create",
            {"order_id": order.id, "new_date": later.strftime("%Y-%m-%d %H:%M:%S"), "reason": "Carrier strike"},
        )
        self._rpc(self.plain_rep, "dist.promise.change.wizard", "action_apply", [wizard_id])
        row = self._rpc(
            self.plain_rep, "sale.order", "read", [order.id], ["commitment_date", "dist_promise_change_ids"]
        )[0]
        self.assertEqual(row["commitment_date"], later.strftime("%Y-%m-%d %H:%M:%S"))
        changes = self._rpc(self.plain_rep, "dist.promise.change", "read", row["dist_promise_change_ids"], ["reason"])
        self.assertEqual([c["reason"] for c in changes], ["Carrier strike"])
