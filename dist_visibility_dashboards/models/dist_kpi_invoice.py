# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import create_view


class DistKpiInvoice(models.Model):
    """One row per customer delivery done of a sales order: days from the delivery to the
    first invoice covering it.

    A delivery move of a sales line is covered by the first posted customer invoice
    (by invoice date, then id) at which the quantity invoiced on that line, added up over
    its invoices, reaches the quantity delivered on it, added up over its deliveries up to
    this one (both in the product's unit). A delivery is covered when all its moves are, by
    the latest of their covering invoices. Invoice lag = max(0, covering invoice date -
    delivery date): an order invoiced before it ships has no lag, and a second shipment of
    a split order is measured against the invoice that covers it, not the first one.
    A delivery not yet covered has no lag (it is not measured yet)."""

    _name = "dist.kpi.invoice"
    _description = "Invoice Lag"
    _auto = False
    _order = "date desc"
    _rec_name = "picking_id"

    picking_id = fields.Many2one(comodel_name="stock.picking", string="Delivery", readonly=True)
    order_id = fields.Many2one(comodel_name="sale.order", readonly=True)
    date = fields.Datetime(string="Delivered On", readonly=True)
    invoice_id = fields.Many2one(comodel_name="account.move", string="Covering Invoice", readonly=True)
    invoice_date = fields.Date(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    lag_days = fields.Float(string="Invoice Lag (days)", readonly=True, aggregator="avg")

    def init(self):
        create_view(
            self.env.cr,
            self._table,
            SQL(
                """
                WITH delivered AS (
                    SELECT move.id AS move_id, move.picking_id, move.sale_line_id,
                           SUM(move.quantity / move_uom.factor * product_uom.factor) OVER (
                               PARTITION BY move.sale_line_id ORDER BY picking.date_done, move.id
                           ) AS cumulated
                      FROM stock_move move
                      JOIN stock_picking picking ON picking.id = move.picking_id
                      JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                      JOIN product_product product ON product.id = move.product_id
                      JOIN product_template template ON template.id = product.product_tmpl_id
                      JOIN uom_uom move_uom ON move_uom.id = move.product_uom
                      JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                     WHERE move.state = 'done' AND move.sale_line_id IS NOT NULL
                       AND picking_type.code = 'outgoing' AND picking.state = 'done'
                ),
                invoiced AS (
                    SELECT rel.order_line_id AS sale_line_id, invoice.id AS invoice_id, invoice.invoice_date,
                           SUM(move_line.quantity / line_uom.factor * product_uom.factor) OVER (
                               PARTITION BY rel.order_line_id ORDER BY invoice.invoice_date, invoice.id, move_line.id
                           ) AS cumulated
                      FROM account_move_line move_line
                      JOIN account_move invoice ON invoice.id = move_line.move_id
                      JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = move_line.id
                      JOIN product_product product ON product.id = move_line.product_id
                      JOIN product_template template ON template.id = product.product_tmpl_id
                      JOIN uom_uom line_uom ON line_uom.id = move_line.product_uom_id
                      JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                     WHERE invoice.move_type = 'out_invoice' AND invoice.state = 'posted'
                ),
                covered AS (
                    SELECT delivered.picking_id, cover.invoice_id, cover.invoice_date
                      FROM delivered
                      LEFT JOIN LATERAL (
                            SELECT invoiced.invoice_id, invoiced.invoice_date
                              FROM invoiced
                             WHERE invoiced.sale_line_id = delivered.sale_line_id
                               AND invoiced.cumulated >= delivered.cumulated - 0.000001
                          ORDER BY invoiced.cumulated
                             LIMIT 1
                      ) cover ON TRUE
                ),
                per_delivery AS (
                    SELECT picking_id, BOOL_AND(invoice_id IS NOT NULL) AS is_covered,
                           MAX(invoice_date) AS invoice_date,
                           (ARRAY_AGG(invoice_id ORDER BY invoice_date DESC NULLS LAST, invoice_id DESC))[1]
                               AS invoice_id
                      FROM covered
                  GROUP BY picking_id
                )
                SELECT picking.id AS id,
                       picking.id AS picking_id,
                       picking.sale_id AS order_id,
                       picking.date_done AS date,
                       CASE WHEN per_delivery.is_covered THEN per_delivery.invoice_id END AS invoice_id,
                       CASE WHEN per_delivery.is_covered THEN per_delivery.invoice_date END AS invoice_date,
                       picking.company_id,
                       partner.commercial_partner_id AS partner_id,
                       CASE WHEN per_delivery.is_covered
                            THEN GREATEST(per_delivery.invoice_date - picking.date_done::date, 0)
                       END AS lag_days
                  FROM per_delivery
                  JOIN stock_picking picking ON picking.id = per_delivery.picking_id
                  JOIN sale_order so ON so.id = picking.sale_id
                  JOIN res_partner partner ON partner.id = so.partner_id
                """
            ),
        )
