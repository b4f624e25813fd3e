# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistExceptionTypeCompany(models.Model):
    """How one company works an exception type shared by all: its own owner, team,
    escalation ladder and SLA targets, where they differ from the type's."""

    _name = "dist.exception.type.company"
    _inherit = ["dist.sla.target.mixin"]
    _description = "Exception Type per Company"
    _order = "type_id, company_id"
    _check_company_auto = True

    type_id = fields.Many2one(
        comodel_name="dist.exception.type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)
    team_id = fields.Many2one(comodel_name="dist.exception.team", string="Owning Team", check_company=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    ladder_id = fields.Many2one(comodel_name="dist.escalation.ladder", string="Escalation Ladder")
    response_hours = fields.Float(help="Working hours to acknowledge, for every severity; 0 keeps the type's targets.")
    resolution_hours = fields.Float(help="Working hours to resolve, for every severity; 0 keeps the type's targets.")

    def _dist_sla_target_name(self):
        return self.type_id.name

    _sql_constraints = [
        ("type_company_uniq", "unique(type_id, company_id)", "A company has one set of settings per exception type."),
    ]

    @api.constrains("user_id", "company_id", "response_hours", "resolution_hours")
    def _check_values(self):
        for setting in self:
            if setting.user_id and setting.company_id not in setting.user_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s does not work for %(company)s: they cannot own its “%(type)s” exceptions.",
                        user=setting.user_id.name,
                        company=setting.company_id.name,
                        type=setting.type_id.name,
                    )
                )
            if bool(setting.response_hours) != bool(setting.resolution_hours):
                raise ValidationError(
                    self.env._(
                        "Give %(company)s both targets of “%(type)s”, or neither to keep the type's.",
                        company=setting.company_id.name,
                        type=setting.type_id.name,
                    )
                )
