# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DistApprovalBand(models.Model):
    _name = "dist.approval.band"
    _description = "Approval Threshold Band"
    _order = "rule_id, min_value"

    rule_id = fields.Many2one(
        comodel_name="dist.approval.rule",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True)
    min_value = fields.Float(
        string="Above",
        required=True,
        help="The band applies to values strictly above this one.",
    )
    max_value = fields.Float(string="Up To", help="Inclusive upper bound; 0 means no upper bound.")
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Approver Group",
        required=True,
        help="Members of this group may approve values in this band, never their own requests.",
    )

    @api.constrains("min_value", "max_value", "rule_id")
    def _check_overlap(self):
        # On the band too: bands created or edited on their own, over the API, bypass the rule's form.
        self.rule_id._check_bands()

    def unlink(self):
        rules = self.rule_id
        result = super().unlink()
        if not self.env.context.get("dist_rule_write"):
            rules._dist_check_still_used({(rule.code, rule.company_id) for rule in rules.exists()})
        return result

    @api.constrains("min_value", "max_value")
    def _check_bounds(self):
        for band in self:
            if band.min_value < 0 or band.max_value < 0:
                raise ValidationError(self.env._("A band starts at zero or above."))
            if band.max_value and band.max_value <= band.min_value:
                raise ValidationError(
                    self.env._("A band's upper bound must be above its lower bound (or 0 for no upper bound).")
                )

    @api.depends("min_value", "max_value", "rule_id")
    def _compute_display_name(self):
        for band in self:
            rule = band.rule_id
            low = rule._dist_format_value(band.min_value) if rule else band.min_value
            if band.max_value:
                high = rule._dist_format_value(band.max_value) if rule else band.max_value
                band.display_name = f"> {low} – {high}"
            else:
                band.display_name = self.env._("> %s, no upper limit", low)
