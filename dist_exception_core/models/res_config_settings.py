# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dist_approval_overdue_hours = fields.Float(
        related="company_id.dist_approval_overdue_hours",
        readonly=False,
    )
    dist_approval_reminder_hours = fields.Float(
        related="company_id.dist_approval_reminder_hours",
        readonly=False,
    )
    dist_exception_cost_control = fields.Boolean(
        related="company_id.dist_exception_cost_control",
        readonly=False,
    )
    dist_expedited_freight_control = fields.Boolean(
        related="company_id.dist_expedited_freight_control",
        readonly=False,
    )
    dist_resource_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id",
        readonly=False,
    )
