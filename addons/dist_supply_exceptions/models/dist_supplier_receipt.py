# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class DistSupplierReceipt(models.Model):
    """One row per purchase receipt line done: on time against its planned date, and days
    late. The one definition of supplier reliability: the vendor's figures and the
    dashboards' KPI both read it."""

    _name = "dist.supplier.receipt"
    _description = "Supplier Receipt Reliability"
    _auto = False
    _order = "date desc"
    _rec_name = "purchase_id"

    purchase_id = fields.Many2one(comodel_name="purchase.order", string="Purchase Order", readonly=True)
    date = fields.Datetime(string="Received On", readonly=True)
    planned_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Vendor", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    on_time = fields.Float(string="On Time (%)", readonly=True, aggregator="avg")
    delay_days = fields.Float(string="Days Late", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT move.id AS id,
                           line.order_id AS purchase_id,
                           move.date,
                           line.date_planned AS planned_date,
                           move.company_id,
                           vendor.commercial_partner_id AS partner_id,
                           move.product_id,
                           CASE WHEN move.date <= line.date_planned THEN 100.0 ELSE 0.0 END AS on_time,
                           GREATEST(EXTRACT(EPOCH FROM (move.date - line.date_planned)) / 86400, 0) AS delay_days
                      FROM stock_move move
                      JOIN purchase_order_line line ON line.id = move.purchase_line_id
                      JOIN res_partner vendor ON vendor.id = line.partner_id
                     WHERE move.state = 'done'
                )
                """,
                SQL.identifier(self._table),
            )
        )
