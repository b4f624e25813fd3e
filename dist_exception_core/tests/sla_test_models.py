# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A model that is not an exception, loaded only by test_sla_mixin: inheriting
dist.sla.mixin is all it takes to get deadlines, statuses and escalation."""

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import SLA_STATUSES


class DistSlaTestRecord(models.Model):
    _name = "dist.sla.test.record"
    _description = "SLA test record"
    _inherit = ["mail.thread", "mail.activity.mixin", "dist.sla.mixin"]
    _dist_sla_fields = {
        "start": "start_date",
        "response_date": "answered_date",
        "closed_date": "done_date",
        "hold_date": "paused_since",
        "paused_hours": "paused_hours",
        "response_deadline": "answer_by",
        "resolution_deadline": "done_by",
        "response_risk_date": "answer_risk",
        "resolution_risk_date": "done_risk",
        "status": "status",
        "breached": "breached",
        "escalation_level": "level",
        "last_escalation_date": None,
        "owner": "user_id",
    }

    name = fields.Char()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users")
    leader_id = fields.Many2one("res.users")
    ladder_id = fields.Many2one("dist.escalation.ladder")
    answer_hours = fields.Float(default=2.0)
    done_hours = fields.Float(default=8.0)
    start_date = fields.Datetime(default=fields.Datetime.now)
    answered_date = fields.Datetime()
    done_date = fields.Datetime()
    paused_since = fields.Datetime()
    paused_hours = fields.Float()
    answer_by = fields.Datetime(compute="_compute_deadlines", store=True)
    done_by = fields.Datetime(compute="_compute_deadlines", store=True)
    answer_risk = fields.Datetime(compute="_compute_deadlines", store=True)
    done_risk = fields.Datetime(compute="_compute_deadlines", store=True)
    status = fields.Selection(SLA_STATUSES)
    breached = fields.Boolean()
    level = fields.Integer()

    @api.depends("start_date", "paused_hours", "answer_hours", "done_hours")
    def _compute_deadlines(self):
        self._dist_sla_compute_deadlines()

    def _dist_sla_target(self):
        self.ensure_one()
        return self.answer_hours, self.done_hours, 25

    @api.model
    def _dist_escalation_domain(self, ladder):
        return [("ladder_id", "=", ladder.id), ("done_date", "=", False), ("paused_since", "=", False)]

    def _dist_escalation_team_leader(self):
        return {record.id: record.leader_id for record in self}
