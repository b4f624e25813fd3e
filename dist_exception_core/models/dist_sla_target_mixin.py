# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistSlaTargetMixin(models.AbstractModel):
    """First-response and resolution targets in working hours, wherever they are set: an
    exception type's defaults, its per-severity and per-company rows, a ticket SLA policy.
    Targets of 0 mean "not set here" on rows that fall back to another level."""

    _name = "dist.sla.target.mixin"
    _description = "SLA Targets"

    response_hours = fields.Float(help="Working hours to the first response.")
    resolution_hours = fields.Float(help="Working hours to the resolution.")

    @api.constrains("response_hours", "resolution_hours")
    def _check_sla_targets(self):
        for record in self:
            name = record._dist_sla_target_name()
            if record.response_hours < 0 or record.resolution_hours < 0:
                raise ValidationError(self.env._("The SLA targets of “%s” cannot be negative.", name))
            if record.resolution_hours and record.response_hours > record.resolution_hours:
                raise ValidationError(
                    self.env._("In “%s”, the response target cannot be longer than the resolution target.", name)
                )

    def _dist_sla_target_name(self):
        self.ensure_one()
        return self.display_name
