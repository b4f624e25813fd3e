# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import create_view


class DistKpiBackorder(models.Model):
    """One row per customer backorder, open or closed (done or cancelled), with the date it
    was left behind and its closing date: the backorder aging KPI is the average age of those
    open at the period's end (dist.kpi's ``age`` aggregate); ``age_days`` is today's age of
    an open one."""

    _name = "dist.kpi.backorder"
    _description = "Backorder Aging"
    _auto = False
    _order = "age_days desc"
    _rec_name = "picking_id"

    picking_id = fields.Many2one(comodel_name="stock.picking", string="Backorder", readonly=True)
    date = fields.Datetime(
        string="Backordered On",
        readonly=True,
        help="When the shipment that left these goods behind was done (Odoo creates the backorder then).",
    )
    scheduled_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    order_id = fields.Many2one(comodel_name="sale.order", readonly=True)
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    closed_date = fields.Datetime(
        readonly=True, help="Shipped (done) on, or cancelled on (last change); empty while open."
    )
    is_open = fields.Boolean(string="Open", readonly=True)
    age_days = fields.Float(string="Age (days)", readonly=True, aggregator="avg")

    def init(self):
        create_view(
            self.env.cr,
            self._table,
            SQL(
                """
                SELECT picking.id AS id,
                       picking.id AS picking_id,
                       COALESCE(origin.date_done, picking.create_date) AS date,
                       picking.scheduled_date,
                       picking.company_id,
                       partner.commercial_partner_id AS partner_id,
                       picking.sale_id AS order_id,
                       picking_type.warehouse_id,
                       CASE WHEN picking.state = 'done' THEN picking.date_done
                            WHEN picking.state = 'cancel' THEN picking.write_date END AS closed_date,
                       picking.state NOT IN ('done', 'cancel') AS is_open,
                       CASE WHEN picking.state NOT IN ('done', 'cancel')
                            THEN EXTRACT(
                                EPOCH FROM (NOW() AT TIME ZONE 'UTC' - COALESCE(origin.date_done, picking.create_date))
                            ) / 86400
                       END AS age_days
                  FROM stock_picking picking
                  JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                  LEFT JOIN res_partner partner ON partner.id = picking.partner_id
                  LEFT JOIN stock_picking origin ON origin.id = picking.backorder_id
                 WHERE picking.backorder_id IS NOT NULL
                   AND picking_type.code = 'outgoing'
                """
            ),
        )
