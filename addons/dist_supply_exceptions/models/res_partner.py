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
        help="Share of the last 12 months' purchase receipts received by their planned date; an open receipt "
        "past its planned date counts as late (dist.supplier.receipt).",
    )
    dist_supplier_avg_delay = fields.Float(
        string="Average Delay (days)",
        compute="_compute_dist_supplier_reliability",
        groups="purchase.group_purchase_user",
        help="Average days late of the last 12 months' receipts (on-time ones count as 0; an open overdue one "
        "is late until today).",
    )
    dist_supplier_ack_rate = fields.Float(
        string="Acknowledged On Time (%)",
        compute="_compute_dist_supplier_acknowledgement",
        groups="purchase.group_purchase_user",
        help="Share of the last 12 months' confirmed purchase orders the vendor acknowledged within the company's "
        "allowed confirmation days (dist.supplier.confirmation).",
    )
    dist_supplier_ack_count = fields.Integer(
        string="Orders Measured (12 months)",
        compute="_compute_dist_supplier_acknowledgement",
        groups="purchase.group_purchase_user",
    )

    def _compute_dist_supplier_acknowledgement(self):
        figures = self._dist_supplier_acknowledgement()
        for partner in self:
            count, on_time = figures.get(partner.commercial_partner_id.id, (0, 0.0))
            partner.dist_supplier_ack_count = count
            partner.dist_supplier_ack_rate = on_time

    def _dist_supplier_acknowledgement(self):
        """Return {commercial partner id: (orders measured, % acknowledged on time)} over the
        last 12 months of confirmed orders (dist.supplier.confirmation holds the definition)."""
        if not self.ids:
            return {}
        self.env["purchase.order"].flush_model(["state", "date_approve", "dist_acknowledged_date", "partner_id"])
        groups = self.env["dist.supplier.confirmation"]._read_group(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("date", ">=", fields.Datetime.subtract(fields.Datetime.now(), months=12)),
            ],
            groupby=["partner_id"],
            # count() and avg() leave out orders not measured yet (on_time NULL).
            aggregates=["on_time:count", "on_time:avg"],
        )
        return {partner.id: (count, on_time) for partner, count, on_time in groups}

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
        self.env["stock.move"].flush_model(["state", "date", "purchase_line_id", "picking_id"])
        self.env["stock.picking"].flush_model(["state", "picking_type_id", "company_id"])
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
