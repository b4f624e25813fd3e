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
    step_ids = fields.One2many(
        comodel_name="dist.approval.step",
        inverse_name="band_id",
        string="Steps",
        copy=True,
        help="Who decides, in order: a request in this band is approved once every step is.",
    )
    # The first step's group: a one-step band is set (in the list, in data files) by its group.
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Approver Group",
        compute="_compute_group_id",
        inverse="_inverse_group_id",
        store=True,
        readonly=False,
        help="Members of this group decide the first step of values in this band, never their own requests.",
    )
    steps_label = fields.Char(string="Approvers", compute="_compute_steps_label")

    @api.depends("step_ids.sequence", "step_ids.approver_type", "step_ids.group_id")
    def _compute_group_id(self):
        for band in self:
            first = band.step_ids.sorted("sequence")[:1]
            band.group_id = first.group_id if first.approver_type == "group" else False

    def _inverse_group_id(self):
        for band in self:
            first = band.step_ids.sorted("sequence")[:1]
            if not band.group_id:
                continue
            if first:
                first.write({"approver_type": "group", "group_id": band.group_id.id})
            else:
                self.env["dist.approval.step"].create({"band_id": band.id, "group_id": band.group_id.id})

    @api.depends("step_ids.display_name", "step_ids.sequence")
    def _compute_steps_label(self):
        for band in self:
            band.steps_label = band._dist_approvers_label()

    @api.constrains("step_ids")
    def _check_steps(self):
        for band in self:
            if not band.step_ids:
                raise ValidationError(
                    self.env._("The band %s needs at least one approval step (who decides).", band.display_name)
                )

    @api.constrains("min_value", "max_value", "rule_id")
    def _check_overlap(self):
        # On the band too: bands created or edited on their own, over the API, bypass the rule's form.
        self.rule_id._check_bands()

    @api.model_create_multi
    def create(self, vals_list):
        bands = super().create(vals_list)
        self.env.registry.clear_cache()  # dist.approval.rule._dist_threshold
        # After the inverse of the group: a band given by its group has its step by now.
        bands._check_steps()
        return bands

    def write(self, vals):
        # Steps replaced in one write (delete, then create) are checked once the write is done.
        result = super(DistApprovalBand, self.with_context(dist_band_write=True)).write(vals)
        self.env.registry.clear_cache()  # dist.approval.rule._dist_threshold
        if "step_ids" in vals:
            self._check_steps()
        return result

    def unlink(self):
        rules = self.rule_id
        result = super().unlink()
        self.env.registry.clear_cache()  # dist.approval.rule._dist_threshold
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

    def _dist_steps(self):
        self.ensure_one()
        return self.step_ids.sorted(lambda step: (step.sequence, step.id))

    def _dist_decided_alone_by(self, user):
        """True when ``user`` alone decides a value of this band: its one step is a group
        they belong to. A band of several steps is only ever decided through its request."""
        if len(self) != 1 or len(self.step_ids) != 1:
            return False
        return self.group_id in user.groups_id

    def _dist_approvers_label(self):
        """Who decides, in order: "Sales / Administrator, then Finance / Director"."""
        self.ensure_one()
        return self.env._(", then ").join(step._dist_approver_label() for step in self._dist_steps())

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
