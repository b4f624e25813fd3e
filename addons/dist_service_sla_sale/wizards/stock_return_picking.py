# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _create_return(self):
        new_picking = super()._create_return()
        ticket = self.env["helpdesk.ticket"].browse(self.env.context.get("dist_ticket_id")).exists()
        if ticket:
            new_picking.dist_ticket_id = ticket
            ticket.message_post(
                body=self.env._("Return %s started for this ticket.", new_picking.name),
                subtype_xmlid="mail.mt_note",
            )
        return new_picking
