# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistTicketRoutingRule(models.Model):
    """Sends a new ticket to a team and an owner. The first rule in sequence whose
    conditions all hold applies; an empty condition holds for every ticket."""

    _name = "dist.ticket.routing.rule"
    _description = "Ticket Routing Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    category_id = fields.Many2one(comodel_name="helpdesk.ticket.category")
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", domain=[("is_company", "=", True)])
    customer_tier = fields.Selection(
        selection=[("standard", "Standard"), ("priority", "Priority"), ("strategic", "Strategic")],
    )
    product_id = fields.Many2one(comodel_name="product.product")
    source_model = fields.Selection(
        selection="_dist_source_model_selection",
        string="Source Document",
        help="Tickets about this kind of document (opened from an exception on it).",
    )
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", required=True, check_company=True)
    assignment = fields.Selection(
        selection=[
            ("user", "Fixed owner"),
            ("round_robin", "Round-robin in the team"),
            ("least_loaded", "Least-loaded member of the team"),
            ("none", "Leave unassigned"),
        ],
        required=True,
        default="least_loaded",
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Owner", domain=[("share", "=", False)])

    _check_company_auto = True

    @api.model
    def _dist_source_model_selection(self):
        # The kinds of document tickets link to, as the ticket form names them.
        tickets = self.env["helpdesk.ticket"]
        return [(model, tickets._fields[name].string) for model, name in tickets._dist_document_fields().items()]

    @api.constrains("assignment", "user_id")
    def _check_owner(self):
        for rule in self:
            if rule.assignment == "user" and not rule.user_id:
                raise ValidationError(
                    self.env._("The routing rule “%s” assigns a fixed owner: choose them.", rule.name)
                )

    def _dist_matches(self, ticket):
        self.ensure_one()
        partner = ticket.commercial_partner_id
        return (
            self.company_id == ticket.company_id
            and (not self.category_id or self.category_id == ticket.category_id)
            and (not self.partner_id or self.partner_id == partner)
            and (not self.customer_tier or self.customer_tier == (partner.dist_customer_tier or "standard"))
            and (not self.product_id or self.product_id == ticket.dist_product_id)
            and (not self.source_model or self.source_model == ticket._dist_source_model())
        )

    def _dist_pick_owner(self, tickets_so_far, load_cache):
        """The owner for the next ticket of this rule; ``tickets_so_far`` counts the
        tickets given to each member in the current batch, so a batch spreads too, and
        ``load_cache`` keeps each team's open-ticket counts for the batch."""
        self.ensure_one()
        members = self.team_id.user_ids.filtered(lambda u: not u.share and u.active).sorted("id")
        if self.assignment == "user":
            return self.user_id
        if self.assignment == "none" or not members:
            return self.env["res.users"]
        if self.assignment == "round_robin":
            last = self.team_id.dist_last_assigned_id
            after = members.filtered(lambda u: u.id > last.id)
            owner = (after or members)[:1]
            self.team_id.sudo().dist_last_assigned_id = owner
            return owner
        if self.team_id.id not in load_cache:
            groups = self.env["helpdesk.ticket"]._read_group(
                [("user_id", "in", members.ids), ("closed", "=", False)], groupby=["user_id"], aggregates=["__count"]
            )
            load_cache[self.team_id.id] = {user.id: count for user, count in groups}
        load = load_cache[self.team_id.id]
        return min(members, key=lambda u: (load.get(u.id, 0) + tickets_so_far.get(u.id, 0), u.id))
