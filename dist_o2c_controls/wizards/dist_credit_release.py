# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DistCreditRelease(models.TransientModel):
    _name = "dist.credit.release"
    _description = "Release Credit Hold"

    order_id = fields.Many2one(comodel_name="sale.order", required=True, readonly=True)
    hold_reason = fields.Text(related="order_id.dist_credit_hold_reason")
    reason = fields.Text(required=True, help="Why the order may go ahead despite the credit policy.")

    def action_release(self):
        self.ensure_one()
        return self.order_id._dist_release_credit_hold(self.reason)
