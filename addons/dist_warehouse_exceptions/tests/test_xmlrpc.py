# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CONTROLS_ON

# XML-RPC fault code of a UserError (and ValidationError); an AccessError would be 4.
FAULT_USER_ERROR = 2


@tagged("post_install", "-at_install")
class TestGuardsOverXmlRpc(HttpCase):
    """What a stock user can send over the external API meets the same controls as the
    screens: each call is refused with a clear UserError and changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        # The Update Quantity wizard works on the company's first warehouse: its controls are set too.
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        rule = cls.env["dist.approval.rule"].with_context(active_test=False)._dist_get("stock_variance", company)
        if not rule:
            rule = rule.create(
                {
                    "name": "Inventory variance",
                    "code": "stock_variance",
                    "model_id": cls.env["ir.model"]._get_id("stock.quant"),
                    "measure": "value_variance",
                    "company_id": company.id,
                    "band_ids": [
                        (
                            0,
                            0,
                            {
                                "min_value": 0,
                                "group_id": cls.env.ref("dist_exception_core.dist_exception_core_group_manager").id,
                            },
                        )
                    ],
                }
            )
        rule.active = True
        cls.warehouse.write(dict(CONTROLS_ON, dist_variance_qty_limit=10, dist_variance_value_limit=500))
        cls.stock = cls.warehouse.lot_stock_id
        cls.product = cls.env["product.product"].create(
            {"name": "RPC gloves", "is_storable": True, "standard_price": 20.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.stock, 50)
        cls.quant = cls.env["stock.quant"].search(
            [("product_id", "=", cls.product.id), ("location_id", "=", cls.stock.id)]
        )
        cls.clerk = new_test_user(
            cls.env, login="dist_rpc_clerk", password="dist_rpc_clerk", groups="stock.group_stock_user"
        )
        cls.reason = cls.env.ref("dist_warehouse_exceptions.dist_stock_reason_adjustment_ce")

    def _call(self, model, method, args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.clerk.id, "dist_rpc_clerk", model, method, args, kwargs
        )

    def assertRefused(self, message, model, method, args, **kwargs):
        # The server logs each refused call as a warning: expected here.
        with self.assertRaises(Fault) as caught, mute_logger("odoo.http"):
            self._call(model, method, args, **kwargs)
        self.assertEqual(caught.exception.faultCode, FAULT_USER_ERROR, caught.exception.faultString)
        self.assertIn(message, caught.exception.faultString)
        self.env.invalidate_all()

    def _unchanged(self):
        self.assertEqual(self.quant.quantity, 50)
        self.assertFalse(self.env["stock.move"].search([("product_id", "=", self.product.id)]))

    def test_quant_quantity_write(self):
        self.assertRefused("cannot be set directly", "stock.quant", "write", [[self.quant.id], {"quantity": 999}])
        self._unchanged()

    def test_quant_create_auto_apply(self):
        self.assertRefused(
            "beyond the limits",
            "stock.quant",
            "create",
            [
                {
                    "product_id": self.product.id,
                    "location_id": self.stock.id,
                    "inventory_quantity_auto_apply": 999,
                    "dist_reason_id": self.reason.id,
                }
            ],
            context={"inventory_mode": True},
        )
        self._unchanged()
        self.assertFalse(self.env["dist.stock.count"].search([("product_id", "=", self.product.id)]))

    def test_update_quantity_wizard(self):
        self.warehouse.dist_adjustment_reason_required = False
        wizard_id = self._call(
            "stock.change.product.qty",
            "create",
            [{"product_id": self.product.id, "product_tmpl_id": self.product.product_tmpl_id.id, "new_quantity": 999}],
        )
        self.assertRefused("beyond the limits", "stock.change.product.qty", "change_product_qty", [[wizard_id]])
        self._unchanged()

    def test_scrap_without_reason(self):
        scrap_id = self._call(
            "stock.scrap",
            "create",
            [{"product_id": self.product.id, "scrap_qty": 5, "location_id": self.stock.id}],
        )
        self.assertRefused("requires a Damage Reason", "stock.scrap", "action_validate", [[scrap_id]])
        self.assertEqual(self.env["stock.scrap"].browse(scrap_id).state, "draft")
        self.assertRefused(
            "requires a Damage Reason",
            "stock.scrap",
            "create",
            [{"product_id": self.product.id, "scrap_qty": 5, "location_id": self.stock.id, "state": "done"}],
        )
        self.assertEqual(self.env["stock.scrap"].search_count([("product_id", "=", self.product.id)]), 1)
        self._unchanged()
