# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.dist_visibility_dashboards.tests.common import DistKpiCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestWarehouseKpis(DistKpiCase):
    def test_inventory_accuracy(self):
        """Three counts on a book value of 500 each, one adjusting 50: 66.7 % accurate,
        50 adjusted of 1,500 on the books."""
        self.env["dist.stock.count"].create(
            [
                {
                    "company_id": self.env.company.id,
                    "location_id": self.warehouse.lot_stock_id.id,
                    "product_id": self.product.id,
                    "book_value": 500,
                    "absolute_value": value,
                    "accurate": not value,
                }
                for value in (0, 0, 50)
            ]
        )
        domain = [("product_id", "=", self.product.id)]
        self.assertAlmostEqual(self._figure("dist.kpi.inventory", "accurate", domain), 200 / 3, places=1)
        self.assertEqual(self._figure("dist.kpi.inventory", "adjusted_value", domain, "sum"), 50)
        self.assertEqual(self._figure("dist.kpi.inventory", "book_value", domain, "sum"), 1500)

    def test_pick_accuracy(self):
        """Three delivery lines of 10: one exact, one short (6), one over (12): only the
        exact one is accurate, 33.3 %."""
        pickings = [self._deliver(self._order(), qty) for qty in (10, 6, 12)]
        moves = self.env["stock.move"].concat(*(p.move_ids for p in pickings)).filtered(lambda m: m.state == "done")
        exact = moves.filtered(lambda m: m.quantity == m.sale_line_id.product_uom_qty)
        expected = 100.0 * len(exact) / len(moves)
        self.assertAlmostEqual(expected, 100 / 3)
        figure = self._figure("dist.kpi.pick", "accurate", [("partner_id", "=", self.customer.id)])
        self.assertAlmostEqual(figure, expected)

    def test_queue_by_zone(self):
        """The warehouse queue's side panel counts the open exceptions by zone."""
        self.env["dist.exception"].search([("layer", "=", "warehouse")]).write({"state": "cancelled"})
        exc_type = self.env["dist.exception.type"].create(
            {"name": "Zone issue", "code": "zone_issue", "layer": "warehouse"}
        )
        zone = self.warehouse.lot_stock_id
        self.env["dist.exception"].create([{"type_id": exc_type.id, "location_id": zone.id}] * 2)
        queue = self.env["dist.workspace"].get_workspace("warehouse")["lists"][0]
        self.assertEqual(queue["owners_title"], "By zone")
        self.assertEqual(queue["owners"], [{"name": zone.display_name, "count": 2}])
