# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dist_approval_overdue_hours = fields.Float(
        string="Approval Overdue After (hours)",
        default=24.0,
        help="A pending approval request older than this raises an 'Approval overdue' exception.",
    )

    @api.constrains("dist_approval_overdue_hours")
    def _check_dist_approval_overdue_hours(self):
        if any(company.dist_approval_overdue_hours < 0 for company in self):
            raise ValidationError(self.env._("The approval waiting time cannot be negative."))
