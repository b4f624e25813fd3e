# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    dist_dunning_paused = fields.Boolean(
        string="Dunning Paused",
        readonly=True,
        copy=False,
        help="Set on the receivable of an invoice in dispute: reminders and credit holds skip it.",
    )
