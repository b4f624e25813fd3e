# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DistReturnAuthorization(models.Model):
    _inherit = "dist.return.authorization"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        index="btree_not_null",
        check_company=True,
        help="The customer ticket the authorization was given from: its return is listed there too.",
    )
