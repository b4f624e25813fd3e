# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.addons.dist_visibility_dashboards.models.kpi_sql import create_view
from odoo.tools import SQL


class DistKpiInventory(models.Model):
    """One row per applied count (dist.stock.count): accurate or not, and the value
    adjusted against the value on the books."""

    _name = "dist.kpi.inventory"
    _description = "Inventory Accuracy"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(string="Counted On", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    location_id = fields.Many2one(comodel_name="stock.location", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    accurate = fields.Float(string="Accurate Counts (%)", readonly=True, aggregator="avg")
    book_value = fields.Float(readonly=True)
    adjusted_value = fields.Float(string="Adjusted Value (absolute)", readonly=True)
    variance_percent = fields.Float(string="Value Variance (%)", readonly=True, aggregator="avg")

    def init(self):
        create_view(
            self.env.cr,
            self._table,
            SQL(
                """
                SELECT count.id AS id, count.date, count.company_id, count.warehouse_id, count.location_id,
                       count.product_id,
                       CASE WHEN count.accurate THEN 100.0 ELSE 0.0 END AS accurate,
                       count.book_value, count.absolute_value AS adjusted_value,
                       CASE WHEN count.book_value != 0 THEN 100.0 * count.absolute_value / count.book_value END
                           AS variance_percent
                  FROM dist_stock_count count
                """
            ),
        )
