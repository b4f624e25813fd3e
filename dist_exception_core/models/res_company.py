# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import contextlib

import babel.dates
import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, get_lang


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

    dist_expedited_freight_control = fields.Boolean(
        string="Expedited Freight Approval",
        help="Confirming an expedited freight cost beyond the 'expedited_freight' approval threshold "
        "needs an approved request.",
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
        return {
            "dist_exception_cost_control": ("exception_cost",),
            "dist_expedited_freight_control": ("expedited_freight",),
        }

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
        # Odoo's format_datetime, with the reader's locale looked up once per transaction:
        # a detector pass formats thousands of dates, and the lookup cost more than the rest.
        key = ("dist_format_datetime", self.env.context.get("lang"), self.env.uid)
        locale = self.env.cr.cache.get(key)
        if locale is None:
            locale = self.env.cr.cache[key] = babel_locale_parse(get_lang(self.env).code)
        moment = pytz.utc.localize(value, is_dst=False)
        with contextlib.suppress(pytz.UnknownTimeZoneError):
            moment = moment.astimezone(pytz.timezone(tz))
        return babel.dates.format_datetime(moment, "short", locale=locale)

    def _dist_next_numbers(self, code, count):
        """``count`` numbers of the sequence ``code``, as ``count`` calls of
        ``ir.sequence.next_by_code`` with this company current would give them (same
        sequence, access and format), in one query when the sequence is a standard one
        without date ranges: numbering a batch costs no query per record."""
        self.ensure_one()
        sequences = self.env["ir.sequence"].with_company(self)
        sequences.browse().check_access("read")
        sequence = sequences.search([("code", "=", code), ("company_id", "in", [self.id, False])], order="company_id")[
            :1
        ]
        if count <= 1 or not sequence or sequence.implementation != "standard" or sequence.use_date_range:
            return [sequences.next_by_code(code) or "/" for _i in range(count)]
        self.env.cr.execute(
            SQL("SELECT nextval(%s) FROM generate_series(1, %s)", f"ir_sequence_{sequence.id:03d}", count)
        )
        # get_next_char, with the prefix and suffix interpolated once for the batch.
        prefix, suffix = sequence._get_prefix_suffix()
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in self.env.cr.fetchall()]
