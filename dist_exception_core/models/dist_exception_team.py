# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DistExceptionTeam(models.Model):
    _name = "dist.exception.team"
    _description = "Exception Team"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the team between companies.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Team Leader",
        help="Acts as the manager of the team's members on escalation ladders.",
    )
    member_ids = fields.Many2many(
        comodel_name="res.users",
        relation="dist_exception_team_member_rel",
        column1="team_id",
        column2="user_id",
        string="Members",
    )
    open_exception_count = fields.Integer(compute="_compute_open_exception_count")

    def _compute_open_exception_count(self):
        groups = self.env["dist.exception"]._read_group(
            [("team_id", "in", self.ids), ("state", "in", ("new", "acknowledged", "in_progress", "on_hold"))],
            groupby=["team_id"],
            aggregates=["__count"],
        )
        counts = {team.id: count for team, count in groups}
        for team in self:
            team.open_exception_count = counts.get(team.id, 0)

    @api.model
    def _dist_leader_of(self, users):
        """Return {user id: leader user} for the teams ``users`` belong to."""
        teams = self.search([("member_ids", "in", users.ids), ("user_id", "!=", False)])
        leaders = {}
        for team in teams:
            for member in team.member_ids & users:
                leaders.setdefault(member.id, team.user_id)
        return leaders
