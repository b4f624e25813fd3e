# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DistApprovalDecision(models.Model):
    """One step of one request, decided: who, for whom, when, and how long it waited.
    Written by the request's buttons only; the approval turnaround analysis reads it."""

    _name = "dist.approval.decision"
    _description = "Approval Decision"
    _order = "decided_date desc, id desc"
    _rec_name = "request_id"

    request_id = fields.Many2one(
        comodel_name="dist.approval.request",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    rule_id = fields.Many2one(related="request_id.rule_id", store=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    step_sequence = fields.Integer(string="Step", readonly=True)
    step_label = fields.Char(string="Step Approver", readonly=True)
    decision = fields.Selection(
        selection=[("approved", "Approved"), ("rejected", "Rejected")],
        required=True,
        readonly=True,
    )
    decided_by_id = fields.Many2one(comodel_name="res.users", required=True, readonly=True)
    on_behalf_of_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        help="The out-of-office approver whose deputy decided.",
    )
    escalated = fields.Boolean(readonly=True, help="The step had waited past its time and was escalated.")
    start_date = fields.Datetime(string="Waiting Since", required=True, readonly=True)
    decided_date = fields.Datetime(required=True, readonly=True)
    # The date a KPI counts a record in (the dashboards' catalogue reads "date").
    date = fields.Datetime(string="Counted On", related="decided_date", store=True, index=True)
    turnaround_hours = fields.Float(
        string="Turnaround (hours)",
        compute="_compute_turnaround_hours",
        store=True,
        aggregator="avg",
    )

    @api.depends("start_date", "decided_date")
    def _compute_turnaround_hours(self):
        for decision in self:
            if decision.start_date and decision.decided_date:
                delta = decision.decided_date - decision.start_date
                decision.turnaround_hours = max(delta.total_seconds(), 0.0) / 3600.0
            else:
                decision.turnaround_hours = 0.0
