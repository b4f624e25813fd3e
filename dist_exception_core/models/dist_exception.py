# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .dist_approval_mixin import DistGuard
from .dist_sla_mixin import DEADLINE_ROLES
from .selection import COST_TYPES, EXCEPTION_STATES, OPEN_STATES, RUNNING_STATES, SEVERITIES, SLA_STATUSES

LIFECYCLE_FIELDS = {
    "name",
    "state",
    "res_model",
    "res_id",
    "detected_date",
    "response_date",
    "resolved_date",
    "hold_date",
    "sla_paused_hours",
    "sla_status",
    "sla_breached",
    "escalation_level",
    "last_escalation_date",
    "condition_cleared",
    "closed_by_id",
    *DEADLINE_ROLES,
}
# Who works an exception: its owner, its team or an exception manager may hand it on.
ASSIGNMENT_FIELDS = {"user_id", "team_id"}
# Stored computed fields that create() works out for a whole batch (_dist_add_computed_values).
BATCH_COMPUTED_FIELDS = ("layer", "kpi", "blocking", "ladder_id", *DEADLINE_ROLES)


class DistException(models.Model):
    _name = "dist.exception"
    _description = "Operational Exception"
    _inherit = ["mail.thread", "mail.activity.mixin", "dist.approval.mixin", "dist.sla.mixin", "dist.followup.mixin"]
    _order = "severity desc, resolution_deadline, id desc"
    _check_company_auto = True
    _dist_sla_fields = {
        "start": "detected_date",
        "response_date": "response_date",
        "closed_date": "resolved_date",
        "hold_date": "hold_date",
        "paused_hours": "sla_paused_hours",
        "response_deadline": "response_deadline",
        "resolution_deadline": "resolution_deadline",
        "response_risk_date": "response_risk_date",
        "resolution_risk_date": "resolution_risk_date",
        "status": "sla_status",
        "breached": "sla_breached",
        "escalation_level": "escalation_level",
        "last_escalation_date": "last_escalation_date",
        "owner": "user_id",
    }

    name = fields.Char(string="Reference", readonly=True, default="/", copy=False)
    type_id = fields.Many2one(
        comodel_name="dist.exception.type",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    layer = fields.Selection(related="type_id.layer", store=True)
    kpi = fields.Selection(related="type_id.kpi", store=True)
    blocking = fields.Boolean(related="type_id.blocking", store=True)
    severity = fields.Selection(
        selection=SEVERITIES,
        required=True,
        default="1",
        tracking=True,
        index=True,
    )
    severity_manual = fields.Boolean(
        help="Set when a person changed the severity: severity rules no longer override it.",
        copy=False,
    )
    state = fields.Selection(
        selection=EXCEPTION_STATES,
        required=True,
        default="new",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_read_group_expand_state",
    )
    res_model = fields.Char(string="Source Model", index=True, readonly=True)
    res_id = fields.Many2oneReference(string="Source ID", model_field="res_model", index=True, readonly=True)
    source_ref = fields.Reference(
        selection="_selection_source_ref",
        string="Source Document",
        compute="_compute_source_ref",
        inverse="_inverse_source_ref",
    )
    source_name = fields.Char(
        string="Source",
        compute="_compute_source_name",
        help="The source document's name, shown when you may read it.",
    )
    description = fields.Html()
    partner_id = fields.Many2one(comodel_name="res.partner", index=True, tracking=True)
    product_id = fields.Many2one(comodel_name="product.product", index=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    team_id = fields.Many2one(
        comodel_name="dist.exception.team",
        index=True,
        tracking=True,
        check_company=True,
    )
    detected_date = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
        readonly=True,
        help="Start of the SLA clock.",
    )
    response_date = fields.Datetime(string="Acknowledged On", readonly=True, copy=False)
    resolved_date = fields.Datetime(string="Closed On", readonly=True, copy=False)
    closed_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        help="Who resolved or cancelled it (the scheduled detectors when the problem went away).",
    )
    hold_date = fields.Datetime(string="On Hold Since", readonly=True, copy=False)
    sla_paused_hours = fields.Float(
        string="Paused Working Hours",
        default=0.0,
        readonly=True,
        copy=False,
        help="Working hours spent on hold; they push both deadlines back.",
    )
    response_deadline = fields.Datetime(compute="_compute_deadlines", store=True, index=True)
    resolution_deadline = fields.Datetime(compute="_compute_deadlines", store=True, index=True)
    # When the last share of the allowed working time (the type's at-risk percentage) starts.
    response_risk_date = fields.Datetime(compute="_compute_deadlines", store=True)
    resolution_risk_date = fields.Datetime(compute="_compute_deadlines", store=True)
    sla_status = fields.Selection(
        selection=SLA_STATUSES,
        string="SLA",
        readonly=True,
        copy=False,
        index=True,
        help="Refreshed on every change and by the escalation scheduled action.",
    )
    sla_breached = fields.Boolean(
        readonly=True,
        copy=False,
        help="Stays set once a deadline was missed, even after resolution.",
    )
    ladder_id = fields.Many2one(
        comodel_name="dist.escalation.ladder",
        string="Escalation Ladder",
        compute="_compute_ladder_id",
        store=True,
        index="btree_not_null",
        help="The type's ladder, or the one its company set for the type.",
    )
    escalation_level = fields.Integer(readonly=True, copy=False, default=0, tracking=True)
    last_escalation_date = fields.Datetime(readonly=True, copy=False)
    root_cause_id = fields.Many2one(comodel_name="dist.root.cause", tracking=True)
    resolution_note = fields.Text(tracking=True)
    condition_cleared = fields.Boolean(
        readonly=True,
        copy=False,
        help="The detector no longer sees the problem: review and close the exception.",
    )
    cost_amount = fields.Monetary(
        string="Cost Impact",
        currency_field="currency_id",
        tracking=True,
        help="Extra cost caused by the exception, e.g. expedited freight or a credit note.",
    )
    cost_type = fields.Selection(
        selection=COST_TYPES,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    freight_ids = fields.One2many(
        comodel_name="dist.expedited.freight",
        inverse_name="exception_id",
        string="Expedited Freight",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue")
    age_days = fields.Integer(string="Age (days)", compute="_compute_age_days")

    # Lets only one open exception exist per source document and type, also under concurrency.
    def init(self):
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS dist_exception_open_source_uniq
                ON dist_exception (type_id, res_model, res_id)
             WHERE state IN ('new', 'acknowledged', 'in_progress', 'on_hold')
               AND res_id IS NOT NULL AND res_id != 0
            """
        )

    @api.model
    def _selection_source_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([("transient", "=", False)])]

    @api.depends("res_model", "res_id")
    def _compute_source_ref(self):
        for exc in self:
            if exc.res_model and exc.res_model in self.env and exc.res_id:
                exc.source_ref = f"{exc.res_model},{exc.res_id}"
            else:
                exc.source_ref = False

    @api.depends("res_model", "res_id")
    def _compute_source_name(self):
        # One access check per source model, with the reader's rights: a document they
        # may not read shows nothing rather than "You don't have access".
        ids_by_model = {}
        for exc in self:
            if exc.res_model in self.env and exc.res_id:
                ids_by_model.setdefault(exc.res_model, set()).add(exc.res_id)
        names = {}
        for model, ids in ids_by_model.items():
            readable = self.env[model].browse(ids).exists()._filtered_access("read")
            names.update({(model, record.id): record.display_name for record in readable})
        for exc in self:
            exc.source_name = names.get((exc.res_model, exc.res_id), False)

    def _inverse_source_ref(self):
        for exc in self:
            exc.res_model = exc.source_ref._name if exc.source_ref else False
            exc.res_id = exc.source_ref.id if exc.source_ref else False

    @api.depends("type_id.ladder_id", "type_id.company_setting_ids.ladder_id", "company_id")
    def _compute_ladder_id(self):
        ladders = {}
        for exc in self:
            key = (exc.type_id, exc.company_id)
            if key not in ladders:
                ladders[key] = exc.type_id._dist_ladder(exc.company_id) if exc.type_id else False
            exc.ladder_id = ladders[key]

    @api.depends("type_id", "severity", "detected_date", "sla_paused_hours", "company_id")
    def _compute_deadlines(self):
        self._dist_sla_compute_deadlines()

    @api.depends("state", "resolution_deadline")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for exc in self:
            exc.is_overdue = bool(
                exc.state in OPEN_STATES and exc.resolution_deadline and exc.resolution_deadline < now
            )

    @api.depends("detected_date", "resolved_date")
    def _compute_age_days(self):
        now = fields.Datetime.now()
        for exc in self:
            end = exc.resolved_date or now
            exc.age_days = (end - exc.detected_date).days if exc.detected_date else 0

    @api.model
    def _read_group_expand_state(self, states, domain):
        """Kanban columns in lifecycle order: every open state, then the closed ones that hold records."""
        return [state for state, _label in EXCEPTION_STATES if state in OPEN_STATES or state in states]

    @api.constrains("state", "root_cause_id", "resolution_note")
    def _check_resolution(self):
        for exc in self:
            if exc.state == "resolved" and (not exc.root_cause_id or not (exc.resolution_note or "").strip()):
                raise ValidationError(
                    self.env._("%s cannot be resolved without a root cause and a resolution note.", exc.display_name)
                )

    @api.constrains("cost_amount")
    def _check_cost_amount(self):
        for exc in self:
            if exc.cost_amount < 0:
                raise ValidationError(self.env._("The cost impact of %s cannot be negative.", exc.display_name))

    @api.constrains("type_id", "res_model")
    def _check_source_model(self):
        for exc in self:
            if exc.res_model and exc.type_id.res_model and exc.res_model != exc.type_id.res_model:
                raise ValidationError(
                    self.env._(
                        "“%(type)s” exceptions are about %(expected)s documents, not %(given)s.",
                        type=exc.type_id.name,
                        expected=exc.type_id.res_model_id.name,
                        given=exc.res_model,
                    )
                )

    @api.onchange("type_id")
    def _onchange_type_id(self):
        if self.type_id:
            self.severity = self.type_id.default_severity
            self.team_id, self.user_id = self.type_id._dist_assignment(self.company_id)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("state", "new") != "new" or (LIFECYCLE_FIELDS - {"name", "res_model", "res_id"}) & {
                    key for key, value in vals.items() if value
                }:
                    raise UserError(
                        self.env._("A reported exception starts as New; its state and SLA come from its lifecycle.")
                    )
        types = self.env["dist.exception.type"].browse({vals.get("type_id") for vals in vals_list} - {None, False})
        types_by_id = {exc_type.id: exc_type for exc_type in types}
        names = iter(self._dist_next_names(sum(1 for vals in vals_list if vals.get("name", "/") == "/")))
        assignments = {}
        for vals in vals_list:
            exc_type = types_by_id.get(vals.get("type_id"))
            if exc_type:
                # A batch is mostly of one type and company: each assignment is worked out once.
                key = (exc_type.id, vals.get("company_id"))
                if key not in assignments:
                    assignments[key] = exc_type._dist_assignment(self.env["res.company"].browse(vals.get("company_id")))
                team, owner = assignments[key]
                vals.setdefault("severity", exc_type.default_severity)
                vals.setdefault("team_id", team.id)
                vals.setdefault("user_id", owner.id)
                if not vals.get("res_model") and exc_type.res_model and vals.get("res_id"):
                    vals["res_model"] = exc_type.res_model
            if vals.get("name", "/") == "/":
                vals["name"] = next(names)
        self._dist_check_duplicates(
            [
                (vals["type_id"], vals["res_model"], vals["res_id"])
                for vals in vals_list
                if vals.get("res_id") and vals.get("res_model") and vals.get("state", "new") in OPEN_STATES
            ]
        )
        self._dist_add_computed_values(vals_list, types_by_id)
        exceptions = super().create(vals_list)
        exceptions._dist_followup_start_from_type()
        # The engine gives the to-dos once per pass (one digest per owner), not per batch.
        if not self.env.context.get("dist_defer_todos"):
            exceptions._dist_schedule_owner_activities()
        return exceptions

    @api.model
    def _create(self, data_list):
        records = super()._create(data_list)
        # The ORM recomputes readonly computed fields given at creation: those create() gave
        # for the batch stand (the values are the computes' own), as a precomputed field's would.
        for name in BATCH_COMPUTED_FIELDS:
            given = [record.id for record, data in zip(records, data_list, strict=True) if name in data["stored"]]
            if given:
                self.env.remove_to_compute(self._fields[name], records.browse(given))
        return records

    @api.model
    def _dist_add_computed_values(self, vals_list, types_by_id):
        """Give new running exceptions their type's copied fields, ladder, deadlines and
        SLA status in ``vals_list``, worked out for the whole batch, as the computes and
        the status refresh would: the rows are inserted complete instead of updated after
        (a detector pass creates thousands). Others are left to the computes."""
        names = self._dist_sla_fields
        clock_fields = {"response_date", "resolved_date", "hold_date", "sla_paused_hours", *DEADLINE_ROLES}
        complete = []
        for vals in vals_list:
            if (
                vals.get("type_id") in types_by_id
                and vals.get("company_id")
                and vals.get("detected_date")
                and vals.get("state", "new") in RUNNING_STATES
                and not clock_fields & {key for key, value in vals.items() if value}
            ):
                complete.append(vals)
            else:
                # Left to the computes, as any caller's value for them always was.
                for name in BATCH_COMPUTED_FIELDS:
                    vals.pop(name, None)
        companies = self.env["res.company"].browse({vals["company_id"] for vals in complete})
        ladders, calendars, targets, clocks = {}, {}, {}, []
        for vals in complete:
            exc_type = types_by_id[vals["type_id"]]
            company = companies.browse(vals["company_id"])
            if (exc_type, company) not in ladders:
                ladders[exc_type, company] = exc_type._dist_ladder(company)
            if company not in calendars:
                calendars[company] = self._dist_sla_company_calendar(company)
            if (exc_type, vals["severity"], company) not in targets:
                targets[exc_type, vals["severity"], company] = self._dist_sla_target_for(
                    exc_type, vals["severity"], company
                )
            vals.update(
                layer=exc_type.layer,
                kpi=exc_type.kpi,
                blocking=exc_type.blocking,
                ladder_id=ladders[exc_type, company].id,
            )
            start = fields.Datetime.to_datetime(vals["detected_date"])
            clocks.append((start, targets[exc_type, vals["severity"], company], 0.0, calendars[company]))
        now = fields.Datetime.now()
        for vals, deadlines in zip(complete, self._dist_sla_deadline_values(clocks), strict=True):
            vals.update(deadlines)
            dates = {role: deadlines[names[role]] for role in DEADLINE_ROLES}
            vals["sla_status"] = self._dist_sla_running_status(dates, False, now)
            vals["sla_breached"] = vals["sla_status"] == "breached"

    @api.model
    def _dist_check_duplicates(self, keys, exclude_ids=()):
        """Refuse open exceptions that repeat an open one: ``keys`` are
        (type id, model, record id) triples about to be open. One query."""
        if len(set(keys)) < len(keys):
            raise ValidationError(self.env._("The same document is listed twice for one exception type."))
        if not keys:
            return
        existing = self.search_fetch(
            [
                ("id", "not in", list(exclude_ids)),
                ("type_id", "in", list({key[0] for key in keys})),
                ("res_id", "in", list({key[2] for key in keys})),
                ("state", "in", OPEN_STATES),
            ],
            ["type_id", "res_model", "res_id", "name"],
        )
        wanted = set(keys)
        for exc in existing:
            if (exc.type_id.id, exc.res_model, exc.res_id) in wanted:
                raise ValidationError(
                    self.env._(
                        "%(doc)s already has the open exception %(name)s of type “%(type)s”.",
                        doc=exc.source_ref.display_name if exc.source_ref else exc.res_id,
                        name=exc.name,
                        type=exc.type_id.name,
                    )
                )

    @api.model
    def _dist_next_names(self, count):
        """``count`` references from the exception sequence, in one query when it allows."""
        return self.env.company._dist_next_numbers("dist.exception", count) if count else []

    def write(self, vals):
        if not self.env.su:
            if LIFECYCLE_FIELDS & vals.keys():
                raise UserError(
                    self.env._(
                        "The state, source and SLA of an exception change only through its buttons "
                        "(Acknowledge, Start, Hold, Resume, Resolve, Cancel, Reopen)."
                    )
                )
            if ASSIGNMENT_FIELDS & vals.keys():
                self._dist_check_can_close(self.env._("reassign"))
        if "severity" in vals and not self.env.context.get("dist_engine"):
            vals = dict(vals, severity_manual=True)
        if vals.get("state") and vals["state"] not in OPEN_STATES:
            # A resolved or cancelled exception tells the customer nothing more.
            vals = dict(vals, dist_followup_next_date=False)
        result = super().write(vals)
        if {"type_id", "res_model", "res_id", "state"} & vals.keys():
            reopened = self.filtered(lambda e: e.res_id and e.res_model and e.state in OPEN_STATES)
            self._dist_check_duplicates(
                [(exc.type_id.id, exc.res_model, exc.res_id) for exc in reopened], exclude_ids=reopened.ids
            )
        if "user_id" in vals:
            self._dist_move_owner_activities()
        return result

    # -------------------------------------------------------- customer follow-ups

    def _dist_followup_start_from_type(self):
        """Start the follow-ups of the new open exceptions whose type has a sequence for
        their company and that name a customer."""
        starting = {}
        for exc in self.filtered(lambda e: e.partner_id and e.state in OPEN_STATES):
            sequence = exc.type_id.followup_sequence_id
            if sequence._dist_usable_for(exc.company_id):
                starting[exc] = sequence
        self._dist_followup_start(starting)

    def _dist_followup_open_domain(self):
        return [("state", "in", OPEN_STATES)]

    def _dist_followup_portal_record(self):
        """The customer's document on the portal: the source when it has one (an order, an
        invoice), else the order of a delivery."""
        self.ensure_one()
        document = self.sudo().source_ref
        if document and "access_token" not in document._fields and "sale_id" in document._fields:
            document = document.sale_id
        return document if document and "access_token" in document._fields else self.env["res.partner"]

    # ---------------------------------------------------------------- actions

    # Each action checks the state and who acts, then writes the lifecycle fields as the
    # engine (sudo): the write guard refuses those fields to everyone else.

    def action_acknowledge(self):
        self._dist_check_transition(("new",), self.env._("acknowledge"))
        self.sudo().write({"state": "acknowledged", "response_date": fields.Datetime.now()})
        return True

    def action_start(self):
        self._dist_check_transition(("new", "acknowledged"), self.env._("start working on"))
        now = fields.Datetime.now()
        for exc in self.sudo():
            exc.write({"state": "in_progress", "response_date": exc.response_date or now})
        return True

    def action_hold(self):
        self._dist_check_transition(("new", "acknowledged", "in_progress"), self.env._("put on hold"))
        self.sudo().write(dict(self._dist_sla_pause_values(fields.Datetime.now()), state="on_hold"))
        return True

    def action_resume(self):
        self._dist_check_transition(("on_hold",), self.env._("resume"))
        now = fields.Datetime.now()
        for exc in self.sudo():
            exc.write(
                dict(exc._dist_sla_resume_values(now), state="in_progress", response_date=exc.response_date or now)
            )
        return True

    def action_resolve(self):
        """Open the resolution dialog, which asks for the root cause and the note."""
        self._dist_check_state(OPEN_STATES, self.env._("resolve"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve Exceptions"),
            "res_model": "dist.exception.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_cancel(self):
        self._dist_check_transition(OPEN_STATES, self.env._("cancel"))
        self.sudo().write(
            {
                "state": "cancelled",
                "resolved_date": fields.Datetime.now(),
                "hold_date": False,
                "closed_by_id": self.env.uid,
            }
        )
        self._dist_close_activities()
        return True

    def action_reopen(self):
        self._dist_check_transition(("resolved", "cancelled"), self.env._("reopen"))
        self.sudo().write(
            {
                "state": "in_progress",
                "resolved_date": False,
                "closed_by_id": False,
                "condition_cleared": False,
                "response_date": fields.Datetime.now(),
            }
        )
        # The problem is back: so are the customer's updates.
        self._dist_followup_start_from_type()
        self._dist_schedule_owner_activities()
        return True

    def action_request_cost_approval(self):
        self.ensure_one()
        return self._dist_request_action(self._dist_request_guards("resolve"))

    def action_view_freight(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_expedited_freight_action")
        action["domain"] = [("exception_id", "=", self.id)]
        action["context"] = {
            "default_exception_id": self.id,
            "default_company_id": self.company_id.id,
            "default_root_cause_id": self.root_cause_id.id,
        }
        return action

    def action_open_source(self):
        self.ensure_one()
        if not self.source_ref:
            raise UserError(self.env._("%s has no source document.", self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------- business methods

    def _dist_check_transition(self, allowed, verb):
        self._dist_check_state(allowed, verb)
        self._dist_check_can_close(verb)

    def _dist_check_state(self, allowed, verb):
        wrong = self.filtered(lambda e: e.state not in allowed)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "You cannot %(verb)s %(names)s: it is %(state)s.",
                    verb=verb,
                    names=", ".join(wrong.mapped("name")),
                    state=labels[wrong[0].state],
                )
            )

    def _dist_check_can_close(self, verb):
        """Closing an exception is the decision of its owner, its team or an exception manager."""
        user = self.env.user
        if self.env.su or user.has_group("dist_exception_core.dist_exception_core_group_manager"):
            return
        foreign = self.filtered(lambda e: user not in (e.user_id | e.team_id.user_id | e.team_id.member_ids))
        if foreign:
            exc = foreign[0]
            owner = exc.user_id.name or self.env._("nobody")
            if exc.team_id:
                message = self.env._(
                    "You cannot %(verb)s %(name)s: only its owner (%(owner)s), the %(team)s team "
                    "or an exception manager can.",
                    verb=verb,
                    name=exc.name,
                    owner=owner,
                    team=exc.team_id.name,
                )
            else:
                message = self.env._(
                    "You cannot %(verb)s %(name)s: only its owner (%(owner)s) or an exception manager can.",
                    verb=verb,
                    name=exc.name,
                    owner=owner,
                )
            raise UserError(message)

    def _dist_resolve(self, root_cause, note, auto=False):
        """Close ``self`` with ``root_cause`` and ``note``; cost impacts above the
        company's threshold need an approved request first, also when the engine closes
        them (``auto``: a detector, a control, a ticket), which only skips the closer's rights."""
        if not root_cause or not (note or "").strip():
            raise UserError(self.env._("Give a root cause and a resolution note to resolve an exception."))
        self._dist_check_state(OPEN_STATES, self.env._("resolve"))
        if not auto:
            self._dist_check_can_close(self.env._("resolve"))
        self._dist_check_guards("resolve")
        now = fields.Datetime.now()
        for exc in self.sudo().filtered(lambda e: e.state == "on_hold"):
            exc.write(exc._dist_sla_resume_values(now))
        writer = self.sudo().with_context(dist_engine=True)
        if auto:
            # Detector closings come by the thousand: one batch log instead of tracking each.
            writer = writer.with_context(tracking_disable=True)
            self._message_log_batch(
                bodies=dict.fromkeys(
                    self.ids,
                    self.env._("Resolved automatically (%(cause)s): %(note)s", cause=root_cause.name, note=note),
                )
            )
        writer.write(
            {
                "state": "resolved",
                "root_cause_id": root_cause.id,
                "resolution_note": note,
                "resolved_date": now,
                "closed_by_id": self.env.uid,
            }
        )
        self._dist_close_activities()

    def _dist_cost_in_company_currency(self):
        self.ensure_one()
        return self.currency_id._convert(
            self.cost_amount, self.company_id.currency_id, self.company_id, fields.Date.context_today(self)
        )

    def _dist_schedule_owner_activities(self):
        activity_type = self.env.ref("dist_exception_core.mail_activity_type_exception", raise_if_not_found=False)
        todo = self.filtered(lambda e: e.user_id and e.state in OPEN_STATES and e.type_id.owner_activity)
        if activity_type and todo:
            todo._dist_assign_todos(
                activity_type,
                {exc.id: exc.user_id for exc in todo},
                lambda exc: exc.type_id.name,
                deadline=lambda exc: fields.Date.to_date(exc.response_deadline or exc.detected_date),
            )

    def _dist_move_owner_activities(self):
        activity_type = self.env.ref("dist_exception_core.mail_activity_type_exception", raise_if_not_found=False)
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        owners = {exc.id: exc.user_id for exc in self}
        # A new owner who already has one of the engine's to-dos on the exception keeps
        # that one (with the earlier deadline): one to-do per person per exception.
        held = self._dist_open_todos(self.user_id)
        duplicates = self.env["mail.activity"].sudo()
        for activity in activities:
            kept = held.get((activity.res_id, owners[activity.res_id].id))
            if kept and kept != activity:
                kept.date_deadline = min(kept.date_deadline, activity.date_deadline)
                duplicates |= activity
        duplicates.unlink()
        activities -= duplicates
        for owner in set(owners.values()):
            owned = activities.filtered(lambda a, owner=owner: owners[a.res_id] == owner)
            if owned and owner:
                # Odoo tells the new owner, as they chose, of a single hand-over; a batch
                # (an escalation pass) is logged on each exception instead.
                owned.with_context(mail_activity_quick_update=len(owned) > 1).write({"user_id": owner.id})

    def _dist_close_activities(self):
        self.env["mail.activity"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        ).action_feedback(feedback=self.env._("Exception closed."))

    def _dist_guards(self, action):
        if action != "resolve":
            return super()._dist_guards(action)
        costly = self.filtered(lambda e: e.cost_amount and e.company_id.dist_exception_cost_control)
        return {
            exc.id: [
                DistGuard(
                    "exception_cost",
                    exc._dist_cost_in_company_currency(),
                    self.env._("The cost impact"),
                    self.env._("Request Cost Approval"),
                )
            ]
            for exc in costly
        }

    def _dist_awaiting_cost_approval(self):
        """The exceptions of ``self`` whose cost impact still needs an approved request to close."""
        return self.browse(
            {
                record.id
                for record, _guard, status, _band in self._dist_guard_statuses("resolve")
                if status in ("required", "pending")
            }
        )

    # ------------------------------------------------------------- SLA hooks

    def _dist_sla_target(self):
        self.ensure_one()
        return self._dist_sla_target_for(self.type_id, self.severity, self.company_id) if self.type_id else None

    @api.model
    def _dist_sla_target_for(self, exc_type, severity, company):
        response_hours, resolution_hours = exc_type._dist_targets(severity, company)
        return response_hours, resolution_hours, exc_type.at_risk_percent

    @api.model
    def _dist_sla_sql(self):
        return dict(
            super()._dist_sla_sql(),
            untracked=SQL("t.state = 'cancelled'"),
            closed=SQL("t.state = 'resolved'"),
            paused=SQL("t.state = 'on_hold'"),
        )

    @api.model
    def _dist_sla_trigger_fields(self):
        return super()._dist_sla_trigger_fields() | {"state", "severity", "type_id"}

    @api.model
    def _dist_escalation_domain(self, ladder):
        return [("ladder_id", "=", ladder.id), ("state", "in", RUNNING_STATES)]

    def _dist_escalation_team_users(self):
        return {exc.id: exc.team_id.member_ids | exc.team_id.user_id for exc in self}

    def _dist_escalation_team_leader(self):
        return {exc.id: exc.team_id.user_id for exc in self}

    def _dist_escalation_raise_severity(self):
        for severity in ("2", "1", "0"):
            self.filtered(lambda e, s=severity: e.severity == s).write({"severity": str(int(severity) + 1)})
