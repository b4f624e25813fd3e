# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistEscalationLevel(models.Model):
    _name = "dist.escalation.level"
    _description = "Escalation Level"
    _order = "ladder_id, level"

    ladder_id = fields.Many2one(
        comodel_name="dist.escalation.ladder",
        required=True,
        ondelete="cascade",
        index=True,
    )
    level = fields.Integer(
        required=True,
        default=1,
        help="Levels are climbed in order; each one is applied once per exception.",
    )
    deadline = fields.Selection(
        selection=[("response", "Response deadline"), ("resolution", "Resolution deadline")],
        required=True,
        default="resolution",
        help="Response levels only apply while nobody has acknowledged the exception.",
    )
    delay_hours = fields.Float(
        string="Hours Past Deadline",
        default=0.0,
        help="Wall-clock hours after the deadline before this level applies.",
    )
    action = fields.Selection(
        selection=[("notify", "Notify"), ("reassign", "Reassign")],
        required=True,
        default="notify",
        help="Notify gives the target a to-do on the exception; "
        "reassign makes the target its owner (and gives them the to-do).",
    )
    target = fields.Selection(
        selection=[
            ("manager", "Owner's manager"),
            ("team", "Team members"),
            ("user", "Specific user"),
            ("group", "User group"),
        ],
        required=True,
        default="manager",
        help="The owner's manager is the leader of the exception's team, "
        "or of the owner's team when the exception has none.",
    )
    user_id = fields.Many2one(comodel_name="res.users")
    group_id = fields.Many2one(comodel_name="res.groups")
    raise_severity = fields.Boolean(help="Raise the exception's severity by one step at this level.")
    note = fields.Char(help="Instruction shown to the people notified at this level.")

    @api.constrains("action", "target", "user_id", "group_id", "level", "delay_hours", "ladder_id")
    def _check_target(self):
        taken = self._read_group([("ladder_id", "in", self.ladder_id.ids)], ["ladder_id", "level"], ["__count"])
        repeated = {(ladder.id, number) for ladder, number, count in taken if count > 1}
        for level in self:
            if (level.ladder_id.id, level.level) in repeated:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s appears twice in “%(ladder)s”.", level=level.level, ladder=level.ladder_id.name
                    )
                )
            if level.level < 1:
                raise ValidationError(self.env._("Escalation levels start at 1."))
            if level.delay_hours < 0:
                raise ValidationError(
                    self.env._("The delay past the deadline of level %s cannot be negative.", level.level)
                )
            if level.target == "user" and not level.user_id:
                raise ValidationError(self.env._("Level %s targets a specific user: choose the user.", level.level))
            if level.target == "group" and not level.group_id:
                raise ValidationError(self.env._("Level %s targets a group: choose the group.", level.level))
            if level.action == "reassign" and level.target in ("group", "team"):
                raise ValidationError(
                    self.env._(
                        "Level %s reassigns the exception: it needs one owner, "
                        "so target a user or the owner's manager.",
                        level.level,
                    )
                )

    def _dist_target_users(self, records):
        """Return {record id: users} this level addresses for ``records`` (any model with an SLA clock)."""
        self.ensure_one()
        if self.target == "user":
            return dict.fromkeys(records.ids, self.user_id)
        if self.target == "group":
            return dict.fromkeys(records.ids, self.group_id.users)
        if self.target == "team":
            return records._dist_escalation_team_users()
        owner_field = records._dist_sla_fields["owner"]
        team_leaders = records._dist_escalation_team_leader()
        leaders = self.env["dist.exception.team"]._dist_leader_of(records[owner_field])
        targets = {}
        for record in records:
            owner = record[owner_field]
            manager = team_leaders[record.id]
            if not manager or manager == owner:
                manager = leaders.get(owner.id, manager)
            targets[record.id] = manager or self.env["res.users"]
        return targets
