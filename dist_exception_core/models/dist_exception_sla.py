# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .selection import SEVERITIES


class DistExceptionSla(models.Model):
    _name = "dist.exception.sla"
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

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for sla in self:
            if sla.response_hours < 0 or sla.resolution_hours < 0:
                raise ValidationError(self.env._("The SLA targets of “%s” cannot be negative.", sla.type_id.name))
            if sla.response_hours > sla.resolution_hours:
                raise ValidationError(
                    self.env._(
                        "In “%s”, the response target cannot be longer than the resolution target.", sla.type_id.name
                    )
                )
