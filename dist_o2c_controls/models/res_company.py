# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import CUSTOMER_TIERS
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dist_discount_control = fields.Boolean(
        string="Discount Approval",
        help="Quotations discounted below the pricelist beyond the 'sale_discount' threshold need approval.",
    )
    dist_min_margin = fields.Float(
        string="Minimum Margin (%)",
        help="Quotations whose margin at cost is below this need approval (threshold 'sale_margin', "
        "measured in points below the target). 0 switches the control off.",
    )
    dist_rush_control = fields.Boolean(
        string="Rush Order Approval",
        help="Rush orders, and deliveries promised sooner than the standard lead time, need approval "
        "under the 'sale_rush' threshold.",
    )
    dist_substitution_control = fields.Boolean(
        string="Substitution Approval",
        help="Substituting a product on a confirmed order needs approval under the 'sale_substitution' "
        "threshold; without it the substitution applies at once.",
    )
    dist_lot_change_control = fields.Boolean(
        string="Lot Change Approval",
        help="Delivering another lot than the one promised to the customer needs approval under the "
        "'sale_lot_change' threshold.",
    )
    dist_promise_control = fields.Boolean(
        string="Promise Change Control",
        help="On confirmed orders the promised date changes through the Change Promised Date wizard "
        "only: with a reason, logged, told to the customer, and beyond the 'sale_promise_delay' "
        "threshold (days later than the current promise) after approval.",
    )
    dist_credit_control = fields.Boolean(
        string="Credit Control",
        help="Confirming an order that takes the customer past their credit limit, or while they have "
        "invoices overdue beyond the grace period, puts it on credit hold.",
    )
    dist_credit_grace_days = fields.Integer(
        string="Overdue Grace Days",
        default=15,
        help="Invoices overdue for more days than this put new orders of the customer on hold.",
    )
    dist_credit_check_delivery = fields.Boolean(
        string="Credit Check at Delivery",
        default=True,
        help="With the credit control on, a delivery to a customer over their credit limit is refused "
        "until Finance releases the order's credit.",
    )
    dist_credit_check_invoice = fields.Boolean(
        string="Credit Check at Invoicing",
        default=True,
        help="With the credit control on, an invoice of a sale for a customer over their credit limit "
        "cannot be posted until Finance releases the order's credit; an invoice without a sale can only "
        "be posted over the limit by who could release that exposure.",
    )
    dist_credit_release_days = fields.Integer(
        string="Credit Release Valid (days)",
        default=30,
        help="A credit release covers the order for this many days; after that a new release is "
        "needed. 0: a release does not expire.",
    )
    dist_invoice_release_control = fields.Boolean(
        string="Invoice Release Control",
        help="Customer invoices cannot be posted for goods not delivered yet, nor, for customers "
        "invoiced on completion, before the order is fully delivered.",
    )
    dist_pod_control = fields.Boolean(
        string="Proof of Delivery Before Invoicing",
        help="Invoices of customers who require a proof of delivery are held until every delivery invoiced has one.",
    )
    dist_allocation_control = fields.Boolean(
        string="Allocation Override Control",
        help="Stock reserved for customers of the protected tiers goes to another order through an "
        "allocation override only (Take Reserved Stock): with a reason, traced on both orders, and "
        "above the 'sale_allocation_override' threshold (in quantity) after approval.",
    )
    dist_allocation_tier = fields.Selection(
        selection=[("standard", "Every customer"), ("priority", "Priority and strategic"), ("strategic", "Strategic")],
        string="Protect Reservations Of",
        default="priority",
        help="Reservations of these customers are protected by the allocation override control.",
    )
    dist_backorder_tier = fields.Selection(
        selection=[("standard", "Every customer"), ("priority", "Priority and strategic"), ("strategic", "Strategic")],
        string="Backorder Follow-up For",
        default="priority",
        help="Backorders of these customers open an exception, plan a review and tell the customer the new date.",
    )

    @api.constrains("dist_credit_grace_days")
    def _check_dist_credit_grace_days(self):
        if any(company.dist_credit_grace_days < 0 for company in self):
            raise ValidationError(self.env._("The overdue grace period cannot be negative."))

    @api.constrains("dist_credit_release_days")
    def _check_dist_credit_release_days(self):
        if any(company.dist_credit_release_days < 0 for company in self):
            raise ValidationError(self.env._("The validity of a credit release cannot be negative."))

    @api.constrains("dist_min_margin")
    def _check_dist_min_margin(self):
        if any(not 0 <= company.dist_min_margin < 100 for company in self):
            raise ValidationError(self.env._("The minimum margin is a percentage from 0 to 100."))

    @api.model
    def _dist_controls(self):
        return dict(
            super()._dist_controls(),
            dist_discount_control=("sale_discount",),
            dist_min_margin=("sale_margin",),
            dist_rush_control=("sale_rush",),
            dist_substitution_control=("sale_substitution",),
            dist_lot_change_control=("sale_lot_change",),
            dist_credit_control=("credit_release",),
            dist_promise_control=("sale_promise_delay",),
            dist_allocation_control=("sale_allocation_override",),
        )

    def _dist_backorder_tiers(self):
        self.ensure_one()
        return self._dist_tiers_from(self.dist_backorder_tier)

    def _dist_allocation_tiers(self):
        self.ensure_one()
        return self._dist_tiers_from(self.dist_allocation_tier)

    @staticmethod
    def _dist_tiers_from(lowest):
        tiers = [tier for tier, _label in CUSTOMER_TIERS]
        return tuple(tiers[tiers.index(lowest or "priority") :])
