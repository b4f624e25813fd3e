# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class DistApprovalMixin(models.AbstractModel):
    """Lets a document guard an action behind the approval thresholds.

    A guarded action calls ``_dist_check_approval(code, value)``: it passes when
    no band of the company's rule covers ``value``, or when an approved request
    covers at least ``value``; otherwise it raises a clear error and the user
    asks for approval with ``_dist_request_approval``.
    """

    _name = "dist.approval.mixin"
    _description = "Document with Approval Thresholds"

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
        records = self.browse(list(values))
        rule_by_company = {}
        for company in {record._dist_approval_company() for record in records}:
            rule_by_company[company] = rules._dist_get_required(code, company)
        requests = (
            self.env["dist.approval.request"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", list(values)),
                    ("rule_id", "in", [rule.id for rule in rule_by_company.values() if rule]),
                    ("state", "in", ("pending", "approved")),
                ]
            )
        )
        result = {}
        for record in records:
            rule = rule_by_company[record._dist_approval_company()]
            value = values[record.id]
            band = rule._dist_band_for(value)
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

    def _dist_check_approval(self, code, value):
        """Raise a UserError unless ``value`` is allowed for this document."""
        for record in self:
            status, band = record._dist_approval_status(code, value)
            if status == "pending":
                raise UserError(
                    self.env._(
                        "%(doc)s waits for approval by %(group)s (%(rule)s: %(value)s).",
                        doc=record.display_name,
                        group=band.group_id.name,
                        rule=band.rule_id.name,
                        value=band.rule_id._dist_format_value(value),
                    )
                )
            if status == "required":
                raise UserError(
                    self.env._(
                        "%(rule)s of %(value)s on %(doc)s is above your limit: request approval from %(group)s first.",
                        doc=record.display_name,
                        group=band.group_id.name,
                        rule=band.rule_id.name,
                        value=band.rule_id._dist_format_value(value),
                    )
                )

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
                    self.env._(
                        "%(name)s is waiting for %(group)s.", name=request.name, group=request.group_id.full_name
                    )
                    for request in requests.sudo()
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _dist_use_approvals(self, code):
        """Mark the approved requests of ``code`` on ``self`` as used: they covered a
        one-off action (applying a count, say) and must not cover the next one."""
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
