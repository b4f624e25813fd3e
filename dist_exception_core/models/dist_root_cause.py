# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .selection import LAYERS


class DistRootCause(models.Model):
    _name = "dist.root.cause"
    _description = "Exception Root Cause"
    _order = "layer, sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    layer = fields.Selection(
        selection=LAYERS,
        help="Visibility layer the cause belongs to; empty for causes that apply everywhere.",
    )
    description = fields.Text()
    false_positive = fields.Boolean(
        help="The exception should not have been raised (a detector or threshold wrong for this "
        "case): closures with this cause make up each exception type's false-positive rate.",
    )
    company_id = fields.Many2one(comodel_name="res.company")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A root cause code must be unique per company."),
    ]
