# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import column_exists, create_view, view_reads


class DistKpiInventory(models.Model):
    """One row per applied count (dist_warehouse_exceptions): accurate or not, and the
    value adjusted against the value on the books."""

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

    def _register_hook(self):
        # Its source module may have been installed after this one: read it from now on.
        result = super()._register_hook()
        cr = self.env.cr
        if column_exists(cr, "dist_stock_count", "absolute_value") and not view_reads(
            cr, self._table, "dist_stock_count"
        ):
            self.init()
        return result

    def init(self):
        if column_exists(self.env.cr, "dist_stock_count", "absolute_value"):
            query = SQL(
                """
                SELECT count.id AS id, count.date, count.company_id, count.warehouse_id, count.location_id,
                       count.product_id,
                       CASE WHEN count.accurate THEN 100.0 ELSE 0.0 END AS accurate,
                       count.book_value, count.absolute_value AS adjusted_value,
                       CASE WHEN count.book_value != 0 THEN 100.0 * count.absolute_value / count.book_value END
                           AS variance_percent
                  FROM dist_stock_count count
                """
            )
        else:
            query = SQL(
                """
                SELECT NULL::integer AS id, NULL::timestamp AS date, NULL::integer AS company_id,
                       NULL::integer AS warehouse_id, NULL::integer AS location_id, NULL::integer AS product_id,
                       NULL::float AS accurate, NULL::float AS book_value, NULL::float AS adjusted_value,
                       NULL::float AS variance_percent
                 WHERE FALSE
                """
            )
        create_view(self.env.cr, self._table, query)
