# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from xmlrpc.client import Fault

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ROLE, DistO2cCase


class DistAllocationCase(DistO2cCase):
    """12 hard hats in stock: a priority customer's order reserved 8 of them, a standard
    customer's order 2, and a third order asks for 1 dozen (12 units) and gets the last 2."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dist_allocation_control": True, "dist_allocation_tier": "priority"})
        cls.rule = cls._approval_rule("sale_allocation_override", "dist.allocation.override", "quantity", 0)
        cls.stock_user = new_test_user(cls.env, login="alloc_stock", groups="stock.group_stock_user")
        # The order desk reallocates across reps' orders: it reads every order.
        cls.desk = new_test_user(
            cls.env, login="alloc_desk", groups=f"sales_team.group_sale_salesman_all_leads,{ROLE}sales"
        )
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.hat = cls.env["product.product"].create(
            {"name": "Hard hat", "is_storable": True, "list_price": 18.0, "standard_price": 9.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.hat, cls.warehouse.lot_stock_id, 12)
        cls.protected = cls._hat_order(cls.priority_customer, 8)
        cls.plain = cls._hat_order(cls.customer, 2)
        cls.needing = cls._hat_order(
            cls.env["res.partner"].create({"name": "Hospital", "dist_customer_tier": "strategic"}), 1, cls.dozen
        )

    @classmethod
    def _hat_order(cls, partner, qty, uom=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.hat.id,
                            "product_uom_qty": qty,
                            "product_uom": (uom or cls.hat.uom_id).id,
                            "price_unit": 18.0 * (12 if uom else 1),
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _reserved(self, order):
        """Units of hats reserved for ``order``, read from its move lines."""
        lines = order.picking_ids.move_ids.move_line_ids.filtered(lambda ml: ml.product_id == self.hat)
        total = 0.0
        for line in lines:
            total += line.product_uom_id._compute_quantity(line.quantity, self.hat.uom_id)
        return total

    def _take(self, source, qty, user=None):
        user = user or self.desk
        action = self.needing.order_line.with_user(user).action_dist_take_reserved_stock()
        form = Form(self.env["dist.allocation.override"].with_user(user).with_context(**action["context"]))
        form.source_line_id = source.order_line
        form.quantity = qty
        form.reason = "The hospital's new wing opens Monday."
        return form.save()

    def _refused(self, exception, pattern, call, *args):
        with self.assertRaises(exception) as caught, self.env.cr.savepoint():
            call(*args)
        self.assertRegex(str(caught.exception), pattern)


@tagged("post_install", "-at_install")
class TestAllocationOverride(DistAllocationCase):
    def test_setup_reservations(self):
        """The starting point the other tests rely on: 8, 2 and 2 of 12 reserved."""
        self.assertEqual(
            [self._reserved(o) for o in (self.protected, self.plain, self.needing)],
            [8, 2, 2],
        )
        self.assertEqual(self.needing.order_line.dist_missing_qty, 10)
        self.assertEqual(self.protected.order_line.dist_reserved_qty, 8)

    def test_standard_customer_gives_at_once(self):
        """Taking from a customer below the protected tier needs no approval: the stock moves
        at once, the line sold by the dozen counts in units, and both orders keep the trace."""
        override = self._take(self.plain, 2)
        self.assertEqual(override.state, "applied")
        self.assertFalse(override.dist_approval_request_ids)
        self.assertEqual(override.taken_qty, 2)
        self.assertEqual((self._reserved(self.plain), self._reserved(self.needing)), (0, 4))
        self.assertEqual(self.plain.picking_ids.state, "confirmed")
        self.assertIn("taken for " + self.needing.name, self.plain.message_ids[0].body)
        self.assertIn("taken from the reservation of " + self.plain.name, self.needing.message_ids[0].body)
        self.assertIn(override, self.needing.dist_allocation_override_ids)
        self.assertIn(override, self.plain.dist_allocation_given_ids)

    def test_two_companies(self):
        """A desk user of both companies cannot take the hats a second company's order has
        reserved for an order of the first; an override is read in its own company only."""
        company_b = self.env["res.company"].create({"name": "Second Co", "currency_id": self.company.currency_id.id})
        warehouse_b = self.env["stock.warehouse"].search([("company_id", "=", company_b.id)], limit=1)
        self.env["stock.quant"].with_company(company_b)._update_available_quantity(
            self.hat, warehouse_b.lot_stock_id, 5
        )
        order_b = (
            self.env["sale.order"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company_b.id,
                    "warehouse_id": warehouse_b.id,
                    "order_line": [Command.create({"product_id": self.hat.id, "product_uom_qty": 5})],
                }
            )
        )
        order_b.action_confirm()
        self.assertEqual(self._reserved(order_b), 5)
        self.desk.write({"company_ids": [Command.link(company_b.id)]})
        both = (
            self.env["dist.allocation.override"]
            .with_user(self.desk)
            .with_context(allowed_company_ids=[self.company.id, company_b.id])
        )
        values = {
            "order_id": self.needing.id,
            "line_id": self.needing.order_line.id,
            "source_line_id": order_b.order_line.id,
            "quantity": 2,
            "reason": "The hospital's new wing opens Monday.",
        }
        self._refused(ValidationError, "same company only", both.create, values)
        self.env.invalidate_all()
        self.assertEqual((self._reserved(order_b), self._reserved(self.needing)), (5, 2))
        self.assertFalse(self.env["dist.allocation.override"].search([("source_order_id", "=", order_b.id)]))
        override = self._take(self.plain, 2)
        user_b = new_test_user(
            self.env,
            login="alloc_desk_b",
            groups=f"sales_team.group_sale_salesman_all_leads,{ROLE}sales",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        overrides_b = self.env["dist.allocation.override"].with_user(user_b)
        self.assertFalse(overrides_b.search([("id", "=", override.id)]))
        self.assertIn(override, both.search([("id", "=", override.id)]))

    def test_protected_customer_waits_for_approval(self):
        """From a priority customer the override waits: nothing moves until an exception
        manager approves, then 5 units change order and the approval is used up."""
        override = self._take(self.protected, 5)
        self.assertEqual(override.state, "pending")
        request = override.dist_approval_request_ids
        self.assertEqual((request.state, request.value), ("pending", 5))
        self.assertEqual((self._reserved(self.protected), self._reserved(self.needing)), (8, 2))
        request.with_user(self.approver).action_approve()
        self.assertEqual(override.state, "applied")
        self.assertEqual(request.state, "used")
        self.assertEqual((self._reserved(self.protected), self._reserved(self.needing)), (3, 7))
        self.assertEqual(self.protected.picking_ids.move_ids.state, "partially_available")

    def test_rejected_override_changes_nothing(self):
        override = self._take(self.protected, 5)
        request = override.dist_approval_request_ids.with_user(self.approver)
        request.decision_note = "Metro's site starts tomorrow."
        request.action_reject()
        self.assertEqual(override.state, "rejected")
        self.assertEqual((self._reserved(self.protected), self._reserved(self.needing)), (8, 2))
        self.assertIn("rejected: Metro's site starts tomorrow.", self.protected.message_ids[0].body)

    def test_bad_requests_refused(self):
        """More than the order still needs, more than the other order has reserved, the same
        order, another product: refused with the reason, nothing recorded."""
        self._refused(ValidationError, "still needs only 10", self._take, self.protected, 11)
        self._refused(ValidationError, "has only 2.00 Units of Hard hat reserved", self._take, self.plain, 3)
        self._refused(ValidationError, "positive", self._take, self.plain, 0)
        other = self._order(self.customer, qty=2)
        other.action_confirm()
        overrides = self.env["dist.allocation.override"]
        self._refused(
            ValidationError,
            "is for Nitrile gloves",
            overrides.with_user(self.desk).create,
            {
                "order_id": self.needing.id,
                "line_id": self.needing.order_line.id,
                "source_line_id": other.order_line.id,
                "quantity": 1,
                "reason": "x",
            },
        )
        self._refused(
            ValidationError,
            "from another order",
            overrides.with_user(self.desk).create,
            {
                "order_id": self.needing.id,
                "line_id": self.needing.order_line.id,
                "source_line_id": self.needing.order_line.id,
                "quantity": 1,
                "reason": "x",
            },
        )
        self.assertFalse(overrides.search([("order_id", "=", self.needing.id)]))
        self.assertEqual((self._reserved(self.plain), self._reserved(self.needing)), (2, 2))

    def test_override_is_not_edited_nor_deleted(self):
        override = self._take(self.protected, 5)
        self._refused(UserError, "not edited", override.with_user(self.desk).write, {"quantity": 9})
        self._refused(UserError, "not edited", override.with_user(self.approver).write, {"state": "applied"})
        self._refused(UserError, "trace", override.with_user(self.approver).unlink)
        self.assertEqual((override.quantity, override.state), (5, "pending"))

    def test_forced_state_at_create_ignored(self):
        """A request created as 'applied' over the API starts pending like any other."""
        override = (
            self.env["dist.allocation.override"]
            .with_user(self.desk)
            .create(
                {
                    "order_id": self.needing.id,
                    "line_id": self.needing.order_line.id,
                    "source_line_id": self.protected.order_line.id,
                    "quantity": 4,
                    "reason": "Hospital first.",
                    "state": "applied",
                    "taken_qty": 4,
                }
            )
        )
        self.assertEqual((override.state, override.taken_qty), ("pending", 0))
        self.assertEqual(self._reserved(self.protected), 8)


@tagged("post_install", "-at_install")
class TestAllocationGuards(DistAllocationCase):
    def test_unreserve_protected_refused(self):
        """Unreserving a priority customer's delivery, deleting its reserved line, lowering it
        or moving it to another order are the same taking: refused for a stock user."""
        picking = self.protected.picking_ids.with_user(self.stock_user)
        line = picking.move_ids.move_line_ids
        self._refused(UserError, "needs an allocation override", picking.do_unreserve)
        self._refused(UserError, "needs an allocation override", line.unlink)
        self._refused(UserError, "needs an allocation override", line.write, {"quantity": 3})
        self._refused(
            UserError, "needs an allocation override", line.write, {"move_id": self.needing.picking_ids.move_ids.id}
        )
        forecast = self.env["stock.forecasted_product_product"].with_user(self.stock_user)
        self._refused(
            UserError, "needs an allocation override", forecast.action_unreserve_linked_picks, picking.move_ids.id
        )
        self._refused(UserError, "needs an allocation override", picking.move_ids.write, {"quantity": 5})
        self._refused(UserError, "needs an allocation override", picking.move_ids.write, {"product_uom_qty": 3})
        reception = self.env["report.stock.report_reception"].with_user(self.stock_user)
        self._refused(UserError, "needs an allocation override", reception.action_unassign, picking.move_ids.id, 8, [])
        self.assertEqual(self._reserved(self.protected), 8)
        self.assertEqual(picking.move_ids.product_uom_qty, 8)

    def test_picked_line_deleted_refused(self):
        """Marking the reservation picked, then deleting its line, frees it all the same."""
        line = self.protected.picking_ids.move_ids.move_line_ids.with_user(self.stock_user)
        line.write({"picked": True})
        self._refused(UserError, "needs an allocation override", line.unlink)
        self.assertEqual(self._reserved(self.protected), 8)

    def test_shipping_another_order_from_protected_stock_refused(self):
        """The hospital's delivery validated with all 12 hats while 8 are reserved for the
        priority customer: shipping them would take that reservation, and is refused."""
        picking = self.needing.picking_ids.with_user(self.stock_user)
        picking.move_ids.write({"quantity": 12, "picked": True})
        self._refused(UserError, "needs an allocation override", picking._action_done)
        self.assertEqual(self._reserved(self.protected), 8)
        self.assertEqual(picking.state, "assigned")

    def test_allowed_releases(self):
        """A standard customer's delivery, a manager who alone approves the quantity, a
        picked line, an order cancelled and the control off all release as in Odoo."""
        self.plain.picking_ids.with_user(self.stock_user).do_unreserve()
        self.assertEqual(self._reserved(self.plain), 0)
        line = self.protected.picking_ids.move_ids.move_line_ids
        line.with_user(self.stock_user).write({"quantity": 6, "picked": True})
        self.assertEqual(self._reserved(self.protected), 6)
        line.write({"quantity": 8, "picked": False})
        manager = new_test_user(self.env, login="alloc_manager", groups=f"stock.group_stock_manager,{ROLE}manager")
        self.protected.picking_ids.with_user(manager).do_unreserve()
        self.assertEqual(self._reserved(self.protected), 0)
        self.protected.picking_ids.action_assign()
        self.assertEqual(self._reserved(self.protected), 8)
        # The customer's own order lowered: its delivery follows, as in Odoo.
        self.protected.order_line.with_user(self.approver).product_uom_qty = 6
        self.assertEqual(self._reserved(self.protected), 6)
        self.protected._action_cancel()
        self.assertEqual(self._reserved(self.protected), 0)
        # Freed by the cancellation and the unreserved standard order: the dozen is served.
        self.needing.picking_ids.action_assign()
        self.assertEqual(self._reserved(self.needing), 12)
        self.company.dist_allocation_control = False
        self.needing.picking_ids.with_user(self.stock_user).do_unreserve()
        self.assertEqual(self._reserved(self.needing), 0)

    def test_threshold_above_quantity(self):
        """Bands start above a quantity: with a band above 4, releasing 3 needs no override,
        releasing 5 does, and taking 3 applies at once."""
        self.rule.band_ids = [
            Command.clear(),
            Command.create({"min_value": 4, "group_id": self.env.ref(f"{ROLE}manager").id}),
        ]
        line = self.protected.picking_ids.move_ids.move_line_ids.with_user(self.stock_user)
        line.write({"quantity": 5})
        self.assertEqual(self._reserved(self.protected), 5)
        self._refused(UserError, "needs an allocation override", line.unlink)
        override = self._take(self.protected, 3)
        self.assertEqual(override.state, "applied")

    def test_control_needs_its_threshold(self):
        """Switched on, the control needs its threshold: archiving it is refused."""
        self._refused(ValidationError, "sale_allocation_override", self.rule.write, {"active": False})
        self.assertTrue(self.rule.active)


@tagged("post_install", "-at_install")
class TestAllocationOverRpc(HttpCase, DistAllocationCase):
    @mute_logger("odoo.http")
    def _rpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args))

    def test_release_flag_not_accepted_over_rpc(self):
        """The context key Odoo's own flows run with cannot be sent by a client."""
        picking = self.protected.picking_ids
        with self.assertRaisesRegex(Fault, "needs an allocation override"), mute_logger("odoo.http"):
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                self.stock_user.id,
                self.stock_user.login,
                "stock.picking",
                "do_unreserve",
                [picking.ids],
                {"context": {"dist_allocation_release": True}},
            )
        self.assertEqual(self._reserved(self.protected), 8)

    def test_release_and_override_over_rpc(self):
        """Over XML-RPC a stock user cannot unreserve nor delete the protected reservation, a
        rep's forced 'applied' override waits for approval, and the data read back is unchanged."""
        picking = self.protected.picking_ids
        with self.assertRaisesRegex(Fault, "needs an allocation override"):
            self._rpc(self.stock_user, "stock.picking", "do_unreserve", picking.ids)
        with self.assertRaisesRegex(Fault, "needs an allocation override"):
            self._rpc(self.stock_user, "stock.move.line", "unlink", picking.move_ids.move_line_ids.ids)
        override_id = self._rpc(
            self.desk,
            "dist.allocation.override",
            "create",
            {
                "order_id": self.needing.id,
                "line_id": self.needing.order_line.id,
                "source_line_id": self.protected.order_line.id,
                "quantity": 6,
                "reason": "Hospital first.",
                "state": "applied",
            },
        )
        with self.assertRaisesRegex(Fault, "not edited"):
            self._rpc(self.desk, "dist.allocation.override", "write", [override_id], {"quantity": 10})
        rows = self._rpc(self.desk, "dist.allocation.override", "read", [override_id], ["state", "quantity"])
        self.assertEqual((rows[0]["state"], rows[0]["quantity"]), ("pending", 6))
        rows = self._rpc(self.stock_user, "stock.move.line", "read", picking.move_ids.move_line_ids.ids, ["quantity"])
        self.assertEqual(sum(row["quantity"] for row in rows), 8)
