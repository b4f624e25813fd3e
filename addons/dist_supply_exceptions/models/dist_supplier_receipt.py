# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class DistSupplierReceipt(models.Model):
    """One row per purchase receipt (picking), done or still open: on time against its
    planned date, and days late. The one definition of on-time receipt: the vendor's
    figures and the dashboards' KPI both read it.

    Planned date = the latest planned date of the purchase lines it receives. A done
    receipt is on time when its last move was received by then; an open receipt past its
    planned date is late (received date empty, days late counted to now); an open receipt
    not yet due is not measured. On-time receipt = 100 * receipts on time / receipts
    measured; the row's date is the received date, or the planned date while open."""

    _name = "dist.supplier.receipt"
    _description = "Supplier Receipt Reliability"
    _auto = False
    _order = "date desc"
    _rec_name = "picking_id"

    picking_id = fields.Many2one(comodel_name="stock.picking", string="Receipt", readonly=True)
    purchase_id = fields.Many2one(comodel_name="purchase.order", string="Purchase Order", readonly=True)
    date = fields.Datetime(readonly=True, help="Received on; the planned date for an overdue open receipt.")
    received_date = fields.Datetime(string="Received On", readonly=True)
    planned_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Vendor", readonly=True)
    is_open = fields.Boolean(string="Open", readonly=True)
    on_time = fields.Float(string="On Time (%)", readonly=True, aggregator="avg")
    delay_days = fields.Float(string="Days Late", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    WITH receipt AS (
                        SELECT picking.id AS picking_id,
                               MIN(line.order_id) AS purchase_id,
                               picking.company_id,
                               MIN(vendor.commercial_partner_id) AS partner_id,
                               picking.state NOT IN ('done', 'cancel') AS is_open,
                               CASE WHEN picking.state = 'done' THEN MAX(move.date) END AS received_date,
                               MAX(line.date_planned) AS planned_date
                          FROM stock_picking picking
                          JOIN stock_move move ON move.picking_id = picking.id
                          JOIN purchase_order_line line ON line.id = move.purchase_line_id
                          JOIN res_partner vendor ON vendor.id = line.partner_id
                          JOIN stock_picking_type picking_type ON picking_type.id = picking.picking_type_id
                         WHERE picking_type.code = 'incoming' AND picking.state != 'cancel'
                           AND move.state != 'cancel'
                      GROUP BY picking.id
                    )
                    SELECT picking_id AS id, picking_id, purchase_id, company_id, partner_id, is_open,
                           COALESCE(received_date, planned_date) AS date,
                           received_date, planned_date,
                           CASE WHEN received_date <= planned_date THEN 100.0 ELSE 0.0 END AS on_time,
                           GREATEST(
                               EXTRACT(EPOCH FROM (COALESCE(received_date, NOW() AT TIME ZONE 'UTC') - planned_date))
                               / 86400, 0
                           ) AS delay_days
                      FROM receipt
                     WHERE NOT is_open OR planned_date < NOW() AT TIME ZONE 'UTC'
                )
                """,
                SQL.identifier(self._table),
            )
        )


class DistSupplierConfirmation(models.Model):
    """One row per confirmed purchase order: was it acknowledged by the vendor within the
    company's allowed confirmation days (dist_po_confirm_days) of its confirmation?

    Due = confirmation date (date_approve) + allowed days. On time = acknowledged
    (dist_acknowledged_date, dated the first time Odoo's Reception Confirmed flag is set)
    by the due date; late = acknowledged after it, or not acknowledged once it has passed;
    an order not acknowledged and not yet due is not measured. Supplier confirmation
    reliability = 100 * orders on time / orders measured, dated by confirmation."""

    _name = "dist.supplier.confirmation"
    _description = "Supplier Confirmation Reliability"
    _auto = False
    _order = "date desc"
    _rec_name = "purchase_id"

    purchase_id = fields.Many2one(comodel_name="purchase.order", string="Purchase Order", readonly=True)
    date = fields.Datetime(string="Confirmed On", readonly=True)
    due_date = fields.Datetime(string="Acknowledgement Due", readonly=True)
    acknowledged_date = fields.Datetime(string="Acknowledged On", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Vendor", readonly=True)
    on_time = fields.Float(string="Acknowledged On Time (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT po.id AS id, po.id AS purchase_id, po.date_approve AS date,
                           due.due_date, po.dist_acknowledged_date AS acknowledged_date, po.company_id,
                           vendor.commercial_partner_id AS partner_id,
                           CASE WHEN po.dist_acknowledged_date <= due.due_date THEN 100.0
                                WHEN po.dist_acknowledged_date IS NOT NULL THEN 0.0
                                WHEN due.due_date < NOW() AT TIME ZONE 'UTC' THEN 0.0
                           END AS on_time
                      FROM purchase_order po
                      JOIN res_company company ON company.id = po.company_id
                      JOIN res_partner vendor ON vendor.id = po.partner_id
                      CROSS JOIN LATERAL (
                            SELECT po.date_approve + COALESCE(company.dist_po_confirm_days, 0) * INTERVAL '1 day'
                                   AS due_date
                      ) due
                     WHERE po.state IN ('purchase', 'done') AND po.date_approve IS NOT NULL
                )
                """,
                SQL.identifier(self._table),
            )
        )
