# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

TICKET_PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class DistTicketSlaPolicy(models.Model):
    """First-response and resolution targets for the tickets it matches; the first
    matching policy in sequence applies."""

    _name = "dist.ticket.sla.policy"
    _inherit = ["dist.sla.target.mixin"]
    _description = "Ticket SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    team_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.team",
        string="Teams",
        help="Leave empty for every team.",
    )
    category_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.category",
        string="Categories",
        help="Leave empty for every category.",
    )
    customer_tier = fields.Selection(
        selection=[("standard", "Standard"), ("priority", "Priority"), ("strategic", "Strategic")],
        help="Only customers of this service tier; leave empty for every customer.",
    )
    priority = fields.Selection(
        selection=TICKET_PRIORITIES,
        string="Minimum Priority",
        help="Only tickets of this priority or higher; leave empty for every priority.",
    )
    response_hours = fields.Float(string="First Response (working hours)", default=4.0)
    resolution_hours = fields.Float(string="Resolution (working hours)", default=24.0)
    at_risk_percent = fields.Integer(
        string="At Risk Below (%)",
        default=25,
        help="The ticket is at risk once less than this share of the allowed time remains.",
    )
    ladder_id = fields.Many2one(
        comodel_name="dist.escalation.ladder",
        string="Escalation Ladder",
        help="Levels climbed by the scheduled action once the deadlines pass.",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")

    def _compute_ticket_count(self):
        groups = self.env["helpdesk.ticket"]._read_group(
            [("dist_sla_policy_id", "in", self.ids)], groupby=["dist_sla_policy_id"], aggregates=["__count"]
        )
        counts = {policy.id: count for policy, count in groups}
        for policy in self:
            policy.ticket_count = counts.get(policy.id, 0)

    @api.constrains("response_hours", "resolution_hours", "at_risk_percent")
    def _check_targets(self):
        for policy in self:
            # Never negative, response not after resolution: dist.sla.target.mixin. A policy
            # applies its targets, so unlike an exception type's rows it has no "not set here".
            if policy.response_hours <= 0 or policy.resolution_hours <= 0:
                raise ValidationError(self.env._("The targets of “%s” must be positive.", policy.name))
            if not 0 <= policy.at_risk_percent <= 100:
                raise ValidationError(self.env._("The at-risk share is a percentage between 0 and 100."))

    def _dist_matches(self, ticket):
        self.ensure_one()
        tier = ticket.commercial_partner_id.dist_customer_tier or "standard"
        return (
            self.company_id == ticket.company_id
            and (not self.team_ids or ticket.team_id in self.team_ids)
            and (not self.category_ids or ticket.category_id in self.category_ids)
            and (not self.customer_tier or self.customer_tier == tier)
            and (not self.priority or (ticket.priority or "0") >= self.priority)
        )

    @api.model
    def _dist_policy_for(self, tickets):
        """{ticket id: policy} with the first matching active policy; one search for all.

        Policies are the company's commitment, applied to every ticket whoever opens it (a
        customer on the portal, an employee without helpdesk rights): read as the engine."""
        policies = self.sudo().search([("company_id", "in", tickets.company_id.ids)])
        matched = {
            ticket.id: next((p for p in policies if p._dist_matches(ticket)), policies.browse()) for ticket in tickets
        }
        return {ticket_id: self.browse(policy.ids) for ticket_id, policy in matched.items()}
