# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections.abc import Callable
from typing import NamedTuple

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .selection import OPEN_STATES


class DistGuard(NamedTuple):
    """One approval threshold a guarded action must pass on one document."""

    code: str  # a declared approval code of the document's model
    value: float  # what the action measures, in the rule's measure
    # What is measured, the subject of the message: "A discount of 12 % below the pricelist".
    # A function giving it is called only when a message or a request names the guard: an
    # action that passes its guards formats no figure.
    label: str | Callable[[], str]
    button: str = ""  # the button filing the request, named as the next step

    def label_text(self):
        return self.label() if callable(self.label) else self.label


class DistApprovalMixin(models.AbstractModel):
    """Lets a document guard its actions behind approval thresholds and blocking exceptions.

    A guarded action declares its guards in ``_dist_guards(action)`` and calls
    ``_dist_check_guards(action)``, which raises the one message: the open blocking
    exceptions of the document (for the actions in ``_dist_blocked_actions``), then the
    first guard above its limit, naming the limit, who approves and the request button.
    The user asks for approval with ``_dist_request_approval`` or ``_dist_request_guards``.
    """

    _name = "dist.approval.mixin"
    _description = "Document with Approval Thresholds"
    # Actions refused while the document has an open exception of a blocking type.
    _dist_blocked_actions = ()
    # Codes of the exception types that only surface one of this model's own guards or
    # controls (a quotation waiting for its discount approval, an order on credit hold):
    # that control decides and lifts them (the approval, the Finance release). Any other
    # blocking exception lifts when it is resolved, never by an approval.
    _dist_controlled_exception_types = ()

    dist_approval_request_ids = fields.One2many(
        comodel_name="dist.approval.request",
        inverse_name="res_id",
        string="Approval Requests",
        domain=lambda self: [("res_model", "=", self._name)],
        groups="dist_exception_core.dist_exception_core_group_user",
    )
    dist_approval_pending = fields.Boolean(
        string="Approval Pending",
        compute="_compute_dist_approval_pending",
    )

    def _compute_dist_approval_pending(self):
        pending = (
            self.env["dist.approval.request"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids), ("state", "=", "pending")])
        )
        pending_ids = set(pending.mapped("res_id"))
        for record in self:
            record.dist_approval_pending = record.id in pending_ids

    def _dist_approval_company(self):
        return self.company_id if "company_id" in self._fields and self.company_id else self.env.company

    def _dist_approval_status(self, code, value):
        """Return (status, band) with status one of
        ``not_required``, ``approved``, ``pending`` and ``required``."""
        self.ensure_one()
        return self._dist_approval_statuses(code, {self.id: value})[self.id]

    def _dist_approval_statuses(self, code, values):
        """Return {record id: (status, band)} for ``values`` ({record id: measured value}).

        One query for the requests of all records, whatever their number. Thresholds and
        requests are the company's policy, read whatever the user's own rights on them:
        a salesperson without a suite role still confirms orders that need no approval.
        """
        rules = self.env["dist.approval.rule"].sudo()
        rules._dist_check_code(code, self._name)
        records = self.browse(list(values))
        rule_by_company = {}
        for company in {record._dist_approval_company() for record in records}:
            rule_by_company[company] = rules._dist_get_required(code, company)
        bands = {
            record.id: rules._dist_band_in(code, record._dist_approval_company(), values[record.id])
            for record in records
        }
        # A value in no band needs no approval, whatever was requested: no query for those.
        banded = [record_id for record_id, band in bands.items() if band]
        requests = (
            self.env["dist.approval.request"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", banded),
                    ("rule_id", "in", [rule.id for rule in rule_by_company.values()]),
                    ("state", "in", ("pending", "approved")),
                ]
            )
            if banded
            else self.env["dist.approval.request"]
        )
        result = {}
        for record in records:
            rule = rule_by_company[record._dist_approval_company()]
            value = values[record.id]
            band = bands[record.id]
            if not band:
                result[record.id] = ("not_required", band)
                continue
            covering = requests.filtered(
                lambda r, rec=record, rl=rule, val=value: (
                    r.res_id == rec.id
                    and r.rule_id == rl
                    and float_compare(r.value, val, precision_digits=rl.precision) >= 0
                )
            )
            if covering.filtered(lambda r: r.state == "approved"):
                result[record.id] = ("approved", band)
            elif covering:
                result[record.id] = ("pending", band)
            else:
                result[record.id] = ("required", band)
        return result

    def _dist_guards(self, action):
        """Hook: {record id: [DistGuard]} that ``action`` needs on the records of ``self``.
        Only switched-on controls declare a guard: a control off lets the action through."""
        return {}

    def _dist_guard_statuses(self, action, guards=None):
        """[(record, guard, status, band)] of the guards of ``action`` (``guards``, or the
        declared ones): one status query per approval code, whatever the number of records."""
        guards = self._dist_guards(action) if guards is None else guards
        values_by_code = {}
        for record_id, record_guards in guards.items():
            for guard in record_guards:
                values_by_code.setdefault(guard.code, {})[record_id] = guard.value
        statuses = {
            code: self.browse(list(values))._dist_approval_statuses(code, values)
            for code, values in values_by_code.items()
        }
        return [
            (self.browse(record_id), guard, *statuses[guard.code][record_id])
            for record_id, record_guards in guards.items()
            for guard in record_guards
        ]

    def _dist_guard_error(self, action, guards=None):
        """Why ``action`` is refused on ``self``, or False: an open blocking exception first,
        then the first guard above its limit."""
        if action in self._dist_blocked_actions:
            error = self._dist_blocking_error()
            if error:
                return error
        for record, guard, status, band in self._dist_guard_statuses(action, guards):
            if status in ("required", "pending"):
                return record._dist_guard_message(guard, status, band)
        return False

    def _dist_check_guards(self, action, guards=None):
        """Raise a UserError unless every record of ``self`` may do ``action``."""
        error = self._dist_guard_error(action, guards)
        if error:
            raise UserError(error)

    def _dist_guard_message(self, guard, status, band):
        self.ensure_one()
        # Thresholds are company policy, named to a requester who may not read them.
        band = band.sudo()
        rule = band.rule_id
        values = {
            "label": guard.label_text(),
            "doc": self.display_name,
            "value": rule._dist_format_value(guard.value),
            "rule": rule.name,
            # A band from zero: every value the action measures needs approval.
            "limit": self.env._(" above %s", rule._dist_format_value(band.min_value)) if band.min_value else "",
            "group": band._dist_approvers_label(),
        }
        if status == "pending":
            return self.env._(
                "%(label)s on %(doc)s (%(value)s) needs approval under “%(rule)s”%(limit)s "
                "and waits for approval by %(group)s.",
                **values,
            )
        return self.env._(
            "%(label)s on %(doc)s (%(value)s) needs approval under “%(rule)s”%(limit)s: %(next)s; "
            "%(group)s will decide.",
            **values,
            next=self.env._("click %s", guard.button) if guard.button else self.env._("request approval"),
        )

    def _dist_blocking_exceptions(self):
        """The open exceptions of a blocking type on the documents of ``self``."""
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "in", self.ids),
            ("blocking", "=", True),
            ("state", "in", OPEN_STATES),
            # A type blocks the documents of its own source model only.
            ("type_id.res_model_id.model", "=", self._name),
        ]
        if self._dist_controlled_exception_types:
            domain.append(("type_id.code", "not in", list(self._dist_controlled_exception_types)))
        # Blocks hold for every user, whether or not they may read exceptions.
        return self.env["dist.exception"].sudo().search(domain)

    def _dist_blocking_error(self):
        exceptions = self._dist_blocking_exceptions()
        if not exceptions:
            return False
        record = self.browse(exceptions[0].res_id)
        names = ", ".join(
            f"{exc.name} ({exc.type_id.name})" for exc in exceptions.filtered(lambda e: e.res_id == record.id)
        )
        return self.env._(
            "%(doc)s is blocked by its open exception %(exceptions)s: have it resolved first "
            "(by its owner or an exception manager); an approval does not lift it.",
            doc=record.display_name,
            exceptions=names,
        )

    def _dist_request_guards(self, action, reason=False):
        """File (or find) the requests the guards of ``action`` still need on this document,
        each with its guard's label and ``reason``."""
        self.ensure_one()
        requests = self.env["dist.approval.request"]
        for _record, guard, status, _band in self._dist_guard_statuses(action):
            if status in ("required", "pending"):
                label = guard.label_text()
                text = self.env._("%(what)s: %(reason)s", what=label, reason=reason) if reason else label
                requests |= self._dist_request_approval(guard.code, guard.value, reason=text)
        if not requests:
            raise UserError(self.env._("%s needs no approval.", self.display_name))
        return requests

    def _dist_request_approval(self, code, value, reason=False):
        """Create (or return the pending) approval request for ``value``."""
        self.ensure_one()
        status, band = self._dist_approval_status(code, value)
        if status == "not_required":
            raise UserError(self.env._("%s needs no approval: the value is within every threshold.", self.display_name))
        # Any user stopped by a threshold may ask: filing the request is this privileged
        # path, in the requester's name; deciding stays with the band's group.
        request_model = self.env["dist.approval.request"].sudo()
        if status in ("pending", "approved"):
            return request_model.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("rule_id", "=", band.rule_id.id),
                    ("state", "=", status),
                ],
                limit=1,
            ).sudo(False)
        return request_model.create(
            {
                "rule_id": band.rule_id.id,
                "res_model": self._name,
                "res_id": self.id,
                "value": value,
                "reason": reason,
                "requested_by_id": self.env.uid,
            }
        ).sudo(False)

    def _dist_request_action(self, requests):
        """What the requester sees once ``requests`` are filed: the request, or this
        document's requests, where they may read requests; otherwise a notice naming who
        decides each."""
        if requests.has_access("read"):
            return requests.get_formview_action() if len(requests) == 1 else self.action_view_dist_approval_requests()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Approval requested"),
                "message": "\n".join(
                    self.env._("%(name)s is waiting for %(group)s.", name=request.name, group=request.approvers_label)
                    for request in requests.sudo()
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _dist_use_approvals(self, code):
        """Mark the approved requests of ``code`` on ``self`` as used: they covered a
        one-off action (applying a count, say) and must not cover the next one."""
        self.env["dist.approval.rule"]._dist_check_code(code, self._name)
        self.env["dist.approval.request"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("rule_id.code", "=", code),
                ("state", "=", "approved"),
            ]
        ).write({"state": "used"})

    def _dist_approval_decided(self, request):
        """Called on the document when one of its requests is approved or rejected."""

    def action_view_dist_approval_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_approval_request_action")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {}
        return action
