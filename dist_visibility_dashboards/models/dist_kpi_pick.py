# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import column_exists, create_view, view_reads


class DistKpiPick(models.Model):
    """One row per customer delivery line done: picked in full or short
    (dist_warehouse_exceptions records the shortfall). The customer is the move's delivery
    address, which spares a join over every delivery at volume."""

    _name = "dist.kpi.pick"
    _description = "Pick Accuracy"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(string="Done On", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    picking_id = fields.Many2one(comodel_name="stock.picking", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    accurate = fields.Float(string="Pick Accuracy (%)", readonly=True, aggregator="avg")
    short_qty = fields.Float(string="Short Quantity", readonly=True)

    def _register_hook(self):
        # Its source module may have been installed after this one: read it from now on.
        result = super()._register_hook()
        cr = self.env.cr
        if column_exists(cr, "stock_move", "dist_short_qty") and not view_reads(cr, self._table, "dist_short_qty"):
            self.init()
        return result

    def init(self):
        if column_exists(self.env.cr, "stock_move", "dist_short_qty"):
            query = SQL(
                """
                SELECT move.id AS id, move.date, move.company_id, picking_type.warehouse_id, move.picking_id,
                       move.product_id, move.partner_id,
                       CASE WHEN COALESCE(move.dist_short_qty, 0) > 0 THEN 0.0 ELSE 100.0 END AS accurate,
                       COALESCE(move.dist_short_qty, 0) AS short_qty
                  FROM stock_move move
                  JOIN stock_picking_type picking_type ON picking_type.id = move.picking_type_id
                 WHERE move.state = 'done' AND move.picking_id IS NOT NULL AND picking_type.code = 'outgoing'
                """
            )
        else:
            query = SQL(
                """
                SELECT NULL::integer AS id, NULL::timestamp AS date, NULL::integer AS company_id,
                       NULL::integer AS warehouse_id, NULL::integer AS picking_id, NULL::integer AS product_id,
                       NULL::integer AS partner_id, NULL::float AS accurate, NULL::float AS short_qty
                 WHERE FALSE
                """
            )
        create_view(self.env.cr, self._table, query)
