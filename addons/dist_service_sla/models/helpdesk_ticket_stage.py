# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    dist_sla_pause = fields.Boolean(
        string="Pauses the SLA",
        help="While a ticket is in this stage (waiting for the customer, say) its SLA clock "
        "stops; the working hours spent here push its deadlines back.",
    )
