# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    dist_require_pod = fields.Boolean(
        string="Requires Proof of Delivery",
        help="Invoices for this customer are posted only once the delivery is signed "
        "or its proof of delivery registered.",
    )
    dist_shipping_policy = fields.Selection(
        selection=[("partial", "Ship what is available"), ("complete", "Ship complete")],
        string="Shipping Policy",
        default="partial",
        help="Ship complete: a delivery is validated only in full, never leaving a backorder.",
    )
    dist_invoice_policy = fields.Selection(
        selection=[("delivery", "Per delivery"), ("completion", "On completion")],
        string="Invoicing Policy",
        default="delivery",
        help="On completion: the order is invoiced once everything is delivered.",
    )
