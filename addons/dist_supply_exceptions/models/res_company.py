# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dist_po_confirm_days = fields.Integer(
        string="Supplier Confirmation Within (days)",
        default=3,
        help="A request for quotation sent to a supplier longer ago than this, still not "
        "confirmed, raises an 'Unconfirmed purchase order' exception.",
    )
    dist_purchase_approval = fields.Boolean(
        string="Purchase Approval",
        help="Purchase orders are confirmed only once approved when their amount falls in a band of "
        "the 'purchase_amount' threshold, or, for emergency and off-contract purchases, of the "
        "'purchase_nonstandard' threshold.",
    )

    @api.constrains("dist_po_confirm_days")
    def _check_dist_po_confirm_days(self):
        if any(company.dist_po_confirm_days < 0 for company in self):
            raise ValidationError(self.env._("The supplier confirmation delay cannot be negative."))

    @api.model
    def _dist_controls(self):
        return dict(super()._dist_controls(), dist_purchase_approval=("purchase_amount", "purchase_nonstandard"))
