# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.addons.dist_visibility_dashboards.models.kpi_sql import (
    create_fact_refresh,
    create_fact_table,
    create_fact_triggers,
)
from odoo.tools import SQL

PICK_FACTS = "dist_kpi_pick"
PICK_REFRESH = "dist_kpi_pick_refresh"
# source table: (its column that leads to the moves, the columns the facts read, how to
# the moves from those keys or None when they are the moves)
PICK_SOURCES = {
    "stock_move": (
        "id",
        [
            "state",
            "picking_id",
            "picking_type_id",
            "date",
            "company_id",
            "product_id",
            "partner_id",
            "dist_short_qty",
            "quantity",
            "product_uom_qty",
        ],
        None,
    ),
    "stock_picking_type": (
        "id",
        ["code", "warehouse_id"],
        SQL("SELECT id FROM stock_move WHERE picking_type_id = ANY(keys)"),
    ),
}


def pick_facts_query(keys=None):
    """The delivery lines done among the moves whose id is in the SQL array ``keys`` (all without)."""
    return SQL(
        """
        SELECT move.id AS id, move.date, move.company_id, picking_type.warehouse_id, move.picking_id,
               move.product_id, move.partner_id,
               CASE WHEN COALESCE(move.dist_short_qty, 0) > 0
                      OR ROUND(move.quantity::numeric, 6) > ROUND(move.product_uom_qty::numeric, 6)
                    THEN 0.0 ELSE 100.0 END AS accurate,
               COALESCE(move.dist_short_qty, 0) AS short_qty,
               GREATEST(move.quantity - move.product_uom_qty, 0) AS over_qty
          FROM stock_move move
          JOIN stock_picking_type picking_type ON picking_type.id = move.picking_type_id
         WHERE move.state = 'done' AND move.picking_id IS NOT NULL AND picking_type.code = 'outgoing' AND %s
        """,
        SQL("move.id = ANY(%s)", keys) if keys else SQL("TRUE"),
    )


class DistKpiPick(models.Model):
    """One row per customer delivery line done: accurate when picked exactly, an error
    when short (the shortfall dist_warehouse_exceptions records on the move) or over (more
    picked than demanded, in the move's unit). Pick accuracy = 100 * lines picked exactly /
    lines done. The customer is the move's delivery address, which spares a join over every
    delivery at volume.

    The rows are stored facts: filled by a full recomputation at install and upgrade, then
    kept by triggers on the moves and operation types in the transaction that changes them."""

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
    over_qty = fields.Float(string="Over-picked Quantity", readonly=True)

    def init(self):
        cr = self.env.cr
        create_fact_table(cr, PICK_FACTS, pick_facts_query(), "id", [["date"], ["company_id", "date"]])
        create_fact_refresh(cr, PICK_REFRESH, PICK_FACTS, "id", pick_facts_query(SQL("keys")))
        for source, (key, columns, through) in PICK_SOURCES.items():
            create_fact_triggers(cr, PICK_REFRESH, source, key, columns, through=through)
