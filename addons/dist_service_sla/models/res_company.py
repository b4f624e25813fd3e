# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dist_recurrence_days = fields.Integer(
        string="Recurrence Window (days)",
        default=90,
        help="A ticket for the same customer, product and root cause as one closed within "
        "this many days is a recurrence.",
    )

    @api.constrains("dist_recurrence_days")
    def _check_dist_recurrence_days(self):
        if any(company.dist_recurrence_days <= 0 for company in self):
            raise ValidationError(self.env._("The recurrence window must be at least one day."))
