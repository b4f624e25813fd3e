# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

GROUP_MANAGEMENT = "dist_exception_core.dist_exception_core_group_management"


class DistApprovalStep(models.Model):
    _name = "dist.approval.step"
    _description = "Approval Step"
    _order = "band_id, sequence, id"

    band_id = fields.Many2one(
        comodel_name="dist.approval.band",
        required=True,
        ondelete="cascade",
        index=True,
    )
    rule_id = fields.Many2one(related="band_id.rule_id", store=True)
    company_id = fields.Many2one(related="band_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    approver_type = fields.Selection(
        selection=[
            ("group", "Group"),
            ("user", "User"),
            ("field", "Field of the document"),
        ],
        string="Approver",
        required=True,
        default="group",
    )
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Approver Group",
        help="Any member of this group decides the step. For an approver taken from the "
        "document, the group that decides when the field is empty.",
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Approver User", domain=[("share", "=", False)])
    field_path = fields.Char(
        string="Approver Field",
        help="Path from the document to a user, e.g. team_id.user_id for a sales order's "
        "team leader or user_id for its salesperson.",
    )
    escalation_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Escalate To",
        help="Who may also decide the step once it waits longer than the company's approval "
        "waiting time. Empty: the Management role.",
    )

    @api.depends("approver_type", "group_id", "user_id", "field_path", "band_id")
    def _compute_display_name(self):
        for step in self:
            step.display_name = step._dist_approver_label()

    @api.constrains("approver_type", "group_id", "user_id", "field_path", "band_id")
    def _check_approver(self):
        for step in self:
            if step.approver_type == "group" and not step.group_id:
                raise ValidationError(self.env._("A step decided by a group needs the group."))
            if step.approver_type == "user" and not step.user_id:
                raise ValidationError(self.env._("A step decided by a user needs the user."))
            if step.approver_type == "field":
                step._dist_check_field_path()

    def unlink(self):
        bands = self.band_id
        result = super().unlink()
        # A band keeps a step: without one nobody could decide its requests.
        if not self.env.context.get("dist_band_write") and not self.env.context.get("dist_rule_write"):
            bands.exists()._check_steps()
        return result

    def _dist_path_fields(self):
        """(fields of the path from the rule's document, the first name that is not a
        many-to-one there or None): the check and the label walk the path once, here."""
        model = self.env.get(self.band_id.rule_id.res_model)
        chain = []
        for name in (self.field_path or "").strip().split("."):
            field = model._fields.get(name) if model is not None else None
            if field is None or field.type != "many2one":
                return chain, name
            chain.append(field)
            model = self.env[field.comodel_name]
        return chain, None

    def _dist_check_field_path(self):
        """The path must lead from the rule's document to a user: a misspelled path is
        refused here, not found empty on the first request."""
        path = (self.field_path or "").strip()
        if not path:
            raise ValidationError(self.env._("A step decided by a field of the document needs the field's path."))
        chain, wrong = self._dist_path_fields()
        if wrong is not None:
            raise ValidationError(
                self.env._(
                    "“%(path)s” is not a path of many-to-one fields on %(model)s: %(name)s is not one.",
                    path=path,
                    model=self.band_id.rule_id.res_model,
                    name=wrong,
                )
            )
        if chain[-1].comodel_name != "res.users":
            raise ValidationError(
                self.env._("“%(path)s” leads to %(model)s, not to a user.", path=path, model=chain[-1].comodel_name)
            )

    def _dist_approver_label(self):
        self.ensure_one()
        if self.approver_type == "user":
            return self.user_id.name or ""
        if self.approver_type == "field":
            chain, wrong = self._dist_path_fields()
            if not self.field_path or wrong is not None:
                return self.field_path or ""
            return self.env._("the document's %s", " › ".join(field._description_string(self.env) for field in chain))
        return self.group_id.full_name or ""

    def _dist_resolve(self, document):
        """(group, users) who decide this step on ``document``: a group step's group; a
        user step's user; a field step's user on the document, else its fallback group,
        else the Management role (logged by the caller)."""
        self.ensure_one()
        if self.approver_type == "user":
            return self.env["res.groups"], self.user_id
        if self.approver_type == "field":
            users = document.sudo().mapped(self.field_path.strip()) if document else self.env["res.users"]
            users = users.filtered(lambda u: u.active and not u.share)
            if users:
                return self.env["res.groups"], users
            return self.group_id or self.env.ref(GROUP_MANAGEMENT), self.env["res.users"]
        return self.group_id, self.env["res.users"]

    def _dist_escalation_group(self):
        self.ensure_one()
        return self.escalation_group_id or self.env.ref(GROUP_MANAGEMENT)
