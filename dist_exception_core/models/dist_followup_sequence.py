# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)


class DistFollowupSequence(models.Model):
    """The messages a customer gets while their problem stays open: each step's template
    goes out its delay after the previous message, the last one repeats until the
    exception (or ticket) is resolved. Each message links to the customer portal."""

    _name = "dist.followup.sequence"
    _description = "Customer Follow-up Sequence"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(comodel_name="res.company", help="Leave empty to use it in every company.")
    model_id = fields.Many2one(
        comodel_name="ir.model",
        string="Applies To",
        required=True,
        ondelete="cascade",
        domain=[("model", "in", ("dist.exception", "helpdesk.ticket"))],
        help="The documents the sequence follows up: exceptions (set it on their type) or tickets (on their team).",
    )
    res_model = fields.Char(related="model_id.model", store=True)
    step_ids = fields.One2many(comodel_name="dist.followup.step", inverse_name="sequence_id", string="Steps", copy=True)
    repeat_last = fields.Boolean(
        string="Repeat Last Step",
        default=True,
        help="After the last step, send it again at its delay until the problem is resolved.",
    )

    @api.constrains("step_ids", "model_id")
    def _check_steps(self):
        for sequence in self:
            if sequence.res_model not in self.env or not hasattr(
                self.env[sequence.res_model], "_dist_followup_send_due"
            ):
                raise ValidationError(
                    self.env._("%s does not take customer follow-ups.", sequence.model_id.name or sequence.res_model)
                )
            if not sequence.step_ids:
                raise ValidationError(self.env._("The follow-up sequence “%s” needs at least one step.", sequence.name))
            wrong = sequence.step_ids.template_id.filtered(lambda t, model=sequence.res_model: t.model != model)
            if wrong:
                raise ValidationError(
                    self.env._(
                        "The template “%(template)s” writes about %(model)s, not the %(expected)s documents "
                        "“%(sequence)s” follows up.",
                        template=wrong[0].name,
                        model=wrong[0].model,
                        expected=sequence.res_model,
                        sequence=sequence.name,
                    )
                )

    def _dist_check_follows(self, model, documents):
        """Raise unless this (possibly empty) sequence follows up ``model`` records, named
        ``documents`` in the message."""
        if self and self.res_model != model:
            raise ValidationError(
                self.env._(
                    "“%(sequence)s” follows up %(model)s documents, not %(documents)s.",
                    sequence=self.name,
                    model=self.res_model,
                    documents=documents,
                )
            )

    def _dist_usable_for(self, company):
        """Whether this (possibly empty) sequence follows up documents of ``company``."""
        return bool(self) and self.active and self.company_id in (company, company.browse())

    def _dist_steps(self):
        self.ensure_one()
        return self.step_ids.sorted(lambda step: (step.sequence, step.id))

    def _dist_step_after(self, sent):
        """The step to send once ``sent`` messages went out, or an empty recordset."""
        steps = self._dist_steps()
        if sent < len(steps):
            return steps[sent]
        return steps[-1:] if self.repeat_last else steps.browse()

    @api.model
    def _cron_send_followups(self, limit=500):
        """Send every follow-up due, model by model, ``limit`` documents at most each."""
        for model in self.env.registry.descendants(["dist.followup.mixin"], "_inherit"):
            if model != "dist.followup.mixin" and not self.env[model]._abstract:
                self.env[model]._dist_followup_send_due(limit=limit)
