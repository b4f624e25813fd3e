# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.exceptions import UserError

OPEN = [("state", "in", OPEN_STATES)]
ROLES = ("sales", "procurement", "warehouse", "service", "management")


class DistWorkspace(models.AbstractModel):
    """Server side of the role workspaces: what needs action now, who owns it, and for
    management the KPIs. Sections whose source module is absent are left out."""

    _name = "dist.workspace"
    _description = "Role Workspace"

    @api.model
    def get_workspace(self, role):
        if role not in ROLES:
            raise UserError(self.env._("Unknown workspace “%s”.", role))
        builder = getattr(self, f"_dist_{role}_sections")
        tiles, lists = builder()
        return {
            "role": role,
            "title": dict(self._dist_titles())[role],
            "tiles": [tile for tile in tiles if tile],
            "lists": [section for section in lists if section],
            "kpis": self._dist_kpis(role),
        }

    @api.model
    def _dist_titles(self):
        return [
            ("sales", self.env._("Sales workspace")),
            ("procurement", self.env._("Procurement workspace")),
            ("warehouse", self.env._("Warehouse workspace")),
            ("service", self.env._("Customer service workspace")),
            ("management", self.env._("Management workspace")),
        ]

    # ------------------------------------------------------------- sections

    @api.model
    def _dist_tile(self, label, model, domain, tone="primary", group_by=None):
        """A count with the domain to open; None when the model is absent or not readable."""
        if model not in self.env or not self.env[model].has_access("read"):
            return None
        return {
            "label": label,
            "model": model,
            "domain": domain,
            "count": self.env[model].search_count(domain),
            "tone": tone,
            "group_by": group_by or [],
        }

    @api.model
    def _dist_exception_tile(self, label, codes, tone="danger"):
        return self._dist_tile(
            label, "dist.exception", [("type_id.code", "in", codes), *OPEN], tone=tone, group_by=["user_id"]
        )

    @api.model
    def _dist_exception_list(self, title, domain, order="severity desc, resolution_deadline", limit=10):
        exceptions = self.env["dist.exception"].search([*domain, *OPEN], order=order, limit=limit)
        statuses = dict(self.env["dist.exception"]._fields["sla_status"]._description_selection(self.env))
        return {
            "title": title,
            "model": "dist.exception",
            "domain": [*domain, *OPEN],
            "rows": [
                {
                    "id": exc.id,
                    "name": exc.name,
                    "label": exc.type_id.name,
                    "detail": self._dist_detail(exc),
                    "owner": exc.user_id.name or self.env._("unassigned"),
                    "badge": statuses.get(exc.sla_status, ""),
                    "tone": {"breached": "danger", "at_risk": "warning"}.get(exc.sla_status, "secondary"),
                    "due": fields.Datetime.to_string(exc.resolution_deadline) if exc.resolution_deadline else "",
                }
                for exc in exceptions
            ],
            "owners": self._dist_owners([*domain, *OPEN]),
        }

    @api.model
    def _dist_detail(self, exc):
        # The exception's own reference to its document, also for roles without access to it.
        source = exc.sudo().source_ref
        return source.display_name if source else (exc.sudo().partner_id.display_name or "")

    @api.model
    def _dist_owners(self, domain):
        groups = self.env["dist.exception"]._read_group(
            domain, groupby=["user_id"], aggregates=["__count"], order="__count desc", limit=6
        )
        return [{"name": user.name or self.env._("unassigned"), "count": count} for user, count in groups]

    @api.model
    def _dist_sales_sections(self):
        approvals = None
        if self.env["dist.approval.request"].has_access("read"):
            approvals = self._dist_tile(
                self.env._("Discounts waiting for approval"),
                "dist.approval.request",
                [("state", "=", "pending"), ("rule_id.code", "in", ("sale_discount", "sale_margin"))],
                tone="warning",
            )
        tiles = [
            self._dist_exception_tile(self.env._("Orders at risk"), ["order_at_risk", "rush_unfulfillable"]),
            self._dist_exception_tile(self.env._("Credit holds"), ["credit_hold"], tone="warning"),
            approvals,
            self._dist_exception_tile(self.env._("Priority backorders"), ["backorder_priority"], tone="info"),
        ]
        at_risk = self._dist_exception_list(
            self.env._("At-risk orders, most urgent first"),
            [("type_id.code", "in", ("order_at_risk", "rush_unfulfillable", "credit_hold"))],
        )
        return tiles, [at_risk]

    @api.model
    def _dist_procurement_sections(self):
        tiles = [
            self._dist_exception_tile(self.env._("Late confirmations"), ["po_unconfirmed"], tone="warning"),
            self._dist_exception_tile(self.env._("Late purchase orders"), ["po_late"]),
            self._dist_exception_tile(self.env._("Inbound shortages"), ["inbound_shortage", "replenishment_gap"]),
            self._dist_tile(
                self.env._("Purchases waiting for approval"),
                "dist.approval.request",
                [("state", "=", "pending"), ("rule_id.code", "in", ("purchase_amount", "purchase_nonstandard"))],
                tone="warning",
            ),
        ]
        inbound = self._dist_exception_list(self.env._("Inbound exceptions"), [("layer", "=", "supply")])
        by_supplier = self.env["dist.exception"]._read_group(
            [("layer", "=", "supply"), *OPEN],
            groupby=["partner_id"],
            aggregates=["__count"],
            order="__count desc",
            limit=8,
        )
        inbound["owners"] = [
            {"name": partner.display_name or self.env._("no supplier"), "count": count}
            for partner, count in by_supplier
        ]
        inbound["owners_title"] = self.env._("By supplier")
        return tiles, [inbound]

    @api.model
    def _dist_warehouse_sections(self):
        types = self.env["dist.exception.type"].search([("layer", "=", "warehouse")])
        tiles = [self._dist_exception_tile(exc_type.name, [exc_type.code], tone="danger") for exc_type in types]
        queue = self._dist_exception_list(self.env._("Warehouse queue"), [("layer", "=", "warehouse")])
        if "location_id" in self.env["dist.exception"]._fields:
            by_zone = self.env["dist.exception"]._read_group(
                [("layer", "=", "warehouse"), *OPEN],
                groupby=["location_id"],
                aggregates=["__count"],
                order="__count desc",
                limit=8,
            )
            queue["owners"] = [
                {"name": location.display_name or self.env._("no zone"), "count": count} for location, count in by_zone
            ]
            queue["owners_title"] = self.env._("By zone")
        return [tile for tile in tiles if tile and tile["count"]] or tiles[:4], [queue]

    @api.model
    def _dist_service_sections(self):
        ticket_model = "helpdesk.ticket"
        if ticket_model not in self.env or "dist_sla_status" not in self.env[ticket_model]._fields:
            tiles = []
        else:
            open_tickets = [("stage_id.closed", "=", False)]
            tiles = [
                self._dist_tile(label, ticket_model, [*open_tickets, ("dist_sla_status", "=", status)], tone=tone)
                for label, status, tone in (
                    (self.env._("Tickets breached"), "breached", "danger"),
                    (self.env._("Tickets at risk"), "at_risk", "warning"),
                    (self.env._("Tickets on track"), "on_track", "success"),
                    (self.env._("Waiting for the customer"), "paused", "info"),
                )
            ]
        facing = (
            [("type_id.customer_facing", "=", True)]
            if "customer_facing" in self.env["dist.exception.type"]._fields
            else [("layer", "=", "service")]
        )
        customer = self._dist_exception_list(self.env._("Customer-facing exceptions"), facing)
        return tiles, [customer]

    @api.model
    def _dist_management_sections(self):
        since = fields.Datetime.now() - timedelta(days=90)
        tiles = [
            self._dist_tile(
                self.env._("Open breaches"), "dist.exception", [("sla_status", "=", "breached"), *OPEN], tone="danger"
            ),
            self._dist_tile(
                self.env._("Escalated"), "dist.exception", [("escalation_level", ">", 0), *OPEN], tone="warning"
            ),
            self._dist_tile(
                self.env._("Critical open"), "dist.exception", [("severity", "=", "3"), *OPEN], tone="danger"
            ),
        ]
        causes = self.env["dist.exception"]._read_group(
            [("root_cause_id", "!=", False), ("detected_date", ">=", since)],
            groupby=["root_cause_id"],
            aggregates=["__count"],
            order="__count desc",
            limit=6,
        )
        breaches = self._dist_exception_list(self.env._("Breached exceptions"), [("sla_status", "=", "breached")])
        breaches["owners"] = [{"name": cause.name, "count": count} for cause, count in causes]
        breaches["owners_title"] = self.env._("Recurring root causes (90 days)")
        return tiles, [breaches]

    @api.model
    def _dist_kpis(self, role):
        codes = {
            "sales": ("otif", "fill_rate", "order_cycle_time", "credit_hold_frequency"),
            "procurement": ("supplier_reliability", "backorder_aging", "fill_rate"),
            "warehouse": ("pick_accuracy", "inventory_accuracy", "otif"),
            "service": ("sla_breach_rate_tickets", "complaint_recurrence", "exception_aging"),
            "management": (
                "otif",
                "fill_rate",
                "exception_aging",
                "sla_breach_rate",
                "inventory_accuracy",
                "supplier_reliability",
                "expedited_freight",
                "invoice_lag",
            ),
        }[role]
        kpis = self.env["dist.kpi"].search([("code", "in", codes), ("available", "=", True)])
        return [
            {
                "id": kpi.id,
                "name": kpi.name,
                "value": round(kpi.value, 1) if kpi.has_data else "-",
                "previous": round(kpi.previous_value, 1),
                "unit": kpi.unit or "",
                "target": kpi.target or "",
                "better": kpi.better,
            }
            for kpi in kpis.sorted(lambda k: codes.index(k.code))
        ]
