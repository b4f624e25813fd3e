# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CONTROLS_OFF, CONTROLS_ON, GROUP_MANAGER, DistWarehouseCase

GROUP_MANAGEMENT = "dist_exception_core.dist_exception_core_group_management"


@tagged("post_install", "-at_install")
class TestCountGuards(DistWarehouseCase):
    """Every path a clerk with Inventory / User only has to change stock meets the
    warehouse's count controls; with the controls off each behaves as in standard Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Quant = cls.env["stock.quant"].with_user(cls.clerk)
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.wrap = cls.env["product.product"].create(
            {
                "name": "Stretch wrap (dozen rolls)",
                "is_storable": True,
                "standard_price": 30.0,
                "uom_id": cls.dozen.id,
                "uom_po_id": cls.dozen.id,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.wrap, cls.stock, 40)

    def test_new_warehouse_changes_nothing(self):
        """A warehouse created without saying otherwise has every control off."""
        warehouse = self.env["stock.warehouse"].create({"name": "Plain DC", "code": "PDC"})
        self.assertRecordValues(warehouse, [CONTROLS_OFF])

    def test_quantity_write_refused(self):
        """Writing the quant's quantity (stock users may, over the API) is refused, in and
        out of inventory mode, while the warehouse controls its counts by reason or by
        approval; the stock and the moves are unchanged. Controls off, it is written as
        Odoo allows."""
        quant = self._quant().with_user(self.clerk)
        for context in ({}, {"inventory_mode": True}):
            with self.assertRefused(UserError, "cannot be set directly: Test DC controls its counts"):
                quant.with_context(**context).write({"quantity": 999})
            self.assertEqual(self._quant().quantity, 50)
        self.warehouse.dist_variance_control = False
        with self.assertRefused(UserError, "cannot be set directly"):
            quant.write({"quantity": 999})
        self.assertEqual(self._quant().quantity, 50)
        self.assertFalse(self._inventory_moves())

        self.warehouse.write(CONTROLS_OFF)
        quant.write({"quantity": 999})
        self.assertEqual(self._quant().quantity, 999)

    def test_quant_created_with_quantity_refused(self):
        """Creating a quant with a quantity outside inventory mode is refused where the
        warehouse controls its counts: no quant is created."""
        product = self.env["product.product"].create({"name": "Masks", "is_storable": True})
        with self.assertRefused(UserError, "cannot be set directly"):
            self.Quant.create({"product_id": product.id, "location_id": self.stock.id, "quantity": 999})
        self.assertFalse(self._quant(product))
        self.warehouse.write(CONTROLS_OFF)
        self.Quant.create({"product_id": product.id, "location_id": self.stock.id, "quantity": 999})
        self.assertEqual(self._quant(product).quantity, 999)

    def test_create_in_inventory_mode_with_auto_apply(self):
        """A quant 'created' in inventory mode with its quantity applied at once (Odoo
        applies it as the superuser) meets the controls: beyond the limits it is refused
        even with a reason, without a reason it is refused, within the limits with a
        reason it is applied and kept as a count by the clerk. Controls off, 999 is
        applied without a reason."""
        vals = {"product_id": self.product.id, "location_id": self.stock.id}
        quants = self.Quant.with_context(inventory_mode=True)
        reason = self.reasons["adjustment_ce"]
        with self.assertRefused(UserError, "949.00 Units off the book quantity beyond the limits of Test DC"):
            quants.create(dict(vals, inventory_quantity_auto_apply=999, dist_reason_id=reason.id))
        with self.assertRefused(UserError, "Give an adjustment reason"):
            quants.create(dict(vals, inventory_quantity_auto_apply=55))
        self.assertEqual(self._quant().quantity, 50)
        self.assertFalse(self._inventory_moves())
        self.assertFalse(self.env["dist.stock.count"].search([("product_id", "=", self.product.id)]))

        quants.create(dict(vals, inventory_quantity_auto_apply=55, dist_reason_id=reason.id))
        self.assertEqual(self._quant().quantity, 55)
        count = self.env["dist.stock.count"].search([("product_id", "=", self.product.id)])
        self.assertRecordValues(count, [{"difference_qty": 5, "reason_id": reason.id, "counted_by_id": self.clerk.id}])

        self.warehouse.write(CONTROLS_OFF)
        quants.create(dict(vals, inventory_quantity_auto_apply=999))
        self.assertEqual(self._quant().quantity, 999)

    def test_update_quantity_wizard(self):
        """The product's Update Quantity wizard sets the stock of the company's first
        warehouse through _apply_inventory: beyond the limits it is refused, without a
        reason where reasons are required it is refused, within the limits it applies.
        Controls off, it applies whatever the difference."""
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        warehouse.write(dict(CONTROLS_ON, dist_variance_qty_limit=10, dist_variance_value_limit=500))
        product = self.env["product.product"].create({"name": "Gauze", "is_storable": True, "standard_price": 4.0})
        self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 50)

        def update(qty):
            wizard = (
                self.env["stock.change.product.qty"]
                .with_user(self.clerk)
                .create({"product_id": product.id, "product_tmpl_id": product.product_tmpl_id.id, "new_quantity": qty})
            )
            return wizard.change_product_qty()

        with self.assertRefused(UserError, "Give an adjustment reason"):
            update(45)
        warehouse.dist_adjustment_reason_required = False
        with self.assertRefused(UserError, f"beyond the limits of {warehouse.name}"):
            update(20)
        self.assertEqual(self._quant(product, warehouse.lot_stock_id).quantity, 50)
        self.assertFalse(self._inventory_moves(product))

        update(45)
        self.assertEqual(self._quant(product, warehouse.lot_stock_id).quantity, 45)
        warehouse.write(CONTROLS_OFF)
        update(5)
        self.assertEqual(self._quant(product, warehouse.lot_stock_id).quantity, 5)

    def test_several_lines_and_unit_of_measure(self):
        """Applying several counts at once applies none while one is refused. The limits
        are in the product's unit: 11 dozen short is beyond the 10-unit limit although
        worth only 330; 8 dozen short (240) is within it."""
        gloves = self._count(45, self.reasons["adjustment_ce"], user=self.clerk)
        wrap = self._count(29, user=self.clerk, product=self.wrap)
        both = gloves | wrap
        with self.assertRefused(UserError, "Give an adjustment reason.*Stretch wrap"):
            both.action_apply_inventory()
        wrap.dist_reason_id = self.reasons["adjustment_loss"]
        self.assertEqual(wrap.dist_variance_value, -330)
        with self.assertRefused(UserError, "Stretch wrap.*, -11.00 Dozens off the book quantity"):
            both.action_apply_inventory()
        self.assertEqual((self._quant().quantity, self._quant(self.wrap).quantity), (50, 40))
        self.assertFalse(self._inventory_moves() | self._inventory_moves(self.wrap))

        wrap.inventory_quantity = 32
        self.assertEqual(wrap.dist_variance_approval, "not_required")
        both.action_apply_inventory()
        self.assertEqual((self._quant().quantity, self._quant(self.wrap).quantity), (45, 32))
        move = self._inventory_moves(self.wrap)
        self.assertEqual((move.product_uom, move.quantity), (self.dozen, 8))

    def test_no_role_requests_approval(self):
        """A clerk without a suite role is stopped beyond the limits with the approver's
        name, files the request (a notice, as they cannot read requests), and applies the
        count once an exception manager approves."""
        quant = self._count(20, self.reasons["adjustment_loss"], user=self.clerk)
        self.assertEqual(quant.dist_variance_approval, "required")
        with self.assertRefused(UserError, rf"{re.escape(self.env.ref(GROUP_MANAGER).full_name)} will decide"):
            quant.action_apply_inventory()
        action = quant.action_dist_request_variance_approval()
        self.assertEqual(action["tag"], "display_notification")
        request = self.env["dist.approval.request"].search(
            [("res_model", "=", "stock.quant"), ("res_id", "=", quant.id)]
        )
        self.assertEqual((request.state, request.requested_by_id), ("pending", self.clerk))
        self.assertEqual(quant.dist_variance_approval, "pending")
        request.with_user(self.lead).action_approve()
        quant.action_apply_inventory()
        self.assertEqual(self._quant().quantity, 20)
        self.assertEqual(request.state, "used")

    def test_wrong_kind_of_reason_refused(self):
        """A damage reason does not explain a count (over the API the field's domain does not hold)."""
        quant = self._count(45, user=self.clerk)
        with self.assertRefused(ValidationError, "is a reason for damaged goods, not for inventory adjustment"):
            quant.dist_reason_id = self.reasons["damage_hdl"]
        self.assertFalse(self._quant().dist_reason_id)


@tagged("post_install", "-at_install")
class TestTwoCompanies(DistWarehouseCase):
    def test_second_company_threshold(self):
        """A warehouse of a second company switches the variance control on only once
        that company has its own threshold; its counts are then judged by its own limits
        and approved by its own approvers (management here), while its reasons switch,
        left off, asks nothing."""
        north = self.env["res.company"].create({"name": "Dist North"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", north.id)], limit=1)
        with self.assertRefused(ValidationError, r"Count Variance Approval \(.+\) is on for Dist North"):
            warehouse.dist_variance_control = True
        self.assertFalse(warehouse.dist_variance_control)
        self._variance_rule(north, group=GROUP_MANAGEMENT)
        warehouse.write({"dist_variance_control": True, "dist_variance_qty_limit": 2})

        self.product.with_company(north).standard_price = 50.0
        self.env["stock.quant"]._update_available_quantity(self.product, warehouse.lot_stock_id, 100)
        clerk = new_test_user(
            self.env,
            login="dist_clerk_north",
            groups=self._counting_groups("stock.group_stock_user"),
            company_id=north.id,
        )
        quant = self._count(95, user=clerk, location=warehouse.lot_stock_id)
        self.assertEqual(quant.dist_variance_value, -250)
        with self.assertRefused(UserError, rf"{re.escape(self.env.ref(GROUP_MANAGEMENT).full_name)} will decide"):
            quant.action_apply_inventory()
        self.assertEqual(self._quant(location=warehouse.lot_stock_id).quantity, 100)
        quant.inventory_quantity = 99
        quant.action_apply_inventory()
        self.assertEqual(self._quant(location=warehouse.lot_stock_id).quantity, 99)


@tagged("post_install", "-at_install")
class TestScrapGuards(DistWarehouseCase):
    def _scrap(self, qty=3, reason=None, **values):
        return (
            self.env["stock.scrap"]
            .with_user(self.clerk)
            .create(
                {
                    "product_id": self.product.id,
                    "scrap_qty": qty,
                    "location_id": self.stock.id,
                    "dist_reason_id": reason.id if reason else False,
                    **values,
                }
            )
        )

    def test_scrap_needs_damage_reason(self):
        """Validating a scrap without a damage reason is refused, from the button or
        do_scrap, and so is a scrap created as done or a done scrap losing its reason:
        stock unchanged, no scrap move. With a reason the clerk scraps 2 dozen of a
        product kept in units (24 go) and the damage exception is raised for them."""
        scrap = self._scrap()
        for method in ("action_validate", "do_scrap"):
            with self.assertRefused(UserError, "Test DC requires a Damage Reason on every scrap"):
                getattr(scrap, method)()
        with self.assertRefused(UserError, "requires a Damage Reason"):
            self._scrap(state="done")
        self.assertEqual(scrap.state, "draft")
        self.assertEqual(self._quant().quantity, 50)
        self.assertFalse(
            self.env["stock.move"].search([("scrap_id", "!=", False), ("product_id", "=", self.product.id)])
        )

        dozen = self.env.ref("uom.product_uom_dozen")
        scrap = self._scrap(2, self.reasons["damage_hdl"], product_uom_id=dozen.id)
        scrap.action_validate()
        self.assertEqual(scrap.state, "done")
        self.assertEqual(self._quant().quantity, 26)
        self.assertIn("2.00 Dozens of Exam gloves", self._open("stock_damage", scrap).description)
        with self.assertRefused(UserError, "requires a Damage Reason"):
            scrap.dist_reason_id = False
        self.assertEqual(scrap.dist_reason_id, self.reasons["damage_hdl"])

    def test_scrap_without_control(self):
        """Control off: the clerk scraps without a reason as in standard Odoo."""
        self.warehouse.dist_damage_reason_required = False
        scrap = self._scrap()
        self.assertFalse(scrap.dist_reason_required)
        scrap.action_validate()
        self.assertEqual((scrap.state, self._quant().quantity), ("done", 47))
        self.assertFalse(self._open("stock_damage", scrap))

    def test_scrap_form_follows_switch(self):
        """The form asks the damage reason exactly when the warehouse requires it."""
        clerk = new_test_user(
            self.env,
            login="dist_clerk_locations",
            groups="stock.group_stock_user,stock.group_stock_multi_locations",
        )
        for required in (True, False):
            self.warehouse.dist_damage_reason_required = required
            form = Form(self.env["stock.scrap"].with_user(clerk))
            form.product_id = self.product
            form.location_id = self.stock
            self.assertEqual(form.dist_reason_required, required)
            if required:
                with self.assertRaisesRegex(AssertionError, "dist_reason_id is a required field"):
                    form.save()
            else:
                self.assertEqual(form.save().state, "draft")


@tagged("post_install", "-at_install")
class TestReturnGuards(DistWarehouseCase):
    def setUp(self):
        super().setUp()
        self.delivery = self._delivery(qty=5)
        self.delivery.move_ids.write({"quantity": 5, "picked": True})
        self.delivery._action_done()

    def _wizard(self, reason=None):
        wizard = (
            self.env["stock.return.picking"]
            .with_user(self.clerk)
            .with_context(active_id=self.delivery.id, active_model="stock.picking")
            .create({"dist_reason_id": reason.id if reason else False})
        )
        wizard.product_return_moves.quantity = 2
        return wizard

    def _returns(self):
        return self.env["stock.picking"].search([("return_id", "=", self.delivery.id)])

    def test_customer_return_needs_reason(self):
        """Without a reason the clerk's customer return is refused, whichever button
        creates it, and no return exists; with a reason pointing at us it is created,
        and validating it raises the customer-return exception."""
        wizard = self._wizard()
        self.assertTrue(wizard.dist_reason_required)
        for method in ("action_create_returns", "action_create_returns_all", "action_create_exchanges"):
            with self.assertRefused(UserError, "Test DC requires a Return Reason on customer returns"):
                getattr(wizard, method)()
        self.assertFalse(self._returns())

        action = self._wizard(self.reasons["return_wrong"]).action_create_returns()
        returned = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(returned.dist_return_reason_id, self.reasons["return_wrong"])
        returned = returned.with_user(self.clerk)
        returned.move_ids.write({"quantity": 2, "picked": True})
        returned.button_validate()
        self.assertEqual(returned.state, "done")
        self.assertEqual(len(self._open("customer_return", returned)), 1)

    def test_customer_return_without_control(self):
        """Control off: the clerk returns without a reason as in standard Odoo; no exception."""
        self.warehouse.dist_return_reason_required = False
        wizard = self._wizard()
        self.assertFalse(wizard.dist_reason_required)
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"]).with_user(self.clerk)
        returned.move_ids.write({"quantity": 2, "picked": True})
        returned.button_validate()
        self.assertEqual(returned.state, "done")
        self.assertFalse(self._open("customer_return", returned))

    def test_return_form_follows_switch(self):
        """The return dialog asks the reason exactly when the warehouse requires it."""
        context = {"active_id": self.delivery.id, "active_model": "stock.picking"}
        form = Form(self.env["stock.return.picking"].with_user(self.clerk).with_context(**context))
        with self.assertRaisesRegex(AssertionError, "dist_reason_id is a required field"):
            form.save()
        self.warehouse.dist_return_reason_required = False
        form = Form(self.env["stock.return.picking"].with_user(self.clerk).with_context(**context))
        self.assertTrue(form.save())
