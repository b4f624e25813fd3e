# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    dist_short_reason_required = fields.Boolean(
        string="Short Picks Need a Reason",
        default=True,
        help="A delivery or pick validated with less than the demand asks why before it is done.",
    )
    dist_blocked_hours = fields.Float(
        string="Blocked After (hours)",
        default=24.0,
        help="A transfer still waiting this long after its scheduled date is reported as blocked.",
    )
    dist_dispatch_grace_hours = fields.Float(
        string="Dispatch Grace (hours)",
        default=4.0,
        help="A delivery ready to ship but not shipped this long after its scheduled date is a dispatch delay.",
    )
    dist_variance_qty_limit = fields.Float(
        string="Variance Quantity Limit",
        default=10.0,
        help="A count differing from the book quantity by more units than this needs approval.",
    )
    dist_variance_value_limit = fields.Monetary(
        string="Variance Value Limit",
        default=500.0,
        currency_field="dist_currency_id",
        help="A count whose difference is worth more than this (at cost) needs approval.",
    )
    dist_currency_id = fields.Many2one(related="company_id.currency_id")

    @api.constrains(
        "dist_blocked_hours", "dist_dispatch_grace_hours", "dist_variance_qty_limit", "dist_variance_value_limit"
    )
    def _check_dist_thresholds(self):
        for warehouse in self:
            if (
                min(
                    warehouse.dist_blocked_hours,
                    warehouse.dist_dispatch_grace_hours,
                    warehouse.dist_variance_qty_limit,
                    warehouse.dist_variance_value_limit,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("The exception thresholds of warehouse %s cannot be negative.", warehouse.name)
                )

    def _dist_variance_needs_approval(self, qty, value):
        """Whether a count difference of ``qty`` units worth ``value`` is beyond this warehouse's limits."""
        self.ensure_one()
        return abs(qty) > self.dist_variance_qty_limit or abs(value) > self.dist_variance_value_limit
