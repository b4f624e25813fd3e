# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import datetime, safe_eval

from .selection import SEVERITIES


class DistExceptionSeverityRule(models.Model):
    _name = "dist.exception.severity.rule"
    _description = "Exception Severity Rule"
    _order = "type_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="The first matching rule sets the severity.")
    active = fields.Boolean(default=True)
    type_id = fields.Many2one(
        comodel_name="dist.exception.type",
        required=True,
        ondelete="cascade",
        index=True,
    )
    res_model = fields.Char(related="type_id.res_model")
    domain = fields.Char(
        required=True,
        default="[]",
        help="Condition on the source document, e.g. the customer's tier or the amount. "
        "Available in the expression: context_today, datetime, relativedelta, user.",
    )
    severity = fields.Selection(selection=SEVERITIES, required=True)

    @api.constrains("domain", "type_id")
    def _check_domain(self):
        for rule in self:
            if not rule.type_id.res_model:
                raise ValidationError(
                    self.env._(
                        "Severity rules read the source document: give the type “%s” a source model first.",
                        rule.type_id.name,
                    )
                )
            try:
                domain = rule._dist_eval_domain()
                # Compiles the query, which checks every field path, without running it.
                self.env[rule.type_id.res_model]._search(domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The condition of severity rule “%(rule)s” is not valid: %(error)s", rule=rule.name, error=error
                    )
                ) from error

    def _dist_eval_domain(self):
        self.ensure_one()
        eval_context = {
            "context_today": lambda: fields.Date.context_today(self),
            "datetime": datetime,
            "relativedelta": relativedelta,
            "user": self.env.user,
        }
        domain = safe_eval(self.domain or "[]", eval_context)
        if not isinstance(domain, list | tuple):
            raise ValueError(self.env._("a condition is a list of criteria, e.g. [('amount_total', '>', 10000)]"))
        return list(domain)
