# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DistEscalationLadder(models.Model):
    _name = "dist.escalation.ladder"
    _description = "Escalation Ladder"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to share the ladder between companies.",
    )
    level_ids = fields.One2many(
        comodel_name="dist.escalation.level",
        inverse_name="ladder_id",
        string="Levels",
        copy=True,
    )
    type_ids = fields.One2many(
        comodel_name="dist.exception.type",
        inverse_name="ladder_id",
        string="Exception Types",
    )
