# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import timedelta

from odoo import fields
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

GROUP_WAREHOUSE = "dist_exception_core.dist_exception_core_group_warehouse"
GROUP_MANAGER = "dist_exception_core.dist_exception_core_group_manager"
CONTROLS_ON = {
    "dist_variance_control": True,
    "dist_adjustment_reason_required": True,
    "dist_short_reason_required": True,
    "dist_return_reason_required": True,
    "dist_damage_reason_required": True,
}
CONTROLS_OFF = dict.fromkeys(CONTROLS_ON, False)
# OCA stock_inventory_discrepancy lets only stock managers and this group of its own apply
# counts, on top of the suite's controls (README, Known incompatibilities): where it is
# installed, the people who count in these tests are given it (.ci/coexistence).
OCA_APPLY_COUNTS = "stock_inventory_discrepancy.group_stock_inventory_validation"


class DistWarehouseCase(TransactionCase):
    """A warehouse of its own with default limits (10 units, 500 at cost) and every
    control switched on, a worker and a lead with suite roles, a clerk with Inventory /
    User only, a priority customer and a product costing 20 (sold at 32) with 50 in stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls._variance_rule()
        cls.warehouse = cls.env["stock.warehouse"].create({"name": "Test DC", "code": "TDC", **CONTROLS_ON})
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.worker = new_test_user(
            cls.env,
            login="dist_worker",
            name="Walt Worker",
            groups=cls._counting_groups(f"stock.group_stock_user,{GROUP_WAREHOUSE}"),
        )
        cls.lead = new_test_user(
            cls.env,
            login="dist_lead",
            name="Lena Lead",
            groups=f"stock.group_stock_manager,{GROUP_MANAGER}",
        )
        # Inventory / User and nothing of the suite: the people the controls must not lock out.
        cls.clerk = new_test_user(
            cls.env, login="dist_clerk_plain", name="Cleo Clerk", groups=cls._counting_groups("stock.group_stock_user")
        )
        cls.customer = cls.env["res.partner"].create({"name": "Priority Clinic", "dist_customer_tier": "priority"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Exam gloves",
                "is_storable": True,
                "standard_price": 20.0,
                "list_price": 32.0,
                "barcode": "DIST-GLOVES-TEST",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.stock, 50)
        cls.reasons = {
            key: cls.env.ref(f"dist_warehouse_exceptions.dist_stock_reason_{key}")
            for key in (
                "short_pick_nf",
                "adjustment_ce",
                "adjustment_loss",
                "damage_hdl",
                "return_wrong",
                "return_chg",
            )
        }

    @classmethod
    def _counting_groups(cls, groups):
        """``groups``, with OCA stock_inventory_discrepancy's group that applies counts where it is installed."""
        if cls.env.ref(OCA_APPLY_COUNTS, raise_if_not_found=False):
            return f"{groups},{OCA_APPLY_COUNTS}"
        return groups

    @classmethod
    def _exc_type(cls, code):
        return cls.env.ref(f"dist_warehouse_exceptions.dist_exception_type_{code}")

    def _open(self, code, record):
        return self.env["dist.exception"].search(
            [
                ("type_id", "=", self._exc_type(code).id),
                ("res_model", "=", record._name),
                ("res_id", "in", record.ids),
                ("state", "in", OPEN_STATES),
            ]
        )

    def _delivery(self, qty=10, product=None, scheduled_hours_ago=0, picking_type=None):
        product = product or self.product
        scheduled = fields.Datetime.now() - timedelta(hours=scheduled_hours_ago)
        picking = self.env["stock.picking"].create(
            {
                "partner_id": self.customer.id,
                "picking_type_id": (picking_type or self.warehouse.out_type_id).id,
                "location_id": self.stock.id,
                "location_dest_id": self.customers.id,
                "scheduled_date": scheduled,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customers.id,
                            "date": scheduled,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _count(self, qty, reason=None, user=None, product=None, location=None):
        """Enter a count of the product in stock as ``user`` (the worker by default)."""
        quant = (
            self.env["stock.quant"]
            .with_user(user or self.worker)
            .with_context(inventory_mode=True)
            .search(
                [
                    ("product_id", "=", (product or self.product).id),
                    ("location_id", "=", (location or self.stock).id),
                ],
                limit=1,
            )
        )
        values = {"inventory_quantity": qty}
        if reason:
            values["dist_reason_id"] = reason.id
        quant.write(values)
        return quant

    @classmethod
    def _variance_rule(cls, company=None, group=GROUP_MANAGER):
        """Counts beyond the limits need approval by ``group`` (an exception manager by
        default) in ``company``: the threshold shipped for the main company, or a new one."""
        company = company or cls.company
        rule = cls.env["dist.approval.rule"].with_context(active_test=False)._dist_get("stock_variance", company)
        values = {
            "name": "Inventory variance",
            "code": "stock_variance",
            "model_id": cls.env["ir.model"]._get_id("stock.quant"),
            "measure": "value_variance",
            "company_id": company.id,
            "active": True,
            "band_ids": [Command.clear(), Command.create({"min_value": 0, "group_id": cls.env.ref(group).id})],
        }
        if rule:
            rule.write(values)
            return rule
        return rule.create(values)

    def _quant(self, product=None, location=None):
        return self.env["stock.quant"].search(
            [("product_id", "=", (product or self.product).id), ("location_id", "=", (location or self.stock).id)]
        )

    def _inventory_moves(self, product=None):
        return self.env["stock.move"].search(
            [("product_id", "=", (product or self.product).id), ("is_inventory", "=", True)]
        )

    @contextmanager
    def assertRefused(self, exception, regex):
        """The attempt raises ``exception`` matching ``regex``; what it did is rolled back
        (the savepoint), as a failed request's transaction would be."""
        with self.assertRaisesRegex(exception, regex) as caught, self.env.cr.savepoint():
            yield caught
