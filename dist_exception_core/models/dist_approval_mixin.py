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
    )
    dist_approval_pending = fields.Boolean(
        string="Approval Pending",
        compute="_compute_dist_approval_pending",
    )

    def _compute_dist_approval_pending(self):
        pending = self.env["dist.approval.request"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids), ("state", "=", "pending")]
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
        rule = self.env["dist.approval.rule"]._dist_get(code, self._dist_approval_company())
        band = rule._dist_band_for(value)
        if not band:
            return "not_required", band
        requests = self.env["dist.approval.request"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("rule_id", "=", rule.id),
                ("state", "in", ("pending", "approved")),
            ]
        )
        precision = rule.precision
        covering = requests.filtered(lambda r: float_compare(r.value, value, precision_digits=precision) >= 0)
        if covering.filtered(lambda r: r.state == "approved"):
            return "approved", band
        if covering:
            return "pending", band
        return "required", band

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
        request_model = self.env["dist.approval.request"]
        if status in ("pending", "approved"):
            return request_model.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("rule_id", "=", band.rule_id.id),
                    ("state", "=", status),
                ],
                limit=1,
            )
        return request_model.create(
            {
                "rule_id": band.rule_id.id,
                "res_model": self._name,
                "res_id": self.id,
                "value": value,
                "reason": reason,
            }
        )

    def action_view_dist_approval_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_approval_request_action")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {}
        return action
