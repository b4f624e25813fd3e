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
            SQL("goods.ordered_qty"),
            SQL("goods.delivered_qty"),
            SQL("CASE WHEN judged.judged THEN goods.fill_rate END AS fill_rate"),
            SQL("judged.on_time"),
            SQL("CASE WHEN judged.judged THEN goods.in_full END AS in_full"),
            SQL(
                """CASE WHEN judged.judged
                        THEN CASE WHEN judged.on_time = 100 AND goods.in_full = 100 THEN 100.0 ELSE 0.0 END
                   END AS otif"""
            ),
            SQL(
                """CASE WHEN dlv.open_count = 0 AND dlv.last_done IS NOT NULL
                        THEN EXTRACT(EPOCH FROM (dlv.last_done - so.date_order)) / 86400 END AS cycle_days"""
            ),
            SQL("so.amount_untaxed"),
            # sale_margin's own figures: the same margin as the sale approval's.
            SQL("COALESCE(so.margin, 0) AS margin"),
            SQL("100.0 * so.margin_percent AS margin_percent"),
        ]

    def _dist_from(self):
        """The view's tables and joins, confirmed order ``so`` first.

        ``goods``: the order's goods lines (products of type goods; services, combos,
        sections, notes and down payments left out), quantities converted from the line's
        unit to the product's. A line is in full when its delivered quantity reaches its
        ordered quantity; its fill rate is capped at 100 %, so that an over-delivered line
        never makes up for a short one. An order without goods lines is not measured.
        """
        return [
            SQL(
                """
                sale_order so
                JOIN res_partner partner ON partner.id = so.partner_id
                JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
                JOIN (
                      SELECT order_id,
                             CASE WHEN so_.picking_policy = 'direct'
                                  THEN MIN(so_.date_order + COALESCE(line.customer_lead, 0) * INTERVAL '1 day')
                                  ELSE MAX(so_.date_order + COALESCE(line.customer_lead, 0) * INTERVAL '1 day')
                             END AS expected_date
                        FROM sale_order_line line
                        JOIN sale_order so_ ON so_.id = line.order_id
                       WHERE line.display_type IS NULL AND NOT COALESCE(line.is_downpayment, FALSE)
                    GROUP BY line.order_id, so_.picking_policy
                ) expected ON expected.order_id = so.id
                JOIN (
                      SELECT order_id, SUM(ordered) AS ordered_qty, SUM(delivered) AS delivered_qty,
                             AVG(CASE WHEN ordered > 0 THEN 100.0 * LEAST(delivered, ordered) / ordered END)
                                 AS fill_rate,
                             CASE WHEN BOOL_AND(delivered >= ordered) THEN 100.0 ELSE 0.0 END AS in_full
                        FROM (
                              SELECT line.order_id,
                                     ROUND((line.product_uom_qty / line_uom.factor * product_uom.factor)::numeric, 6)
                                         AS ordered,
                                     ROUND((line.qty_delivered / line_uom.factor * product_uom.factor)::numeric, 6)
                                         AS delivered
                                FROM sale_order_line line
                                JOIN product_product product ON product.id = line.product_id
                                JOIN product_template template ON template.id = product.product_tmpl_id
                                JOIN uom_uom line_uom ON line_uom.id = line.product_uom
                                JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                               WHERE line.display_type IS NULL AND NOT COALESCE(line.is_downpayment, FALSE)
                                 AND template.type = 'consu'
                        ) goods_line
                    GROUP BY order_id
                ) goods ON goods.order_id = so.id
                LEFT JOIN (
                      SELECT picking.sale_id, MAX(picking.date_done) AS last_done,
                             COUNT(*) FILTER (WHERE picking.state NOT IN ('done', 'cancel')) AS open_count
                        FROM stock_picking picking
                        JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                       WHERE picking_type.code = 'outgoing' AND picking.sale_id IS NOT NULL
                    GROUP BY picking.sale_id
                ) dlv ON dlv.sale_id = so.id
                CROSS JOIN LATERAL (
                      SELECT COALESCE(so.commitment_date, expected.expected_date) AS due_date
                ) due
                CROSS JOIN LATERAL (
                      SELECT (dlv.open_count = 0 AND dlv.last_done IS NOT NULL)
                             OR due.due_date < NOW() AT TIME ZONE 'UTC' AS judged,
                             CASE WHEN dlv.open_count = 0 AND dlv.last_done IS NOT NULL
                                  THEN CASE WHEN dlv.last_done <= due.due_date THEN 100.0 ELSE 0.0 END
                                  WHEN due.due_date < NOW() AT TIME ZONE 'UTC' THEN 0.0
                             END AS on_time
                ) judged
                """
            )
        ]

    def init(self):
        # OTIF, on-time, in full, fill rate and cycle time stay empty until the order can
        # be judged: every delivery done, or the promised date passed.
        create_view(
            self.env.cr,
            self._table,
            view_query(self._dist_select(), self._dist_from(), SQL("so.state = 'sale'")),
        )

    def action_open_order(self):
        self.ensure_one()
        return self.order_id.get_formview_action()
