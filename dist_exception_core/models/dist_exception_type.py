# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import re
from datetime import datetime

from odoo import api, fields, models, tools
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError, ValidationError

from .selection import KPIS, LAYERS, OPEN_STATES, SEVERITIES

_logger = logging.getLogger(__name__)

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# A detector is a method of its source model named DETECTOR_PREFIX + its key.
DETECTOR_PREFIX = "_dist_detect_"
# Namespace of the transaction-level advisory locks of the detectors (one key per type).
DETECTOR_LOCK = 31_337_001


class DistExceptionType(models.Model):
    _name = "dist.exception.type"
    _inherit = ["dist.sla.target.mixin"]
    _description = "Exception Type"
    _order = "layer, sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key, fixed once the type is created: modules and reports refer to it.",
    )
    detector = fields.Selection(
        selection="_selection_detector",
        help="What finds this type's cases in the scheduled pass: one of the installed detectors. "
        "Empty for types reported by hand or raised by a control at the moment a problem happens.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        string="Business Definition",
        translate=True,
        help="What the exception means for the business and when it is raised.",
    )
    layer = fields.Selection(selection=LAYERS, string="Visibility Layer", required=True)
    kpi = fields.Selection(selection=KPIS, string="KPI Impacted")
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to use the type in every company.",
    )
    res_model_id = fields.Many2one(
        comodel_name="ir.model",
        string="Source Model",
        ondelete="cascade",
        domain=[("transient", "=", False)],
        help="Document the exception is about. Empty for types only reported by hand.",
    )
    res_model = fields.Char(related="res_model_id.model", store=True, index=True)
    default_severity = fields.Selection(selection=SEVERITIES, required=True, default="1")
    team_id = fields.Many2one(comodel_name="dist.exception.team", string="Owning Team")
    followup_sequence_id = fields.Many2one(
        comodel_name="dist.followup.sequence",
        string="Customer Follow-ups",
        domain="[('res_model', '=', 'dist.exception'), ('company_id', 'in', (company_id, False))]",
        help="Messages the exception's customer gets on a schedule until it is resolved, each with a link to "
        "their document on the portal. Empty: the customer is not written to.",
    )
    customer_description = fields.Char(
        string="Told the Customer As",
        translate=True,
        help="How follow-up messages name the problem to the customer, e.g. 'the rest of your order'.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        help="Default owner of new exceptions; the team leader when empty.",
    )
    response_hours = fields.Float(
        default=4.0,
        help="Working hours to acknowledge, for severities without their own target.",
    )
    resolution_hours = fields.Float(
        default=24.0,
        help="Working hours to resolve, for severities without their own target.",
    )
    sla_ids = fields.One2many(
        comodel_name="dist.exception.sla",
        inverse_name="type_id",
        string="SLA per Severity",
        copy=True,
    )
    at_risk_percent = fields.Integer(
        string="At Risk Below (%)",
        default=25,
        help="The SLA is at risk once less than this share of the allowed time remains.",
    )
    severity_rule_ids = fields.One2many(
        comodel_name="dist.exception.severity.rule",
        inverse_name="type_id",
        string="Severity Rules",
        copy=True,
    )
    ladder_id = fields.Many2one(comodel_name="dist.escalation.ladder", string="Escalation Ladder")
    company_setting_ids = fields.One2many(
        comodel_name="dist.exception.type.company",
        inverse_name="type_id",
        string="Per Company",
        help="Owner, team, ladder and SLA targets of one company, where they differ from the type's.",
    )
    owner_activity = fields.Boolean(
        string="To-do for the Owner",
        default=True,
        help="Give the owner a to-do activity, due on the response deadline, for each new exception. "
        "Owners are notified by their preference (e-mail or inbox), once per pass: a digest lists "
        "the to-dos when a pass gives them several. Switch it off for types worked from lists and "
        "workspaces: escalations still give their targets an activity.",
    )
    blocking = fields.Boolean(help="An open exception of this type blocks the guarded action on its document.")
    detector_active = fields.Boolean(
        string="Run Detector",
        default=True,
        help="Let the scheduled action look for new cases of this type.",
    )
    detector_available = fields.Boolean(compute="_compute_detector_available")
    detector_last_run = fields.Datetime(
        string="Last Detector Run",
        readonly=True,
        copy=False,
        help="When the detector last finished a pass (scheduled or by hand).",
    )
    detector_queued = fields.Boolean(
        string="Detector Run Requested",
        readonly=True,
        copy=False,
        help="Run Detector was asked for: the scheduled action runs it first, in the background.",
    )
    detector_error = fields.Text(
        string="Last Detector Error",
        readonly=True,
        copy=False,
        help="Why the last pass failed; empty once a pass succeeds.",
    )
    on_clear = fields.Selection(
        selection=[("resolve", "Resolve automatically"), ("review", "Flag for review")],
        string="When the Condition Clears",
        required=True,
        default="resolve",
    )
    exception_ids = fields.One2many(comodel_name="dist.exception", inverse_name="type_id")
    open_count = fields.Integer(compute="_compute_counts")
    breached_count = fields.Integer(compute="_compute_counts")
    false_positive_rate = fields.Float(
        string="False Positives (%)",
        compute="_compute_false_positive_rate",
        digits=(16, 1),
        help="Of this type's exceptions resolved in the last 90 days, the share closed with a false-positive "
        "root cause: a climbing rate says the detector or its thresholds need a review.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of an exception type must be unique."),
    ]

    @api.model
    def _selection_detector(self):
        return [(key, label) for key, (_model, label) in self._dist_detectors().items()]

    @api.model
    @tools.ormcache()
    def _dist_detectors(self):
        """{detector key: (model name, label)} of every installed detector: each method
        ``_dist_detect_<key>`` of a concrete model, labelled by its docstring's first line.
        Two models declaring one key is a programming error, raised loudly."""
        detectors = {}
        for model_name, model_class in self.env.registry.items():
            if model_class._abstract:
                continue
            for attribute in dir(model_class):
                if not attribute.startswith(DETECTOR_PREFIX):
                    continue
                key = attribute[len(DETECTOR_PREFIX) :]
                if key in detectors:
                    raise TypeError(f"Detector {key!r} is declared by both {detectors[key][0]} and {model_name}")
                doc = (getattr(model_class, attribute).__doc__ or key.replace("_", " ")).strip().splitlines()[0]
                detectors[key] = (model_name, doc.rstrip("."))
        return detectors

    @api.depends("res_model", "detector")
    def _compute_detector_available(self):
        detectors = self._dist_detectors()
        for exc_type in self:
            exc_type.detector_available = bool(
                exc_type.detector and detectors.get(exc_type.detector, (None,))[0] == exc_type.res_model
            )

    def _compute_counts(self):
        groups = self.env["dist.exception"]._read_group(
            [("type_id", "in", self.ids), ("state", "in", OPEN_STATES)],
            groupby=["type_id", "sla_status"],
            aggregates=["__count"],
        )
        open_counts, breached = {}, {}
        for exc_type, status, count in groups:
            open_counts[exc_type.id] = open_counts.get(exc_type.id, 0) + count
            if status == "breached":
                breached[exc_type.id] = count
        for exc_type in self:
            exc_type.open_count = open_counts.get(exc_type.id, 0)
            exc_type.breached_count = breached.get(exc_type.id, 0)

    def _compute_false_positive_rate(self):
        since = fields.Datetime.subtract(fields.Datetime.now(), days=90)
        groups = self.env["dist.exception"]._read_group(
            [("type_id", "in", self.ids), ("state", "=", "resolved"), ("resolved_date", ">=", since)],
            groupby=["type_id", "root_cause_id"],
            aggregates=["__count"],
        )
        resolved, false_positives = {}, {}
        for exc_type, cause, count in groups:
            resolved[exc_type.id] = resolved.get(exc_type.id, 0) + count
            if cause.sudo().false_positive:
                false_positives[exc_type.id] = false_positives.get(exc_type.id, 0) + count
        for exc_type in self:
            total = resolved.get(exc_type.id, 0)
            exc_type.false_positive_rate = 100.0 * false_positives.get(exc_type.id, 0) / total if total else 0.0

    @api.constrains("code", "at_risk_percent")
    def _check_values(self):
        for exc_type in self:
            if not 0 <= exc_type.at_risk_percent <= 100:
                raise ValidationError(self.env._("The at-risk share is a percentage between 0 and 100."))
            if not CODE_PATTERN.match(exc_type.code or ""):
                raise ValidationError(
                    self.env._(
                        "The code “%s” must start with a lowercase letter and contain only "
                        "lowercase letters, digits and underscores.",
                        exc_type.code,
                    )
                )

    @api.constrains("followup_sequence_id")
    def _check_followup_sequence(self):
        for exc_type in self:
            exc_type.followup_sequence_id._dist_check_follows("dist.exception", self.env._("exceptions"))

    @api.constrains("detector", "res_model_id")
    def _check_detector_model(self):
        detectors = self._dist_detectors()
        for exc_type in self.filtered("detector"):
            # A dynamic selection is not checked by the ORM: a misspelled detector in a data
            # file must fail the install, not leave the type silently undetected.
            if exc_type.detector not in detectors:
                raise ValidationError(
                    self.env._(
                        "“%(type)s” names the detector “%(detector)s”, which no installed module provides.",
                        type=exc_type.name,
                        detector=exc_type.detector,
                    )
                )
            model_name = detectors[exc_type.detector][0]
            if exc_type.res_model != model_name:
                raise ValidationError(
                    self.env._(
                        "The detector “%(detector)s” finds %(model)s documents: set that source model on “%(type)s”.",
                        detector=exc_type.detector,
                        model=self.env["ir.model"]._get(model_name).name,
                        type=exc_type.name,
                    )
                )

    @api.constrains("res_model_id", "severity_rule_ids")
    def _check_rules_have_model(self):
        # Re-checks the rules' conditions against a changed source model.
        self.severity_rule_ids._check_domain()

    @api.onchange("detector")
    def _onchange_detector(self):
        if self.detector:
            self.res_model_id = self.env["ir.model"]._get(self._dist_detectors()[self.detector][0])

    def write(self, vals):
        if "code" in vals and any(exc_type.code != vals["code"] for exc_type in self):
            raise UserError(
                self.env._(
                    "The code of an exception type is fixed once it is created: modules, reports and "
                    "integrations refer to it. Create a new type instead."
                )
            )
        return super().write(vals)

    def _register_hook(self):
        # Two models declaring one detector fail the registry load, not the scheduled pass.
        self._dist_detectors()
        return super()._register_hook()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["dist.exception"].search([("type_id", "in", self.ids)], limit=1).type_id
        if used:
            raise UserError(
                self.env._("“%s” has exceptions on record: archive the type instead of deleting it.", used.name)
            )

    def unlink(self):
        # Uninstalling the module that defines a type takes its exceptions with it.
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            self.env["dist.exception"].sudo().search([("type_id", "in", self.ids)]).unlink()
        return super().unlink()

    def action_view_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_exception_action")
        action["domain"] = [("type_id", "=", self.id)]
        action["context"] = {"search_default_filter_open": 1, "default_type_id": self.id}
        return action

    def action_run_detector(self):
        self.ensure_one()
        if not self.detector_available:
            raise ValidationError(
                self.env._("No detector is installed for “%s”: its exceptions are reported by hand.", self.name)
            )
        # A pass may take minutes on a large database: the scheduler runs it, not the
        # browser's request.
        cron = self.env.ref("dist_exception_core.ir_cron_dist_run_detectors").sudo()
        if not cron.active:
            raise UserError(
                self.env._(
                    "The scheduled action “%s” is archived: activate it in Settings > Technical > Scheduled "
                    "Actions to run detectors.",
                    cron.name,
                )
            )
        self.sudo().detector_queued = True
        cron._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Detector started"),
                "message": self.env._(
                    "The detector of “%s” runs in the background; reload the list of its exceptions in a moment.",
                    self.name,
                ),
                "next": self.action_view_exceptions(),
            },
        }

    def _dist_detector_method(self):
        return f"{DETECTOR_PREFIX}{self.detector}"

    def _dist_company_setting(self, company):
        """``company``'s own settings of this type, read as its policy whoever raises the exception."""
        self.ensure_one()
        return self.sudo().company_setting_ids.filtered(lambda s: s.company_id == company)[:1]

    def _dist_targets(self, severity, company=None):
        """Return (response hours, resolution hours) for ``severity`` in ``company``."""
        self.ensure_one()
        setting = self._dist_company_setting(company) if company else self.company_setting_ids.browse()
        if setting.response_hours:
            return setting.response_hours, setting.resolution_hours
        for sla in self.sla_ids:
            if sla.severity == severity:
                return sla.response_hours, sla.resolution_hours
        return self.response_hours, self.resolution_hours

    def _dist_assignment(self, company):
        """(team, owner) new exceptions of this type get in ``company`` (the current one
        when empty): the company's own settings first, then the type's; a team or an
        owner of another company is never assigned."""
        self.ensure_one()
        company = company or self.env.company
        setting = self._dist_company_setting(company)
        team = setting.team_id or self.team_id
        if team.company_id and team.company_id != company:
            team = team.browse()
        owner = next(
            (
                user
                for user in (setting.user_id, self.user_id, team.user_id)
                if user and company in user.sudo().company_ids
            ),
            self.env["res.users"],
        )
        return team, owner

    def _dist_ladder(self, company):
        """The escalation ladder of this type's exceptions in ``company``."""
        self.ensure_one()
        return self._dist_company_setting(company).ladder_id or self.ladder_id

    def _dist_applicable(self, records):
        """The ``records`` this type raises exceptions on: none for an archived type, and
        for a type of one company only that company's documents. Every raise path asks."""
        self.ensure_one()
        if not self.active:
            return records.browse()
        if self.company_id and "company_id" in records._fields and records:
            return records.browse(
                records.with_context(active_test=False)._search(
                    [("id", "in", records.ids), ("company_id", "in", (self.company_id.id, False))]
                )
            )
        return records

    def _dist_run_detector(self):
        """Run this type's detector and bring its open exceptions in line with what it finds.

        One worker at a time per type: a second one started meanwhile (a user's "Run
        detector" during the scheduled pass, say) skips it, instead of computing the same
        exceptions for the unique index to refuse. A type of one company only looks at
        that company's documents.
        """
        self.ensure_one()
        exceptions = self.env["dist.exception"]
        if not exceptions._dist_try_lock(DETECTOR_LOCK, self.id):
            _logger.info("Detector of %s is running in another worker: skipped", self.code)
            return exceptions, exceptions
        model = self.env[self.res_model]
        found = self._dist_applicable(getattr(model, self._dist_detector_method())(self))
        result = exceptions._dist_sync(self, found)
        # Bookkeeping like ir.cron's lastcall: whoever ran the pass may not configure types.
        self.sudo().write(
            {"detector_last_run": fields.Datetime.now(), "detector_error": False, "detector_queued": False}
        )
        return result

    def _dist_run_detector_logged(self):
        """Run the detector in a savepoint: a failure is logged and kept on the type
        instead of stopping the caller's other work."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._dist_run_detector()
        except Exception as error:
            _logger.exception("Detector of exception type %s failed", self.code)
            self.sudo().write(
                {"detector_last_run": fields.Datetime.now(), "detector_error": str(error), "detector_queued": False}
            )

    @api.model
    def _dist_scheduled_types(self):
        """The types whose detector the scheduled action runs: switched on and installed."""
        return self.search([("detector_active", "=", True), ("res_model", "!=", False)]).filtered("detector_available")

    @api.model
    def _cron_run_detectors(self):
        """Run every active detector; a failing detector is logged and the others still run.

        Under the scheduler each call runs one detector and reports the progress, so each
        type commits on its own: a worker killed mid-pass keeps the types it finished and
        the next run goes on with the types not run since the previous pass ended. Types
        asked for with Run Detector come first. While types remain the action triggers
        itself, so that one Run Manually, or a pass of more types than the scheduler runs
        in a row, runs every due type.
        """
        types = self._dist_scheduled_types()
        if not self.env.context.get("ir_cron_progress_id"):
            for exc_type in types:
                exc_type._dist_run_detector_logged()
            return
        pass_start = self.env.context.get("lastcall")
        due = types.filtered(
            lambda t: t.detector_queued or not t.detector_last_run or (pass_start and t.detector_last_run < pass_start)
        ).sorted(lambda t: (not t.detector_queued, t.detector_last_run or datetime.min, t.sequence, t.id))
        # A type another worker is running (a user's "Run detector") is left to it.
        to_run = next((t for t in due if self.env["dist.exception"]._dist_try_lock(DETECTOR_LOCK, t.id)), self.browse())
        if to_run:
            to_run._dist_run_detector_logged()
        remaining = len(due) - len(to_run)
        self.env["ir.cron"]._notify_progress(done=len(to_run), remaining=remaining)
        # Only after progress: a type another worker holds must not make the action poll.
        if remaining and to_run:
            self.env.ref("dist_exception_core.ir_cron_dist_run_detectors")._trigger()

    def _dist_severity_for(self, records):
        """Return {record id: severity} for source ``records`` from the first matching rule.

        One query per rule, whatever the number of records.
        """
        self.ensure_one()
        result = dict.fromkeys(records.ids, self.default_severity)
        remaining = set(records.ids)
        rules = self.severity_rule_ids.filtered("active").sorted(lambda r: (r.sequence, r.id))
        for rule in rules:
            if not remaining:
                break
            domain = [("id", "in", list(remaining)), *rule._dist_eval_domain()]
            for record_id in records.browse().with_context(active_test=False)._search(domain):
                result[record_id] = rule.severity
                remaining.discard(record_id)
        return result
