# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _create_return(self):
        # A return made under an authorization given from a ticket is the ticket's return.
        new_picking = super()._create_return()
        ticket = self.dist_authorization_id.sudo().ticket_id
        if ticket and not new_picking.dist_ticket_id:
            new_picking.sudo().dist_ticket_id = ticket
        return new_picking
