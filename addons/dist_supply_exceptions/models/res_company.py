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

    @api.constrains("dist_po_confirm_days")
    def _check_dist_po_confirm_days(self):
        if any(company.dist_po_confirm_days < 0 for company in self):
            raise ValidationError(self.env._("The supplier confirmation delay cannot be negative."))
