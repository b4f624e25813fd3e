# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import create_view


class DistKpiInvoice(models.Model):
    """One row per posted customer invoice of delivered goods: days from the last delivery
    to the invoice date."""

    _name = "dist.kpi.invoice"
    _description = "Invoice Lag"
    _auto = False
    _order = "date desc"
    _rec_name = "invoice_id"

    invoice_id = fields.Many2one(comodel_name="account.move", readonly=True)
    date = fields.Date(string="Invoice Date", readonly=True)
    delivered_date = fields.Datetime(string="Delivered On", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    lag_days = fields.Float(string="Invoice Lag (days)", readonly=True, aggregator="avg")
    amount_untaxed = fields.Float(readonly=True)

    def init(self):
        create_view(
            self.env.cr,
            self._table,
            SQL(
                """
                SELECT move.id AS id,
                       move.id AS invoice_id,
                       move.invoice_date AS date,
                       delivered.last_done AS delivered_date,
                       move.company_id,
                       move.commercial_partner_id AS partner_id,
                       move.invoice_date - delivered.last_done::date AS lag_days,
                       move.amount_untaxed_signed AS amount_untaxed
                  FROM account_move move
                  JOIN LATERAL (
                        SELECT MAX(picking.date_done) AS last_done
                          FROM account_move_line move_line
                          JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = move_line.id
                          JOIN sale_order_line sale_line ON sale_line.id = rel.order_line_id
                          JOIN stock_picking picking ON picking.sale_id = sale_line.order_id AND picking.state = 'done'
                         WHERE move_line.move_id = move.id
                  ) delivered ON delivered.last_done IS NOT NULL
                 WHERE move.move_type = 'out_invoice' AND move.state = 'posted'
                """
            ),
        )
