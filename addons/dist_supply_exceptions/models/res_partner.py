# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    dist_supplier_receipt_count = fields.Integer(
        string="Receipts (12 months)",
        compute="_compute_dist_supplier_reliability",
        groups="purchase.group_purchase_user",
    )
    dist_supplier_on_time_rate = fields.Float(
        string="On-Time Receipts (%)",
        compute="_compute_dist_supplier_reliability",
        groups="purchase.group_purchase_user",
        help="Share of the last 12 months' purchase receipt lines received by their planned date.",
    )
    dist_supplier_avg_delay = fields.Float(
        string="Average Delay (days)",
        compute="_compute_dist_supplier_reliability",
        groups="purchase.group_purchase_user",
        help="Average days late of the last 12 months' receipt lines (on-time lines count as 0).",
    )

    def _compute_dist_supplier_reliability(self):
        figures = self._dist_supplier_reliability()
        for partner in self:
            count, on_time, delay = figures.get(partner.commercial_partner_id.id, (0, 0.0, 0.0))
            partner.dist_supplier_receipt_count = count
            partner.dist_supplier_on_time_rate = on_time
            partner.dist_supplier_avg_delay = delay

    def _dist_supplier_reliability(self):
        """Return {commercial partner id: (receipt lines, on-time %, average days late)}
        over the last 12 months of done receipts, in one query."""
        if not self.ids:
            return {}
        self.env["stock.move"].flush_model(["state", "date", "purchase_line_id"])
        self.env["purchase.order.line"].flush_model(["date_planned", "partner_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id,
                       COUNT(*),
                       100.0 * COUNT(*) FILTER (WHERE m.date <= pol.date_planned) / COUNT(*),
                       AVG(GREATEST(EXTRACT(EPOCH FROM (m.date - pol.date_planned)) / 86400, 0))
                  FROM stock_move m
                  JOIN purchase_order_line pol ON pol.id = m.purchase_line_id
                  JOIN res_partner p ON p.id = pol.partner_id
                 WHERE m.state = 'done'
                   AND m.date >= NOW() - INTERVAL '12 months'
                   AND p.commercial_partner_id IN %s
              GROUP BY p.commercial_partner_id
                """,
                tuple(self.commercial_partner_id.ids),
            )
        )
        return {row[0]: (row[1], float(row[2]), float(row[3])) for row in self.env.cr.fetchall()}
