# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
        over the last 12 months of done receipts, in one query (dist.supplier.receipt holds
        the definition)."""
        if not self.ids:
            return {}
        # A view over moves and purchase lines: what is pending in the cache must be written first.
        self.env["stock.move"].flush_model(["state", "date", "purchase_line_id"])
        self.env["purchase.order.line"].flush_model(["date_planned", "partner_id"])
        groups = self.env["dist.supplier.receipt"]._read_group(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("date", ">=", fields.Datetime.subtract(fields.Datetime.now(), months=12)),
            ],
            groupby=["partner_id"],
            aggregates=["__count", "on_time:avg", "delay_days:avg"],
        )
        return {partner.id: (count, on_time, delay) for partner, count, on_time, delay in groups}
