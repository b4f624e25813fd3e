# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

_logger = logging.getLogger(__name__)

GROUP_MANAGEMENT = "dist_exception_core.dist_exception_core_group_management"

PROTECTED_FIELDS = {
    "state",
    "step_index",
    "group_id",
    "approver_user_ids",
    "escalation_group_id",
    "step_start_date",
    "reminder_date",
    "decision_ids",
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
    # The step is found from its rank in the band: bands are edited (steps deleted with them)
    # while requests keep their history.
    step_id = fields.Many2one(
        comodel_name="dist.approval.step", string="Current Step", compute="_compute_step_progress"
    )
    step_index = fields.Integer(string="Step", default=1, readonly=True)
    step_count = fields.Integer(string="Steps", compute="_compute_step_progress")
    step_progress = fields.Char(string="Progress", compute="_compute_step_progress")
    # Who decides the current step: a group, named users (a user step, a field of the
    # document) and, once the step waited too long, the group it was escalated to.
    group_id = fields.Many2one(comodel_name="res.groups", string="Approver Group", readonly=True, index=True)
    approver_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="dist_approval_request_approver_rel",
        column1="request_id",
        column2="user_id",
        string="Approvers",
        readonly=True,
    )
    escalation_group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Escalated To",
        readonly=True,
        index=True,
    )
    approvers_label = fields.Char(string="Waiting For", compute="_compute_approvers_label")
    step_start_date = fields.Datetime(string="Step Waiting Since", readonly=True)
    reminder_date = fields.Datetime(string="Last Reminder", readonly=True)
    decision_ids = fields.One2many(
        comodel_name="dist.approval.decision",
        inverse_name="request_id",
        string="Decisions",
        readonly=True,
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
        for rule, requests in self.grouped("rule_id").items():
            texts = rule._dist_format_values(requests.mapped("value")) if rule else [""] * len(requests)
            for request, text in zip(requests, texts, strict=True):
                request.value_display = text

    @api.depends("rule_id", "value")
    def _compute_band_id(self):
        for request in self:
            request.band_id = request.rule_id._dist_band_for(request.value)

    @api.depends("band_id.step_ids", "step_index", "state")
    def _compute_step_progress(self):
        for request in self:
            steps = request.band_id._dist_steps() if request.band_id else request.band_id.step_ids
            index = request.step_index or 1
            request.step_id = steps[index - 1] if index <= len(steps) else False
            request.step_count = len(steps)
            if request.step_count > 1 and request.state == "pending":
                request.step_progress = self.env._(
                    "Step %(index)s of %(count)s", index=request.step_index or 1, count=request.step_count
                )
            else:
                request.step_progress = False

    @api.depends("group_id", "approver_user_ids", "escalation_group_id", "state")
    def _compute_approvers_label(self):
        # Worked out once per set of approvers: a detector pass describes thousands of requests.
        labels = {}
        for request in self:
            if request.state != "pending":
                request.approvers_label = False
                continue
            key = (request.approver_user_ids, request.group_id, request.escalation_group_id)
            if key not in labels:
                names = request.approver_user_ids.mapped("name")
                if request.group_id:
                    names.append(request.group_id.full_name)
                label = self.env._(" or ").join(names)
                if request.escalation_group_id:
                    label = self.env._(
                        "%(approvers)s, escalated to %(group)s",
                        approvers=label,
                        group=request.escalation_group_id.full_name,
                    )
                labels[key] = label
            request.approvers_label = labels[key]

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"pending": 0, "approved": 1, "used": 2, "rejected": 3, "cancelled": 4}
        for request in self:
            request.state_sequence = order.get(request.state, 9)

    @api.depends_context("uid")
    @api.depends("group_id", "approver_user_ids", "escalation_group_id", "requested_by_id", "state", "decision_ids")
    def _compute_can_decide(self):
        for request in self:
            request.can_decide = request._dist_deciding_for(self.env.user) is not None

    def _search_can_decide(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Only = True and = False are supported on this field."))
        user = self.env.user
        absent = user._dist_absent_principals()
        deciders = [
            [("group_id", "in", user.groups_id.ids)],
            [("approver_user_ids", "in", user.ids)],
            [("escalation_group_id", "in", user.groups_id.ids)],
        ]
        if absent:
            deciders += [
                [("group_id", "in", absent.groups_id.ids)],
                [("approver_user_ids", "in", absent.ids)],
                [("escalation_group_id", "in", absent.groups_id.ids)],
            ]
        domain = expression.AND(
            [
                [("state", "=", "pending")],
                [("requested_by_id", "!=", user.id), ("create_uid", "!=", user.id)],
                # Four eyes across steps: who decided one step does not decide the next.
                ["!", ("decision_ids.decided_by_id", "=", user.id)],
                expression.OR(deciders),
            ]
        )
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    def _dist_deciding_for(self, user):
        """None when ``user`` may not decide the current step; else the approver they stand
        in for (empty when they decide in their own right, the out-of-office approver when
        they decide as deputy)."""
        self.ensure_one()
        users = self.env["res.users"]
        if (
            self.state != "pending"
            or user in (self.requested_by_id | self.create_uid)
            or user in self.sudo().decision_ids.decided_by_id
        ):
            return None
        if self._dist_is_decider(user):
            return users
        for absent in user._dist_absent_principals():
            if absent not in self.requested_by_id and self._dist_is_decider(absent):
                return absent
        return None

    def _dist_is_decider(self, user):
        groups = user.groups_id
        return (
            user in self.approver_user_ids
            or (self.group_id and self.group_id in groups)
            or (self.escalation_group_id and self.escalation_group_id in groups)
        )

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
            request.sudo()._dist_enter_step(request.band_id._dist_steps()[:1], request.request_date)
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
        on_behalf_of = self._dist_check_can_decide()
        now = fields.Datetime.now()
        self._dist_log_decision("approved", on_behalf_of, now)
        steps = self.band_id._dist_steps()
        if (self.step_index or 1) < len(steps):
            done = self.step_index or 1
            self.sudo()._dist_enter_step(steps[done], now)
            self.sudo().message_post(
                body=self.env._(
                    "Step %(index)s of %(count)s approved by %(user)s; now waiting for %(approvers)s.",
                    index=done,
                    count=len(steps),
                    user=self._dist_decider_name(on_behalf_of),
                    approvers=self.approvers_label,
                ),
                subtype_xmlid="mail.mt_note",
            )
            self._dist_notify_approvers()
            return True
        self.sudo().write({"state": "approved", "decided_by_id": self.env.uid, "decided_date": now})
        self._dist_notify_requester(self.env._("approved"), on_behalf_of)
        self._dist_tell_document()
        return True

    def action_reject(self):
        self.ensure_one()
        on_behalf_of = self._dist_check_can_decide()
        if not (self.decision_note or "").strip():
            raise UserError(self.env._("Say why you reject %s in the decision note.", self.name))
        now = fields.Datetime.now()
        self._dist_log_decision("rejected", on_behalf_of, now)
        self.sudo().write({"state": "rejected", "decided_by_id": self.env.uid, "decided_date": now})
        self._dist_notify_requester(self.env._("rejected"), on_behalf_of)
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
        """Raise unless the current user may decide the current step; return the approver
        they decide for as deputy (empty in their own right)."""
        if self.state != "pending":
            raise UserError(
                self.env._("%(name)s is already %(state)s.", name=self.name, state=self._dist_state_label())
            )
        user = self.env.user
        if user in (self.requested_by_id | self.create_uid):
            raise UserError(self.env._("You cannot decide on your own request %s.", self.name))
        if user in self.sudo().decision_ids.decided_by_id:
            raise UserError(
                self.env._("You decided a step of %s already: the next step needs another approver.", self.name)
            )
        on_behalf_of = self._dist_deciding_for(user)
        if on_behalf_of is None:
            raise UserError(
                self.env._(
                    "%(value)s is in the band %(band)s of “%(rule)s”: only %(approvers)s can decide%(step)s.",
                    value=self.value_display,
                    band=self.band_id.display_name,
                    rule=self.rule_id.name,
                    step=f" ({self.step_progress})" if self.step_progress else "",
                    approvers=self.approvers_label,
                )
            )
        return on_behalf_of

    def _dist_decider_name(self, on_behalf_of):
        if on_behalf_of:
            return self.env._("%(deputy)s for %(absent)s", deputy=self.env.user.name, absent=on_behalf_of.name)
        return self.env.user.name

    def _dist_log_decision(self, decision, on_behalf_of, when):
        self.env["dist.approval.decision"].sudo().create(
            {
                "request_id": self.id,
                "step_sequence": self.step_index or 1,
                "step_label": self.approvers_label,
                "decision": decision,
                "decided_by_id": self.env.uid,
                "on_behalf_of_id": on_behalf_of.id,
                "escalated": bool(self.escalation_group_id),
                "start_date": self.step_start_date or self.request_date,
                "decided_date": when,
            }
        )

    def _dist_enter_step(self, step, when):
        """Make ``step`` the current one: who decides it is resolved now, from the document
        for a field step, and written down (the log says who it was)."""
        self.ensure_one()
        if not step:
            raise UserError(
                self.env._("The band %s has no approval step: nobody could decide.", self.band_id.display_name)
            )
        steps = self.band_id._dist_steps()
        group, users = step._dist_resolve(self.source_ref)
        self.write(
            {
                "step_index": list(steps).index(step) + 1,
                "group_id": group.id,
                "approver_user_ids": [fields.Command.set(users.ids)],
                "escalation_group_id": False,
                "step_start_date": when,
                "reminder_date": False,
            }
        )
        if step.approver_type == "field" and not users:
            self.message_post(
                body=self.env._(
                    "%(field)s is empty on the document: %(group)s decides this step instead.",
                    field=step._dist_approver_label(),
                    group=group.full_name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _dist_tell_document(self):
        document = self.source_ref
        if document and hasattr(document, "_dist_approval_decided"):
            # The approver may not have write access to the document: the decision itself was checked.
            document.sudo()._dist_approval_decided(self)

    def _dist_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _dist_current_deciders(self):
        """Every internal user who may decide the current step, deputies of absent ones included."""
        self.ensure_one()
        users = self.approver_user_ids | self.group_id.users | self.escalation_group_id.users
        users = users.filtered(lambda u: not u.share and u.active)
        absent = users.filtered("dist_out_of_office")
        users |= absent.dist_deputy_id.filtered(lambda u: not u.share and u.active)
        return users - self.requested_by_id - self.sudo().decision_ids.decided_by_id

    def _dist_notify_approvers(self, body=None):
        approvers = self._dist_current_deciders()
        if approvers:
            self.sudo().message_subscribe(partner_ids=approvers.partner_id.ids)
            self.sudo().message_post(
                body=body
                or self.env._(
                    "%(user)s asks for approval of %(value)s on %(doc)s.",
                    user=self.requested_by_id.name,
                    value=self.value_display,
                    doc=self.source_ref.display_name if self.source_ref else self.res_model,
                ),
                partner_ids=approvers.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _dist_notify_requester(self, decision, on_behalf_of=None):
        self.sudo().message_post(
            body=self.env._(
                "Request %(decision)s by %(user)s.",
                decision=decision,
                user=self._dist_decider_name(on_behalf_of or self.env["res.users"]),
            ),
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
                group=request.approvers_label,
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

    @api.model
    def _cron_remind_and_escalate(self):
        """Pending steps waiting past the company's reminder time are reminded to their
        approvers (again after as long); past its approval waiting time a step is escalated
        once, to its escalation group. One search per company, each request in its own
        savepoint so one bad record does not stop the run."""
        now = fields.Datetime.now()
        pending = self._read_group([("state", "=", "pending")], groupby=["company_id"])
        for (company,) in pending:
            domain = [("state", "=", "pending"), ("company_id", "=", company.id)]
            escalate = self.browse()
            if company.dist_approval_overdue_hours:
                limit = fields.Datetime.subtract(now, hours=company.dist_approval_overdue_hours)
                escalate = self.search([*domain, ("escalation_group_id", "=", False), *self._dist_waiting_since(limit)])
            remind = self.browse()
            if company.dist_approval_reminder_hours:
                limit = fields.Datetime.subtract(now, hours=company.dist_approval_reminder_hours)
                remind = self.search(
                    [
                        *domain,
                        ("id", "not in", escalate.ids),
                        *self._dist_waiting_since(limit),
                        "|",
                        ("reminder_date", "=", False),
                        ("reminder_date", "<", limit),
                    ]
                )
            for request in escalate:
                request._dist_run_safely(request._dist_escalate, now)
            for request in remind:
                request._dist_run_safely(request._dist_remind, now)

    @api.model
    def _dist_waiting_since(self, limit):
        """The current step started before ``limit`` (requests loaded without a step start
        date, by an import say, count from their request date)."""
        return [
            "|",
            ("step_start_date", "<", limit),
            "&",
            ("step_start_date", "=", False),
            ("request_date", "<", limit),
        ]

    def _dist_run_safely(self, method, now):
        try:
            with self.env.cr.savepoint():
                method(now)
        except Exception:
            _logger.exception("Approval request %s: reminder or escalation failed", self.name)

    def _dist_escalate(self, now):
        self.ensure_one()
        group = self.step_id._dist_escalation_group() if self.step_id else self.env.ref(GROUP_MANAGEMENT)
        waited = self.company_id._dist_format_datetime(self.step_start_date or self.request_date)
        self.write({"escalation_group_id": group.id, "reminder_date": now})
        self._dist_notify_approvers(
            body=self.env._(
                "%(name)s (%(value)s on %(doc)s) has waited since %(date)s: escalated to %(group)s, "
                "who may now decide %(step)s too.",
                name=self.name,
                value=self.value_display,
                doc=self.source_ref.display_name if self.source_ref else self.res_model,
                date=waited,
                group=group.full_name,
                step=self.step_progress or self.env._("it"),
            )
        )

    def _dist_remind(self, now):
        self.ensure_one()
        self.write({"reminder_date": now})
        self._dist_notify_approvers(
            body=self.env._(
                "Reminder: %(name)s (%(value)s on %(doc)s) waits for your decision since %(date)s.",
                name=self.name,
                value=self.value_display,
                doc=self.source_ref.display_name if self.source_ref else self.res_model,
                date=self.company_id._dist_format_datetime(self.step_start_date or self.request_date),
            )
        )
