# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistFollowupStep(models.Model):
    _name = "dist.followup.step"
    _description = "Customer Follow-up Step"
    _order = "sequence_id, sequence, id"

    sequence_id = fields.Many2one(
        comodel_name="dist.followup.sequence",
        string="Follow-up Sequence",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    delay_hours = fields.Float(
        string="After (hours)",
        required=True,
        default=24.0,
        help="Hours after the previous message (for the first step: after the problem was raised).",
    )
    template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Message",
        required=True,
        ondelete="restrict",
        domain="[('model', '=', parent.res_model)]",
    )

    @api.constrains("delay_hours")
    def _check_delay_hours(self):
        for step in self:
            if step.delay_hours <= 0:
                raise ValidationError(self.env._("A follow-up step waits a positive number of hours."))
