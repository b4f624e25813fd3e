# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dist_po_confirm_days = fields.Integer(related="company_id.dist_po_confirm_days", readonly=False)
    dist_purchase_approval = fields.Boolean(related="company_id.dist_purchase_approval", readonly=False)
