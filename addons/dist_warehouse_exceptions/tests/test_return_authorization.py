# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from xmlrpc.client import Fault

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CONTROLS_OFF, DistWarehouseCase


class ReturnAuthorizationCase(DistWarehouseCase):
    """The test warehouse requires return authorizations (the main company's threshold:
    above 1,000 an exception manager). A customer received 10 gloves (32 each) and 2 dozen
    masks (24 units, 60 a unit) in one delivery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse.dist_return_authorization_required = True
        cls.masks = cls.env["product.product"].create({"name": "Masks", "is_storable": True, "list_price": 60.0})
        cls.env["stock.quant"]._update_available_quantity(cls.masks, cls.stock, 100)
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.delivery = cls._shipped([(cls.product, 10, cls.product.uom_id), (cls.masks, 2, cls.dozen)])
        cls.RMA = cls.env["dist.return.authorization"]
        cls.damaged = cls.env.ref("dist_warehouse_exceptions.dist_stock_reason_return_dmg")

    @classmethod
    def _shipped(cls, lines, warehouse=None):
        warehouse = warehouse or cls.warehouse
        picking = cls.env["stock.picking"].create(
            {
                "partner_id": cls.customer.id,
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": cls.customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": uom.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": cls.customers.id,
                        }
                    )
                    for product, qty, uom in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking._action_done()
        return picking

    @contextmanager
    def _refused(self, exception, pattern):
        """Refused with ``pattern`` in the message, and rolled back (Odoo's assertRaises;
        unittest's assertRaisesRegex keeps what the refused call wrote)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _rma(self, lines, user=None, picking=None):
        return self.RMA.with_user(user or self.worker).create(
            {
                "picking_id": (picking or self.delivery).id,
                "reason_id": self.damaged.id,
                "line_ids": [Command.create({"product_id": p.id, "quantity": q}) for p, q in lines],
            }
        )

    def _return_wizard(self, authorization=None, user=None, picking=None):
        form = Form(
            self.env["stock.return.picking"]
            .with_user(user or self.worker)
            .with_context(active_id=(picking or self.delivery).id, active_model="stock.picking")
        )
        form.dist_reason_id = self.damaged
        if authorization:
            form.dist_authorization_id = authorization
        return form


@tagged("post_install", "-at_install")
class TestReturnAuthorization(ReturnAuthorizationCase):
    def test_return_under_an_authorization(self):
        """3 gloves and 12 masks authorized (value 3 x 32 + 12 x 60 = 816): the return
        dialog takes the authorization's quantities, the return is linked to it and uses
        it up; a second return under it is refused."""
        rma = self._rma([(self.product, 3), (self.masks, 12)])
        self.assertRegex(rma.name, r"^RMA/\d{4}/\d{5}$")
        self.assertEqual(rma.line_ids.mapped("delivered_qty"), [10, 24])
        self.assertAlmostEqual(rma.amount, 3 * 32 + 12 * 60)
        rma.action_authorize()
        self.assertEqual(rma.state, "authorized")
        wizard = self._return_wizard(rma).save()
        self.assertEqual(
            {line.product_id: line.quantity for line in wizard.product_return_moves},
            {self.product: 3, self.masks: 12},
        )
        action = wizard.action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(returned.with_user(self.worker).dist_return_authorization_id, rma)
        self.assertEqual((rma.state, rma.return_picking_id), ("used", returned))
        self.assertEqual(sum(returned.move_ids.mapped("product_uom_qty")), 15)
        with self._refused(UserError, "does not authorize a return"):
            self._return_wizard(rma).save().action_create_returns()

    def test_authorized_from_the_order(self):
        """From a sales order at 10 % off, the authorization takes its shipped delivery and
        values the goods at the order's discounted price (32 x 0.9 = 28.80 a unit)."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 3, "discount": 10})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 3, "picked": True})
        picking._action_done()
        action = order.action_dist_authorize_return()
        rma = (
            self.RMA.with_user(self.worker)
            .with_context(**action["context"])
            .create(
                {
                    "reason_id": self.damaged.id,
                    "line_ids": [Command.create({"product_id": self.product.id, "quantity": 2})],
                }
            )
        )
        self.assertEqual((rma.picking_id, rma.sale_id), (picking, order))
        self.assertAlmostEqual(rma.amount, 2 * 32 * 0.9)

    def test_return_without_authorization_is_refused(self):
        """The dialog asks for it, and a return created without one is refused, whatever the
        path; the delivery has no return."""
        wizard = (
            self.env["stock.return.picking"]
            .with_user(self.worker)
            .create({"picking_id": self.delivery.id, "dist_reason_id": self.damaged.id})
        )
        self.assertTrue(wizard.dist_authorization_required)
        wizard.product_return_moves.quantity = 1
        with self._refused(UserError, "only under a return authorization"):
            wizard.action_create_returns()
        self.assertFalse(self.env["stock.picking"].search([("return_id", "=", self.delivery.id)]))

    def test_quantities_within_the_delivery_and_the_authorization(self):
        """Never more than delivered (24 masks from 2 dozen), counting the other live
        authorizations of the delivery; the return stays within its authorization."""
        with self._refused(ValidationError, "delivered 10.0 Units of Exam gloves"):
            self._rma([(self.product, 11)])
        with self._refused(ValidationError, "delivered 24.0 Units of Masks"):
            self._rma([(self.masks, 25)])
        first = self._rma([(self.product, 6)])
        with self._refused(ValidationError, "cannot cover 11.0"):
            self._rma([(self.product, 5)])
        first.action_cancel()
        second = self._rma([(self.product, 4)])
        second.action_authorize()
        form = self._return_wizard(second)
        wizard = form.save()
        wizard.product_return_moves.filtered(lambda line: line.product_id == self.product).quantity = 5
        with self._refused(UserError, "authorizes 4.0 Units of Exam gloves, not 5.0"):
            wizard.action_create_returns()
        self.assertEqual(second.state, "authorized")
        with self._refused(ValidationError, "more than zero"):
            self._rma([(self.product, 0)])

    def test_return_stays_within_its_authorization(self):
        """After the return is made, its moves cannot grow past the authorization; one
        authorization makes one return, even in one batch; a cancelled return gives the
        authorization back; another delivery's quantities are checked when the draft
        changes delivery; a suite user who only reads authorizations cannot authorize."""
        rma = self._rma([(self.product, 3)])
        rma.action_authorize()
        wizard = self._return_wizard(rma).save()
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"]).with_user(self.worker)
        move = returned.move_ids.filtered(lambda m: m.product_id == self.product)
        with self._refused(UserError, "authorizes 3.0 Units of Exam gloves, not 8.0"):
            move.product_uom_qty = 8
        with self._refused(UserError, "keeps the delivery it returns"):
            returned.return_id = self._shipped([(self.product, 1, self.product.uom_id)])
        returned.action_cancel()
        self.assertEqual((rma.state, rma.return_picking_id), ("authorized", self.env["stock.picking"]))
        values = {
            "picking_type_id": self.warehouse.in_type_id.id,
            "location_id": self.customers.id,
            "location_dest_id": self.stock.id,
            "return_id": self.delivery.id,
            "dist_return_authorization_id": rma.id,
        }
        with self._refused(UserError, "covers one return"):
            self.env["stock.picking"].with_user(self.worker).create([values, dict(values)])
        self.assertEqual(rma.state, "authorized")

        small = self._shipped([(self.product, 1, self.product.uom_id)])
        draft = self._rma([(self.product, 5)])
        with self._refused(ValidationError, "delivered 1.0 Units of Exam gloves"):
            draft.picking_id = small
        manager = new_test_user(
            self.env, login="rma_reader", groups="base.group_user,dist_exception_core.dist_exception_core_group_manager"
        )
        self.assertEqual(draft.with_user(manager).line_ids.delivered_qty, 10)
        with self._refused(AccessError, "not allowed to modify"):
            draft.with_user(manager).action_authorize()
        self.assertEqual(draft.state, "draft")

    def test_valuable_return_needs_approval(self):
        """20 masks (1,200) need an exception manager: authorizing is refused until the
        request is approved, and the approval is used once."""
        rma = self._rma([(self.masks, 20)])
        with self._refused(UserError, "value of the return on RMA/.*needs approval"):
            rma.action_authorize()
        rma.action_request_approval()
        request = rma.sudo().dist_approval_request_ids
        self.assertEqual((request.state, request.value), ("pending", 1200))
        request.with_user(self.lead).action_approve()
        rma.action_authorize()
        self.assertEqual((rma.state, request.state), ("authorized", "used"))

    def test_locked_once_authorized(self):
        rma = self._rma([(self.product, 2)])
        rma.action_authorize()
        with self._refused(UserError, "only its note changes"):
            rma.write({"reason_id": self.reasons["return_wrong"].id})
        with self._refused(ValidationError, "only while it is a draft"):
            rma.line_ids.quantity = 1
        with self._refused(UserError, "through its buttons"):
            rma.write({"state": "draft"})
        with self._refused(UserError, "starts as a draft"):
            self.RMA.with_user(self.worker).create(
                {"picking_id": self.delivery.id, "reason_id": self.damaged.id, "state": "authorized"}
            )
        rma.write({"note": "Photos received."})
        with self._refused(UserError, "cancel it instead"):
            rma.sudo().unlink()

    def test_only_shipped_deliveries_of_the_same_company(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock.id,
            }
        )
        with self._refused(ValidationError, "not a shipped customer delivery"):
            self.RMA.create({"picking_id": receipt.id, "reason_id": self.damaged.id})
        with self._refused(ValidationError, "is a reason for"):
            self.RMA.create({"picking_id": self.delivery.id, "reason_id": self.reasons["damage_hdl"].id})

    def test_without_the_control_returns_stay_standard(self):
        """In a warehouse without the control, an Inventory user without a suite role returns
        a delivery as in standard Odoo."""
        plain = self.env["stock.warehouse"].create({"name": "Plain DC", "code": "PDC", **CONTROLS_OFF})
        self.env["stock.quant"]._update_available_quantity(self.product, plain.lot_stock_id, 10)
        delivery = self._shipped([(self.product, 4, self.product.uom_id)], warehouse=plain)
        form = Form(
            self.env["stock.return.picking"]
            .with_user(self.clerk)
            .with_context(active_id=delivery.id, active_model="stock.picking")
        )
        wizard = form.save()
        wizard.product_return_moves.quantity = 4
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self.assertEqual(returned.return_id, delivery)

    def test_control_needs_a_threshold(self):
        """Switched on without a threshold, or its threshold's last band deleted, or the
        threshold archived while a warehouse requires authorizations: refused."""
        rule = self.env.ref("dist_warehouse_exceptions.dist_approval_rule_return_authorization")
        with self._refused(ValidationError, "no approval threshold “return_authorization”"):
            rule.band_ids.unlink()
        with self._refused(ValidationError, "return_authorization"):
            rule.active = False
        self.assertTrue(rule.active and rule.band_ids)
        other = self.env["res.company"].create({"name": "Returns Co"})
        warehouse = self.env["stock.warehouse"].create({"name": "Other DC", "code": "ODC", "company_id": other.id})
        with self._refused(ValidationError, "no approval threshold “return_authorization”"):
            warehouse.dist_return_authorization_required = True


@tagged("post_install", "-at_install")
class TestReturnAuthorizationOverRpc(HttpCase, ReturnAuthorizationCase):
    """An API client creates no return without an authorization and cannot authorize one
    by writing its state."""

    @mute_logger("odoo.http")
    def _rpc(self, model, method, *args):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.worker.id, self.worker.login, model, method, list(args)
        )

    def test_guards_over_rpc(self):
        with self._refused(Fault, "only under a return authorization"):
            self._rpc(
                "stock.picking",
                "create",
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": self.customers.id,
                    "location_dest_id": self.stock.id,
                    "return_id": self.delivery.id,
                },
            )
        self.assertFalse(self.env["stock.picking"].search([("return_id", "=", self.delivery.id)]))
        rma_id = self._rpc(
            "dist.return.authorization",
            "create",
            {
                "picking_id": self.delivery.id,
                "reason_id": self.damaged.id,
                "line_ids": [(0, 0, {"product_id": self.masks.id, "quantity": 20})],
            },
        )
        with self._refused(Fault, "through its buttons"):
            self._rpc("dist.return.authorization", "write", [rma_id], {"state": "authorized"})
        with self._refused(Fault, "needs approval"):
            self._rpc("dist.return.authorization", "action_authorize", [rma_id])
        with self._refused(Fault, "never after"):
            self._rpc("stock.picking", "write", [self.delivery.id], {"dist_return_authorization_id": rma_id})
        self.assertEqual(
            self._rpc("dist.return.authorization", "read", [rma_id], ["state"]), [{"id": rma_id, "state": "draft"}]
        )
