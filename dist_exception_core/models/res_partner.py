# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .selection import CUSTOMER_TIERS, OPEN_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    dist_customer_tier = fields.Selection(
        selection=CUSTOMER_TIERS,
        string="Service Tier",
        default="standard",
        help="Service commitment to this customer; severity rules and routing read it.",
    )
    dist_exception_count = fields.Integer(
        string="Open Exceptions",
        compute="_compute_dist_exception_count",
        groups="dist_exception_core.dist_exception_core_group_user",
    )

    def _compute_dist_exception_count(self):
        groups = self.env["dist.exception"]._read_group(
            [("partner_id", "child_of", self.commercial_partner_id.ids), ("state", "in", OPEN_STATES)],
            groupby=["partner_id"],
            aggregates=["__count"],
        )
        counts = {}
        for partner, count in groups:
            commercial = partner.commercial_partner_id.id
            counts[commercial] = counts.get(commercial, 0) + count
        for partner in self:
            partner.dist_exception_count = counts.get(partner.commercial_partner_id.id, 0)

    def action_view_dist_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_exception_action")
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"search_default_filter_open": 1, "default_partner_id": self.id}
        return action
