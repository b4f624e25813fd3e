# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import ValidationError

USAGES = [
    ("short_pick", "Short pick"),
    ("adjustment", "Inventory adjustment"),
    ("damage", "Damaged goods"),
    ("return", "Customer return"),
]


class DistStockReason(models.Model):
    _name = "dist.stock.reason"
    _description = "Warehouse Reason Code"
    _order = "usage, sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code printed on reports and typed on scanners.")
    usage = fields.Selection(selection=USAGES, required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to offer the reason in every company.",
    )
    root_cause_id = fields.Many2one(
        comodel_name="dist.root.cause",
        help="Root cause reported for exceptions raised with this reason, so the KPIs count them by cause.",
    )
    raise_exception = fields.Boolean(
        string="Opens an Exception",
        help="For returns: a return with this reason opens a customer-return exception for follow-up.",
    )
    description = fields.Text(translate=True, help="When to use this reason, shown to warehouse staff.")

    _sql_constraints = [
        ("code_usage_company_uniq", "unique(code, usage, company_id)", "A reason code must be unique per usage."),
    ]

    def _compute_display_name(self):
        for reason in self:
            reason.display_name = f"[{reason.code}] {reason.name}" if reason.code else reason.name

    def _dist_check_usage(self, usage):
        """Refuse a reason of another usage: a damage reason cannot explain a count, say."""
        labels = dict(USAGES)
        for reason in self.sudo():
            if reason.usage != usage:
                raise ValidationError(
                    self.env._(
                        "“%(reason)s” is a reason for %(its)s, not for %(wanted)s: choose one of the offered reasons.",
                        reason=reason.display_name,
                        its=labels[reason.usage].lower(),
                        wanted=labels[usage].lower(),
                    )
                )
