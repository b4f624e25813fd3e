# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.addons.dist_visibility_dashboards.tests.common import DistKpiDocumentsCase
from odoo.tests import tagged
from odoo.tools import SQL

# Pick accuracy as it was defined before its facts were stored: a view over every move.
ORIGINAL_PICK_KPI = """
SELECT move.id AS id, move.date, move.company_id, picking_type.warehouse_id, move.picking_id,
       move.product_id, move.partner_id,
       CASE WHEN COALESCE(move.dist_short_qty, 0) > 0
              OR ROUND(move.quantity::numeric, 6) > ROUND(move.product_uom_qty::numeric, 6)
            THEN 0.0 ELSE 100.0 END AS accurate,
       COALESCE(move.dist_short_qty, 0) AS short_qty,
       GREATEST(move.quantity - move.product_uom_qty, 0) AS over_qty
  FROM stock_move move
  JOIN stock_picking_type picking_type ON picking_type.id = move.picking_type_id
 WHERE move.state = 'done' AND move.picking_id IS NOT NULL AND picking_type.code = 'outgoing'
"""


@tagged("post_install", "-at_install")
class TestPickFacts(DistKpiDocumentsCase):
    """The stored pick facts after exact, short and over-picked delivery lines, a backorder,
    a return, another unit, a quantity and a date rewritten in SQL, an operation type
    changed and a second company: the same rows as the original definition."""

    def _assert_facts_exact(self):
        self.env.flush_all()
        stored, computed = SQL("SELECT * FROM dist_kpi_pick"), SQL(ORIGINAL_PICK_KPI)
        self.env.cr.execute(
            SQL(
                "SELECT * FROM ((%s) EXCEPT ALL (%s)) a UNION ALL SELECT * FROM ((%s) EXCEPT ALL (%s)) b",
                stored,
                computed,
                computed,
                stored,
            )
        )
        self.assertEqual(self.env.cr.fetchall(), [])

    def test_pick_facts_equal_a_full_recomputation(self):
        units = self.product.uom_id
        short = self._multi_order([(self.product, 5, units), (self.pens, 1, self.dozen)], 6, 2)
        first = short.picking_ids
        self._ship(short, {self.product: 3, self.pens: 12}, days_ago=5, backorder=True)
        self._assert_facts_exact()
        self._ship(short, {self.product: 4}, days_ago=3)
        exact = self._multi_order([(self.product, 2, units)], 4, 2)
        self._ship(exact, {self.product: 2}, days_ago=2)
        self._assert_facts_exact()
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=first.id, active_ids=first.ids, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.write({"quantity": 1})
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.write({"quantity": 1, "picked": True})
        returned._action_done()
        company_2 = self.env["res.company"].create({"name": "Pick facts second company"})
        self.env.user.company_ids |= company_2
        other = self._multi_order([(self.pens, 2, self.dozen)], 3, 1, company=company_2)
        other_picking = other.picking_ids.with_company(company_2)
        for move in other_picking.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        other_picking.with_context(cancel_backorder=True)._action_done()
        self._assert_facts_exact()
        # History corrected in SQL, and the second company's delivery type taken out of its
        # warehouse, then put back: the facts follow.
        done = exact.picking_ids.move_ids
        self.env.cr.execute(
            "UPDATE stock_move SET quantity = 3, date = %s WHERE id IN %s",
            [self.now - timedelta(days=1), tuple(done.ids)],
        )
        other_type = other_picking.picking_type_id
        other_warehouse = other_type.warehouse_id
        other_type.warehouse_id = False
        self._assert_facts_exact()
        self.env.flush_all()
        rows = self.env["dist.kpi.pick"].search([("picking_id", "in", (short | exact | other).picking_ids.ids)])
        # Gloves short (3 of 5), pens exact, the backorder over (4 of 2), the exact one
        # corrected to over, the second company's exact; the return is no delivery.
        self.assertEqual(sorted(rows.mapped("accurate")), [0, 0, 0, 100, 100])
        self.assertFalse(rows.filtered(lambda row: row.company_id == company_2).warehouse_id)
        other_type.warehouse_id = other_warehouse
        self._assert_facts_exact()
