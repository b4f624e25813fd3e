# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PROTECTED_FIELDS = {
    "state",
    "value",
    "rule_id",
    "res_model",
    "res_id",
    "requested_by_id",
    "request_date",
    "decided_by_id",
    "decided_date",
}


class DistApprovalRequest(models.Model):
    _name = "dist.approval.request"
    _description = "Approval Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "dist.exception.mixin"]
    _order = "state_sequence, request_date desc, id desc"
    # Requesters and approvers comment without write access: decisions go through the buttons.
    _mail_post_access = "read"

    name = fields.Char(readonly=True, default="/", copy=False)
    rule_id = fields.Many2one(
        comodel_name="dist.approval.rule",
        required=True,
        readonly=True,
        ondelete="restrict",
        index=True,
    )
    company_id = fields.Many2one(related="rule_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Document Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Document ID",
        model_field="res_model",
        required=True,
        readonly=True,
        index=True,
    )
    source_ref = fields.Reference(
        selection="_selection_source_ref",
        string="Document",
        compute="_compute_source_ref",
    )
    value = fields.Float(required=True, readonly=True, tracking=True)
    value_display = fields.Char(string="Requested Value", compute="_compute_value_display")
    band_id = fields.Many2one(
        comodel_name="dist.approval.band",
        compute="_compute_band_id",
        store=True,
        readonly=True,
    )
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Approver Group",
        related="band_id.group_id",
        store=True,
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    request_date = fields.Datetime(string="Requested On", required=True, readonly=True, default=fields.Datetime.now)
    reason = fields.Text(string="Justification", readonly=True)
    state = fields.Selection(
        selection=[
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
            ("used", "Used"),
        ],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    decided_by_id = fields.Many2one(comodel_name="res.users", readonly=True, tracking=True)
    decided_date = fields.Datetime(readonly=True)
    decision_note = fields.Text(tracking=True)
    can_decide = fields.Boolean(compute="_compute_can_decide", search="_search_can_decide")

    @api.model
    def _selection_source_ref(self):
        return self.env["dist.exception"]._selection_source_ref()

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for request in self:
            if request.res_model in self.env and request.res_id:
                request.source_ref = f"{request.res_model},{request.res_id}"
            else:
                request.source_ref = False

    @api.depends("value", "rule_id")
    def _compute_value_display(self):
        for request in self:
            request.value_display = request.rule_id._dist_format_value(request.value) if request.rule_id else ""

    @api.depends("rule_id", "value")
    def _compute_band_id(self):
        for request in self:
            request.band_id = request.rule_id._dist_band_for(request.value)

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"pending": 0, "approved": 1, "used": 2, "rejected": 3, "cancelled": 4}
        for request in self:
            request.state_sequence = order.get(request.state, 9)

    @api.depends_context("uid")
    @api.depends("group_id", "requested_by_id", "state")
    def _compute_can_decide(self):
        user = self.env.user
        for request in self:
            request.can_decide = (
                request.state == "pending"
                and request.group_id in user.groups_id
                and user not in (request.requested_by_id | request.create_uid)
            )

    def _search_can_decide(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Only = True and = False are supported on this field."))
        domain = [
            ("state", "=", "pending"),
            ("group_id", "in", self.env.user.groups_id.ids),
            ("requested_by_id", "!=", self.env.uid),
            ("create_uid", "!=", self.env.uid),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", "&", *domain]

    @api.constrains("band_id")
    def _check_band(self):
        for request in self:
            if not request.band_id:
                raise ValidationError(
                    self.env._(
                        "%(value)s needs no approval under “%(rule)s”: no band covers it.",
                        value=request.value_display,
                        rule=request.rule_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._dist_check_create_values(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dist.approval.request") or "/"
        requests = super().create(vals_list)
        for request in requests:
            request._dist_notify_approvers()
        return requests

    def _dist_check_create_values(self, vals_list):
        """A request is filed pending, in the filer's own name, on a document they can read:
        the decision and its author come only from the Approve and Reject buttons."""
        for vals in vals_list:
            decided = {"decided_by_id", "decided_date", "request_date"} & {k for k, v in vals.items() if v}
            if vals.get("state", "pending") != "pending" or decided:
                raise UserError(self.env._("An approval request is filed pending; only an approver decides it."))
            if vals.get("requested_by_id", self.env.uid) != self.env.uid:
                raise UserError(self.env._("File approval requests in your own name only."))
            model = vals.get("res_model")
            if model not in self.env or not vals.get("res_id"):
                raise UserError(self.env._("An approval request needs the document it is about."))
            # Reading the document is the least a requester needs; this also checks it exists.
            self.env[model].browse(vals["res_id"]).check_access("read")

    def action_approve(self):
        self.ensure_one()
        self._dist_check_can_decide()
        self.sudo().write({"state": "approved", "decided_by_id": self.env.uid, "decided_date": fields.Datetime.now()})
        self._dist_notify_requester(self.env._("approved"))
        self._dist_tell_document()
        return True

    def action_reject(self):
        self.ensure_one()
        self._dist_check_can_decide()
        if not (self.decision_note or "").strip():
            raise UserError(self.env._("Say why you reject %s in the decision note.", self.name))
        self.sudo().write({"state": "rejected", "decided_by_id": self.env.uid, "decided_date": fields.Datetime.now()})
        self._dist_notify_requester(self.env._("rejected"))
        self._dist_tell_document()
        return True

    def action_cancel(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("Only a pending request can be cancelled."))
        if self.requested_by_id != self.env.user and not self.env.user.has_group(
            "dist_exception_core.dist_exception_core_group_manager"
        ):
            raise UserError(self.env._("Only the requester or an exception manager can cancel %s.", self.name))
        self.sudo().write({"state": "cancelled"})
        return True

    def action_open_document(self):
        self.ensure_one()
        if not self.source_ref:
            raise UserError(self.env._("The document of %s no longer exists.", self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    def write(self, vals):
        if PROTECTED_FIELDS & vals.keys() and not self.env.su:
            raise UserError(self.env._("Approval requests are decided with the Approve and Reject buttons only."))
        # The decision note is the approver's to write while the request is pending.
        if "decision_note" in vals and not self.env.su:
            for request in self:
                if request.state != "pending" or not request.can_decide:
                    raise UserError(self.env._("Only an approver of %s can write its decision note.", request.name))
            return super(DistApprovalRequest, self.sudo()).write(vals)
        return super().write(vals)

    def _dist_check_can_decide(self):
        if self.state != "pending":
            raise UserError(
                self.env._("%(name)s is already %(state)s.", name=self.name, state=self._dist_state_label())
            )
        if self.env.user in (self.requested_by_id | self.create_uid):
            raise UserError(self.env._("You cannot decide on your own request %s.", self.name))
        if self.group_id not in self.env.user.groups_id:
            raise UserError(
                self.env._(
                    "%(value)s is in the band %(band)s of “%(rule)s”: only %(group)s can decide.",
                    value=self.value_display,
                    band=self.band_id.display_name,
                    rule=self.rule_id.name,
                    group=self.group_id.full_name,
                )
            )

    def _dist_tell_document(self):
        document = self.source_ref
        if document and hasattr(document, "_dist_approval_decided"):
            # The approver may not have write access to the document: the decision itself was checked.
            document.sudo()._dist_approval_decided(self)

    def _dist_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _dist_notify_approvers(self):
        approvers = self.group_id.users.filtered(lambda u: u != self.requested_by_id and not u.share)
        if approvers:
            self.sudo().message_subscribe(partner_ids=approvers.partner_id.ids)
            self.sudo().message_post(
                body=self.env._(
                    "%(user)s asks for approval of %(value)s on %(doc)s.",
                    user=self.requested_by_id.name,
                    value=self.value_display,
                    doc=self.source_ref.display_name if self.source_ref else self.res_model,
                ),
                partner_ids=approvers.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _dist_notify_requester(self, decision):
        self.sudo().message_post(
            body=self.env._("Request %(decision)s by %(user)s.", decision=decision, user=self.env.user.name),
            partner_ids=self.requested_by_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for request in self:
            values[request.id]["description"] = self.env._(
                "%(name)s (%(rule)s, %(value)s) waits for %(group)s since %(date)s.",
                name=request.name,
                rule=request.rule_id.name,
                value=request.value_display,
                group=request.group_id.name,
                date=(request.company_id or self.env.company)._dist_format_datetime(request.request_date),
            )
        return values

    @api.model
    def _dist_detect_approval_overdue(self, _exception_type):
        """Pending requests older than their company's allowed waiting time.

        One query per company with pending requests."""
        now = fields.Datetime.now()
        found = self.browse()
        pending = self._read_group([("state", "=", "pending")], groupby=["company_id"])
        for (company,) in pending:
            limit = fields.Datetime.subtract(now, hours=company.dist_approval_overdue_hours)
            found |= self.search(
                [("state", "=", "pending"), ("company_id", "=", company.id), ("request_date", "<", limit)]
            )
        return found
