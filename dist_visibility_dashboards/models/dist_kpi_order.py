# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import create_fact_refresh, create_fact_table, create_fact_triggers, create_view, view_query

MARGIN_GROUPS = "sales_team.group_sale_manager,dist_exception_core.dist_exception_core_group_management"


# The order facts: what the order KPIs aggregate over lines and deliveries, one row per
# order with goods lines, kept by triggers on the tables they are computed from.
ORDER_FACTS = "dist_kpi_order_fact"
ORDER_REFRESH = "dist_kpi_order_fact_refresh"
# source table: (its column that leads to the orders, the columns the facts read, how to
# the orders from those keys or None when they are the orders)
ORDER_SOURCES = {
    "sale_order_line": (
        "order_id",
        [
            "order_id",
            "product_id",
            "product_uom",
            "product_uom_qty",
            "qty_delivered",
            "customer_lead",
            "display_type",
            "is_downpayment",
        ],
        None,
    ),
    "stock_picking": ("sale_id", ["sale_id", "state", "date_done", "picking_type_id"], None),
    "stock_picking_type": (
        "id",
        ["code"],
        SQL("SELECT DISTINCT sale_id FROM stock_picking WHERE picking_type_id = ANY(keys) AND sale_id IS NOT NULL"),
    ),
    "product_product": (
        "id",
        ["product_tmpl_id"],
        SQL("SELECT DISTINCT order_id FROM sale_order_line WHERE product_id = ANY(keys)"),
    ),
    "product_template": (
        "id",
        ["type", "uom_id"],
        SQL(
            """SELECT DISTINCT line.order_id
                 FROM sale_order_line line
                 JOIN product_product product ON product.id = line.product_id
                WHERE product.product_tmpl_id = ANY(keys)"""
        ),
    ),
    "uom_uom": (
        "id",
        ["factor"],
        SQL(
            """SELECT DISTINCT line.order_id
                 FROM sale_order_line line
                 JOIN product_product product ON product.id = line.product_id
                 JOIN product_template template ON template.id = product.product_tmpl_id
                WHERE line.product_uom = ANY(keys) OR template.uom_id = ANY(keys)"""
        ),
    ),
}


def order_facts_query(keys=None):
    """The order facts of the orders whose id is in the SQL array ``keys`` (all without).

    ``lines``: the order's lines (sections, notes and down payments left out), with the
    smallest and largest customer lead time. ``goods``: its goods lines (products of type
    goods, services and combos left out too), quantities converted from the line's unit to
    the product's. A line is in full when its delivered quantity reaches its ordered
    quantity; its fill rate is capped at 100 %, so that an over-delivered line never makes
    up for a short one. ``dlv``: its customer deliveries, the last one done and how many
    are still open. An order without goods lines has no facts (it is not measured)."""
    only = (lambda column: SQL("%s = ANY(%s)", SQL.identifier(*column.split(".")), keys)) if keys else None
    return SQL(
        """
        SELECT goods.order_id, lines.min_lead, lines.max_lead, goods.goods_lines, goods.ordered_qty,
               goods.delivered_qty, goods.fill_rate, goods.in_full, dlv.last_done, dlv.open_count
          FROM (
                SELECT order_id, COUNT(*) AS goods_lines, SUM(ordered) AS ordered_qty, SUM(delivered) AS delivered_qty,
                       AVG(CASE WHEN ordered > 0 THEN 100.0 * LEAST(delivered, ordered) / ordered END) AS fill_rate,
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
                           AND template.type = 'consu' AND %(goods_keys)s
                  ) goods_line
              GROUP BY order_id
          ) goods
          JOIN (
                SELECT line.order_id, MIN(COALESCE(line.customer_lead, 0)) AS min_lead,
                       MAX(COALESCE(line.customer_lead, 0)) AS max_lead
                  FROM sale_order_line line
                 WHERE line.display_type IS NULL AND NOT COALESCE(line.is_downpayment, FALSE) AND %(line_keys)s
              GROUP BY line.order_id
          ) lines ON lines.order_id = goods.order_id
          LEFT JOIN (
                SELECT picking.sale_id, MAX(picking.date_done) AS last_done,
                       COUNT(*) FILTER (WHERE picking.state NOT IN ('done', 'cancel')) AS open_count
                  FROM stock_picking picking
                  JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                 WHERE picking_type.code = 'outgoing' AND picking.sale_id IS NOT NULL AND %(picking_keys)s
              GROUP BY picking.sale_id
          ) dlv ON dlv.sale_id = goods.order_id
        """,
        goods_keys=only("line.order_id") if only else SQL("TRUE"),
        line_keys=only("line.order_id") if only else SQL("TRUE"),
        picking_keys=only("picking.sale_id") if only else SQL("TRUE"),
    )


class DistKpiOrder(models.Model):
    """One row per confirmed sales order: OTIF, fill rate, cycle time, margin. The view
    reads the order facts (ORDER_FACTS) and judges them against the time of the read."""

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
            SQL("fact.last_done AS delivered_date"),
            SQL("so.company_id"),
            SQL("partner.commercial_partner_id AS partner_id"),
            SQL("commercial.dist_customer_tier AS customer_tier"),
            SQL("so.user_id"),
            SQL("so.team_id"),
            SQL("so.warehouse_id"),
            SQL("fact.ordered_qty"),
            SQL("fact.delivered_qty"),
            SQL("CASE WHEN judged.judged THEN fact.fill_rate END AS fill_rate"),
            SQL("judged.on_time"),
            SQL("CASE WHEN judged.judged THEN fact.in_full END AS in_full"),
            SQL(
                """CASE WHEN judged.judged
                        THEN CASE WHEN judged.on_time = 100 AND fact.in_full = 100 THEN 100.0 ELSE 0.0 END
                   END AS otif"""
            ),
            SQL(
                """CASE WHEN fact.open_count = 0 AND fact.last_done IS NOT NULL
                        THEN EXTRACT(EPOCH FROM (fact.last_done - so.date_order)) / 86400 END AS cycle_days"""
            ),
            SQL("so.amount_untaxed"),
            # sale_margin's own figures: the same margin as the sale approval's.
            SQL("COALESCE(so.margin, 0) AS margin"),
            SQL("100.0 * so.margin_percent AS margin_percent"),
        ]

    def _dist_from(self):
        """The view's tables and joins, confirmed order ``so`` first, its facts ``fact``;
        the judgement against the promise (``_dist_judged_from``) comes after them, so that
        it may read any of them."""
        return [
            SQL(
                """
                sale_order so
                JOIN res_partner partner ON partner.id = so.partner_id
                JOIN res_partner commercial ON commercial.id = partner.commercial_partner_id
                JOIN %s fact ON fact.order_id = so.id
                """,
                SQL.identifier(ORDER_FACTS),
            )
        ]

    def _dist_judged_from(self):
        """``due``: the date the order is judged against; ``judged``: whether it can be
        judged yet and whether it was on time."""
        return SQL(
            """
            CROSS JOIN LATERAL (
                  SELECT COALESCE(
                             %s,
                             so.date_order
                             + CASE WHEN so.picking_policy = 'direct' THEN fact.min_lead ELSE fact.max_lead END
                               * INTERVAL '1 day'
                         ) AS due_date
            ) due
            CROSS JOIN LATERAL (
                  SELECT (fact.open_count = 0 AND fact.last_done IS NOT NULL)
                         OR due.due_date < NOW() AT TIME ZONE 'UTC' AS judged,
                         CASE WHEN fact.open_count = 0 AND fact.last_done IS NOT NULL
                              THEN CASE WHEN fact.last_done <= due.due_date THEN 100.0 ELSE 0.0 END
                              WHEN due.due_date < NOW() AT TIME ZONE 'UTC' THEN 0.0
                         END AS on_time
            ) judged
            """,
            self._dist_promise_sql(),
        )

    def _dist_promise_sql(self):
        """The date an order is judged against, over ``so`` (NULL: the lines' lead times
        from the order date): the delivery date promised to the customer."""
        return SQL("so.commitment_date")

    def init(self):
        cr = self.env.cr
        # A full recomputation at install and upgrade, then the triggers keep it.
        create_fact_table(cr, ORDER_FACTS, order_facts_query(), "order_id", [])
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD FOREIGN KEY (order_id) REFERENCES sale_order (id) ON DELETE CASCADE",
                SQL.identifier(ORDER_FACTS),
            )
        )
        create_fact_refresh(cr, ORDER_REFRESH, ORDER_FACTS, "order_id", order_facts_query(SQL("keys")))
        for source, (key, columns, through) in ORDER_SOURCES.items():
            create_fact_triggers(cr, ORDER_REFRESH, source, key, columns, through=through)
        # OTIF, on-time, in full, fill rate and cycle time stay empty until the order can
        # be judged: every delivery done, or the promised date passed.
        create_view(
            self.env.cr,
            self._table,
            view_query(self._dist_select(), [*self._dist_from(), self._dist_judged_from()], SQL("so.state = 'sale'")),
        )

    def action_open_order(self):
        self.ensure_one()
        return self.order_id.get_formview_action()
