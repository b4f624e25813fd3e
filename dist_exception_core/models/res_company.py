# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_datetime


class ResCompany(models.Model):
    _inherit = "res.company"

    dist_approval_overdue_hours = fields.Float(
        string="Approval Overdue After (hours)",
        default=24.0,
        help="A step of an approval request waiting longer than this is escalated to its escalation "
        "group; a request older than this raises an 'Approval overdue' exception.",
    )
    dist_approval_reminder_hours = fields.Float(
        string="Remind Approvers After (hours)",
        default=8.0,
        help="A step waiting longer than this reminds its approvers, and again after as long. 0: no reminders.",
    )
    dist_exception_cost_control = fields.Boolean(
        string="Cost Impact Approval",
        help="Resolving an exception whose cost impact is beyond the 'exception_cost' approval "
        "threshold needs an approved request.",
    )

    @api.constrains("dist_approval_overdue_hours", "dist_approval_reminder_hours")
    def _check_dist_approval_overdue_hours(self):
        if any(company.dist_approval_overdue_hours < 0 or company.dist_approval_reminder_hours < 0 for company in self):
            raise ValidationError(self.env._("The approval waiting time cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._dist_check_controls()
        return companies

    def write(self, vals):
        result = super().write(vals)
        if self._dist_controls().keys() & vals.keys():
            self._dist_check_controls(vals.keys())
        return result

    @api.model
    def _dist_controls(self):
        """{company field: approval codes}: each control a company switches on, with the
        approval thresholds it cannot work without. Modules add their controls."""
        return {"dist_exception_cost_control": ("exception_cost",)}

    def _dist_check_controls(self, field_names=None, codes=None):
        """Refuse a control that is on without a usable threshold: it would let everything through."""
        rules = self.env["dist.approval.rule"]
        for field_name, control_codes in self._dist_controls().items():
            if field_name not in self._fields or (field_names is not None and field_name not in field_names):
                continue
            for code in control_codes:
                if codes is not None and code not in codes:
                    continue
                for company in self.filtered(field_name):
                    rules._dist_check_usable(code, company, self._fields[field_name].string)

    def _dist_format_datetime(self, value):
        """``value`` (UTC) as people of this company read it, in descriptions and messages
        written once for everyone (by a scheduled action, say): in the company's time zone
        (its address's, else the user's) and the user's language."""
        self.ensure_one()
        if not value:
            return ""
        tz = self.partner_id.tz or self.env.user.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format="short")
