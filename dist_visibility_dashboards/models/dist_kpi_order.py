# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import create_view, view_query

MARGIN_GROUPS = "sales_team.group_sale_manager,dist_exception_core.dist_exception_core_group_management"


class DistKpiOrder(models.Model):
    """One row per confirmed sales order: OTIF, fill rate, cycle time, margin."""

    _name = "dist.kpi.order"
    _description = "Order Service KPIs"
    _auto = False
    _order = "date desc"
    _rec_name = "order_id"

    order_id = fields.Many2one(comodel_name="sale.order", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    due_date = fields.Datetime(string="Promised Date", readonly=True)
    delivered_date = fields.Datetime(string="Delivered On", readonly=True, help="Last delivery done.")
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    customer_tier = fields.Selection(
        # The tiers are the partner's, where they are defined.
        selection=lambda self: self.env["res.partner"]._fields["dist_customer_tier"]._description_selection(self.env),
        readonly=True,
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one(comodel_name="crm.team", string="Sales Team", readonly=True)
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True)
    ordered_qty = fields.Float(readonly=True)
    delivered_qty = fields.Float(readonly=True)
    fill_rate = fields.Float(string="Fill Rate (%)", readonly=True, aggregator="avg")
    on_time = fields.Float(string="On Time (%)", readonly=True, aggregator="avg")
    in_full = fields.Float(string="In Full (%)", readonly=True, aggregator="avg")
    otif = fields.Float(string="OTIF (%)", readonly=True, aggregator="avg")
    cycle_days = fields.Float(string="Cycle Time (days)", readonly=True, aggregator="avg")
    amount_untaxed = fields.Float(string="Untaxed Amount", readonly=True)
    margin = fields.Float(readonly=True, groups=MARGIN_GROUPS)
    margin_percent = fields.Float(string="Margin (%)", readonly=True, aggregator="avg", groups=MARGIN_GROUPS)

    def _dist_select(self):
        """The view's columns, as SQL pieces over the aliases of ``_dist_from()``."""
        return [
            SQL("so.id AS id"),
            SQL("so.id AS order_id"),
            SQL("so.date_order AS date"),
            SQL("due.due_date"),
            SQL("dlv.last_done AS delivered_date"),
            SQL("so.company_id"),
            SQL("partner.commercial_partner_id AS partner_id"),
            SQL("commercial.dist_customer_tier AS customer_tier"),
            SQL("so.user_id"),
            SQL("so.team_id"),
            SQL("so.warehouse_id"),
            SQL("lines.ordered_qty"),
            SQL("lines.delivered_qty"),
            SQL(
                """CASE WHEN lines.ordered_qty > 0
                        THEN 100.0 * LEAST(lines.delivered_qty, lines.ordered_qty) / lines.ordered_qty END
                   AS fill_rate"""
            ),
            SQL("judged.on_time"),
            SQL("CASE WHEN lines.delivered_qty >= lines.ordered_qty THEN 100.0 ELSE 0.0 END AS in_full"),
            SQL(
                """CASE WHEN judged.on_time IS NULL THEN NULL
                        WHEN judged.on_time = 100 AND lines.delivered_qty >= lines.ordered_qty THEN 100.0
                        ELSE 0.0 END AS otif"""
            ),
            SQL(
                """CASE WHEN dlv.open_count = 0 AND dlv.last_done IS NOT NULL
                        THEN EXTRACT(EPOCH FROM (dlv.last_done - so.date_order)) / 86400 END AS cycle_days"""
            ),
            SQL("so.amount_untaxed"),
            SQL("lines.margin"),
            SQL("CASE WHEN so.amount_untaxed != 0 THEN 100.0 * lines.margin / so.amount_untaxed END AS margin_percent"),
        ]

    def _dist_from(self):
        """The view's tables and joins, confirmed order ``so`` first."""
        return [
            SQL(
                """
                sale_order so
                JOIN res_partner partner ON partner.id = so.partner_id
                JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
                JOIN (
                      SELECT order_id, SUM(product_uom_qty) AS ordered_qty, SUM(qty_delivered) AS delivered_qty,
                             SUM(COALESCE(margin, 0)) AS margin, MAX(customer_lead) AS lead_days
                        FROM sale_order_line
                       WHERE display_type IS NULL AND NOT COALESCE(is_downpayment, FALSE)
                    GROUP BY order_id
                ) lines ON lines.order_id = so.id
                LEFT JOIN (
                      SELECT picking.sale_id, MAX(picking.date_done) AS last_done,
                             COUNT(*) FILTER (WHERE picking.state NOT IN ('done', 'cancel')) AS open_count
                        FROM stock_picking picking
                        JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                       WHERE picking_type.code = 'outgoing' AND picking.sale_id IS NOT NULL
                    GROUP BY picking.sale_id
                ) dlv ON dlv.sale_id = so.id
                CROSS JOIN LATERAL (
                      SELECT COALESCE(so.commitment_date, so.date_order + lines.lead_days * INTERVAL '1 day')
                             AS due_date
                ) due
                CROSS JOIN LATERAL (
                      SELECT CASE WHEN dlv.open_count = 0 AND dlv.last_done IS NOT NULL
                                  THEN CASE WHEN dlv.last_done <= due.due_date + INTERVAL '1 day'
                                            THEN 100.0 ELSE 0.0 END
                                  WHEN due.due_date + INTERVAL '1 day' < NOW() AT TIME ZONE 'UTC' THEN 0.0
                             END AS on_time
                ) judged
                """
            )
        ]

    def init(self):
        # OTIF, on-time and cycle time stay empty until the order can be judged: every
        # delivery done, or the promised date passed.
        create_view(
            self.env.cr,
            self._table,
            view_query(self._dist_select(), self._dist_from(), SQL("so.state = 'sale'")),
        )

    def action_open_order(self):
        self.ensure_one()
        return self.order_id.get_formview_action()
