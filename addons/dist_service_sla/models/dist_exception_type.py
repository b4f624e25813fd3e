# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class DistExceptionType(models.Model):
    _inherit = "dist.exception.type"

    customer_facing = fields.Boolean(
        help="The customer feels this problem: each exception opens (or joins) a helpdesk ticket "
        "about the same document (order, delivery, invoice...), and closing one side closes the other.",
    )
    ticket_team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        help="Team of the tickets opened by this type when no routing rule matches.",
    )
