# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dist_discount_control = fields.Boolean(related="company_id.dist_discount_control", readonly=False)
    dist_min_margin = fields.Float(related="company_id.dist_min_margin", readonly=False)
    dist_rush_control = fields.Boolean(related="company_id.dist_rush_control", readonly=False)
    dist_substitution_control = fields.Boolean(related="company_id.dist_substitution_control", readonly=False)
    dist_lot_change_control = fields.Boolean(related="company_id.dist_lot_change_control", readonly=False)
    dist_promise_control = fields.Boolean(related="company_id.dist_promise_control", readonly=False)
    dist_pod_control = fields.Boolean(related="company_id.dist_pod_control", readonly=False)
    dist_credit_control = fields.Boolean(related="company_id.dist_credit_control", readonly=False)
    dist_credit_grace_days = fields.Integer(related="company_id.dist_credit_grace_days", readonly=False)
    dist_credit_check_delivery = fields.Boolean(related="company_id.dist_credit_check_delivery", readonly=False)
    dist_credit_check_invoice = fields.Boolean(related="company_id.dist_credit_check_invoice", readonly=False)
    dist_credit_release_days = fields.Integer(related="company_id.dist_credit_release_days", readonly=False)
    dist_invoice_release_control = fields.Boolean(related="company_id.dist_invoice_release_control", readonly=False)
    dist_backorder_tier = fields.Selection(related="company_id.dist_backorder_tier", readonly=False)
    dist_allocation_control = fields.Boolean(related="company_id.dist_allocation_control", readonly=False)
    dist_allocation_tier = fields.Selection(related="company_id.dist_allocation_tier", readonly=False)
