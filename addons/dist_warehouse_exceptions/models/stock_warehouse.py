# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The warehouse switches of this module, each off by default: a fresh install leaves
# Odoo's inventory flows exactly as they are until a warehouse opts in.
CONTROL_FIELDS = (
    "dist_variance_control",
    "dist_adjustment_reason_required",
    "dist_short_reason_required",
    "dist_return_reason_required",
    "dist_return_authorization_required",
    "dist_damage_reason_required",
)


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    dist_variance_control = fields.Boolean(
        string="Count Variance Approval",
        help="A count differing from the book quantity by more than the quantity or value limit is "
        "applied only once approved under the 'stock_variance' approval threshold. Off: counts are "
        "applied as in standard Odoo, whatever their difference.",
    )
    dist_adjustment_reason_required = fields.Boolean(
        string="Counts Need a Reason",
        help="A count that changes the stock is applied only with an adjustment reason.",
    )
    dist_short_reason_required = fields.Boolean(
        string="Short Picks Need a Reason",
        help="A delivery or pick validated with less than the demand asks why before it is done.",
    )
    dist_return_reason_required = fields.Boolean(
        string="Customer Returns Need a Reason",
        help="A return of a customer delivery is created only with a return reason.",
    )
    dist_return_authorization_required = fields.Boolean(
        string="Customer Returns Need an Authorization",
        help="A return of a customer delivery is created only under an authorized return authorization "
        "of that delivery, for at most its quantities; authorizing one worth more than the "
        "'return_authorization' approval threshold needs an approved request.",
    )
    dist_damage_reason_required = fields.Boolean(
        string="Scraps Need a Damage Reason",
        help="Goods are scrapped from this warehouse only with a damage reason.",
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
        help="With Count Variance Approval on, a count differing from the book quantity by more units "
        "(of the product's unit of measure) than this needs approval.",
    )
    dist_variance_value_limit = fields.Monetary(
        string="Variance Value Limit",
        default=500.0,
        currency_field="dist_currency_id",
        help="With Count Variance Approval on, a count whose difference is worth more than this (at cost) "
        "needs approval.",
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

    @api.constrains("dist_return_authorization_required", "company_id", "active")
    def _check_dist_return_authorization_required(self):
        """Fail closed: the control needs a threshold saying who approves a costly return."""
        rules = self.env["dist.approval.rule"]
        label = self._fields["dist_return_authorization_required"].string
        for warehouse in self.filtered(lambda w: w.dist_return_authorization_required and w.active):
            rules._dist_check_usable("return_authorization", warehouse.company_id, f"{label} ({warehouse.name})")

    @api.constrains("dist_variance_control", "company_id", "active")
    def _check_dist_variance_control(self):
        """The variance control cannot be on without a threshold saying who approves: it
        would stop every count beyond the limits with nobody able to let it through."""
        self.filtered(lambda w: w.dist_variance_control and w.active)._dist_check_variance_threshold()

    def _dist_check_variance_threshold(self):
        rules = self.env["dist.approval.rule"]
        label = self._fields["dist_variance_control"].string
        for warehouse in self:
            rules._dist_check_usable("stock_variance", warehouse.company_id, f"{label} ({warehouse.name})")

    def _dist_variance_needs_approval(self, qty, value):
        """Whether a count difference of ``qty`` units worth ``value`` needs approval here:
        the variance control is on and the difference is beyond a limit."""
        self.ensure_one()
        return self.dist_variance_control and (
            abs(qty) > self.dist_variance_qty_limit or abs(value) > self.dist_variance_value_limit
        )
