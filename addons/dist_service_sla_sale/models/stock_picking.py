# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    dist_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The customer ticket this return was started from.",
    )
