# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .selection import SEVERITIES


class DistExceptionSla(models.Model):
    _name = "dist.exception.sla"
    _inherit = ["dist.sla.target.mixin"]
    _description = "Exception SLA Target"
    _order = "type_id, severity desc"

    type_id = fields.Many2one(
        comodel_name="dist.exception.type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    severity = fields.Selection(selection=SEVERITIES, required=True)
    response_hours = fields.Float(required=True, help="Working hours to acknowledge the exception.")
    resolution_hours = fields.Float(required=True, help="Working hours to resolve the exception.")

    _sql_constraints = [
        ("severity_uniq", "unique(type_id, severity)", "Each severity has one SLA target per exception type."),
    ]

    def _dist_sla_target_name(self):
        return self.type_id.name
