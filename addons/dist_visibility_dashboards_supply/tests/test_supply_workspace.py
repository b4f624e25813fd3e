# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.addons.dist_visibility_dashboards.tests.common import DistKpiCase
from odoo.fields import Command
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestSupplyWorkspace(DistKpiCase):
    def test_procurement_tiles(self):
        """A late purchase order counts under its tile, an unconfirmed one under its own."""
        late = self.env.ref("dist_supply_exceptions.dist_exception_type_po_late")
        unconfirmed = self.env.ref("dist_supply_exceptions.dist_exception_type_po_unconfirmed")
        self.env["dist.exception"].search([("type_id", "in", (late | unconfirmed).ids)]).write({"state": "cancelled"})
        self.env["dist.exception"].create([{"type_id": late.id}, {"type_id": late.id}, {"type_id": unconfirmed.id}])
        tiles = {
            tile["label"]: tile["count"] for tile in self.env["dist.workspace"].get_workspace("procurement")["tiles"]
        }
        self.assertEqual(tiles["Late purchase orders"], 2)
        self.assertEqual(tiles["Late confirmations"], 1)
        self.assertIn("Open supply exceptions", tiles)

    def test_supplier_kpis_agree_with_vendor_figures(self):
        """The on-time receipt KPI and the vendor's receipt figures read the one definition
        of dist_supply_exceptions: of two receipts, the one planned yesterday arrives late,
        50 % on time and half a day late on average; the confirmation reliability KPI reads
        the vendor's acknowledgements."""
        orders = self.env["purchase.order"].create(
            [
                {
                    "partner_id": self.vendor.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_qty": 5, "price_unit": 6, "date_planned": planned}
                        )
                    ],
                }
                for planned in (fields.Datetime.now() - timedelta(days=1), fields.Datetime.now() + timedelta(days=3))
            ]
        )
        orders.button_confirm()
        orders.picking_ids.move_ids.write({"quantity": 5, "picked": True})
        orders.picking_ids._action_done()
        orders[0]._confirm_reception_mail()
        domain = [("partner_id", "=", self.vendor.id)]
        count, on_time, delay = self.vendor._dist_supplier_reliability()[self.vendor.id]
        self.assertEqual((count, on_time), (2, 50))
        self.assertEqual(self._figure("dist.supplier.receipt", "on_time", domain), on_time)
        self.assertAlmostEqual(self._figure("dist.supplier.receipt", "delay_days", domain), delay, places=6)
        self.assertAlmostEqual(delay, 0.5, delta=0.01)
        receipt = self.env.ref("dist_visibility_dashboards_supply.dist_kpi_supplier_on_time_receipt")
        self.assertEqual(receipt.res_model, "dist.supplier.receipt")
        confirmation = self.env.ref("dist_visibility_dashboards_supply.dist_kpi_supplier_reliability")
        self.assertEqual(confirmation.res_model, "dist.supplier.confirmation")
        acknowledged, _late = self.vendor._dist_supplier_acknowledgement()[self.vendor.id]
        self.assertEqual(acknowledged, 1)
        self.assertEqual(self._figure("dist.supplier.confirmation", "on_time", domain), 100)
