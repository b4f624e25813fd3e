# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import UTC, timedelta

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.exceptions import UserError

from .dist_kpi import PERIODS

OPEN = [("state", "in", OPEN_STATES)]
SLA_TONES = {"breached": "danger", "at_risk": "warning", "on_track": "success", "paused": "info"}
ROLES = ("sales", "procurement", "warehouse", "service", "finance", "management")
# The KPI cards of each workspace, codes of core's KPIS; a KPI not in the catalogue (its
# bridge module is not installed) is left out.
ROLE_KPIS = {
    "sales": ("otif", "fill_rate", "order_cycle_time", "credit_hold_frequency"),
    "procurement": ("supplier_reliability", "backorder_aging", "fill_rate"),
    "warehouse": ("pick_accuracy", "inventory_accuracy", "otif"),
    "service": ("sla_breach_rate_tickets", "complaint_recurrence", "exception_aging"),
    "finance": ("credit_hold_frequency", "invoice_lag", "expedited_freight"),
    "management": (
        "otif",
        "fill_rate",
        "exception_aging",
        "sla_breach_rate",
        "inventory_accuracy",
        "supplier_reliability",
        "expedited_freight",
        "invoice_lag",
        "approval_turnaround",
    ),
}


class DistWorkspace(models.AbstractModel):
    """Server side of the role workspaces: what needs action now, who owns it, and for
    management the KPIs."""

    _name = "dist.workspace"
    _description = "Role Workspace"

    @api.model
    def get_workspace(self, role, days=30):
        """What the role's home screen shows, its KPIs over the last ``days`` (one of PERIODS)."""
        if role not in ROLES:
            raise UserError(self.env._("Unknown workspace “%s”.", role))
        workspace = self.with_context(dist_kpi_days=days)
        workspace.env["dist.kpi"]._dist_period_days()
        tiles, lists = getattr(workspace, f"_dist_{role}_sections")()
        return {
            "role": role,
            "title": dict(workspace._dist_titles())[role],
            "mine": [tile for tile in workspace._dist_waiting_for_me() if tile],
            "tiles": [tile for tile in tiles if tile],
            "lists": [section for section in lists if section],
            "kpis": workspace._dist_kpis(role),
            "links": workspace._dist_links(role),
            "days": days,
            "periods": list(PERIODS),
        }

    @api.model
    def _dist_links(self, role):
        """[{label, action, icon}]: screens the role opens from its home in one tap (the
        bridges add theirs, the warehouse's scanner say); actions the user may not read are left out."""
        return []

    @api.model
    def _dist_waiting_for_me(self):
        """What waits for the person, on every workspace, first: the approvals they may
        decide, their breached exceptions, and theirs due by the end of today (in their
        time zone)."""
        user_tz = self.env.user.tz or "UTC"
        today_end = fields.Datetime.context_timestamp(self.with_context(tz=user_tz), fields.Datetime.now()).replace(
            hour=23, minute=59, second=59
        )
        end = fields.Datetime.to_string(today_end.astimezone(UTC).replace(tzinfo=None))
        mine = [("user_id", "=", self.env.uid), *OPEN]
        return [
            self._dist_tile(
                self.env._("Approvals waiting for me"),
                "dist.approval.request",
                [("state", "=", "pending"), ("can_decide", "=", True)],
                tone="warning",
            ),
            self._dist_tile(
                self.env._("My breached exceptions"),
                "dist.exception",
                [*mine, ("sla_status", "=", "breached")],
                "danger",
            ),
            self._dist_tile(
                self.env._("Mine due today"),
                "dist.exception",
                [
                    *mine,
                    ("sla_status", "!=", "breached"),
                    "|",
                    "&",
                    ("response_date", "=", False),
                    ("response_deadline", "<=", end),
                    ("resolution_deadline", "<=", end),
                ],
                tone="info",
            ),
        ]

    @api.model
    def _dist_titles(self):
        return [
            ("sales", self.env._("Sales workspace")),
            ("procurement", self.env._("Procurement workspace")),
            ("warehouse", self.env._("Warehouse workspace")),
            ("service", self.env._("Customer service workspace")),
            ("finance", self.env._("Finance workspace")),
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
    def _dist_exception_tile(self, label, types, tone="danger"):
        """Open exceptions of the exception type records ``types``."""
        return self._dist_tile(
            label, "dist.exception", [("type_id", "in", types.ids), *OPEN], tone=tone, group_by=["user_id"]
        )

    @api.model
    def _dist_layer_tile(self, label, layer, tone="primary"):
        return self._dist_tile(label, "dist.exception", [("layer", "=", layer), *OPEN], tone=tone, group_by=["user_id"])

    @api.model
    def _dist_refs(self, *xmlids):
        """The records of a module's known XML ids: a bridge names another module's types
        and rules by them, and a missing one raises instead of emptying a tile."""
        records = [self.env.ref(xmlid) for xmlid in xmlids]
        return records[0].browse([record.id for record in records])

    @api.model
    def _dist_exception_list(self, title, domain, order="severity desc, resolution_deadline", limit=10):
        exceptions = self.env["dist.exception"].search([*domain, *OPEN], order=order, limit=limit)
        return {
            "title": title,
            "model": "dist.exception",
            "domain": [*domain, *OPEN],
            "rows": [self._dist_sla_row(exc, exc.name, exc.type_id.name, self._dist_detail(exc)) for exc in exceptions],
            "owners": self._dist_owners([*domain, *OPEN]),
        }

    @api.model
    def _dist_sla_row(self, record, name, label, detail):
        """A queue row of a record of the SLA engine (an exception, a ticket): its owner,
        its status at this moment, not at the last refresh, and its next deadline."""
        status = record.dist_sla_live_status
        deadline = record.dist_sla_next_deadline
        return {
            "id": record.id,
            "name": name,
            "label": label,
            "detail": detail,
            "owner": record.user_id.name or self.env._("unassigned"),
            "owner_id": record.user_id.id,
            "badge": dict(record._fields["dist_sla_live_status"]._description_selection(self.env)).get(status, ""),
            "tone": SLA_TONES.get(status, "secondary"),
            "due": fields.Datetime.to_string(deadline) if deadline else "",
        }

    @api.model
    def _dist_detail(self, exc):
        # The exception's own reference to its document, also for roles without access to it:
        # source_name reads the documents of every listed exception at once, model by model.
        exc = exc.sudo()
        return exc.source_name or exc.partner_id.display_name or ""

    @api.model
    def _dist_owners(self, domain, model="dist.exception"):
        groups = self.env[model]._read_group(
            domain, groupby=["user_id"], aggregates=["__count"], order="__count desc", limit=6
        )
        return [
            {
                "name": user.name or self.env._("unassigned"),
                "count": count,
                "domain": [*domain, ("user_id", "=", user.id)],
            }
            for user, count in groups
        ]

    # Each role's sections on the core's data; the bridge modules add those of their
    # module (dist_visibility_dashboards_o2c, _supply, _warehouse, _service).

    @api.model
    def _dist_sales_sections(self):
        tiles = [self._dist_layer_tile(self.env._("Open order exceptions"), "demand", tone="warning")]
        queue = self._dist_exception_list(self.env._("Order exceptions, most urgent first"), [("layer", "=", "demand")])
        return tiles, [queue]

    @api.model
    def _dist_procurement_sections(self):
        tiles = [self._dist_layer_tile(self.env._("Open supply exceptions"), "supply", tone="warning")]
        inbound = self._dist_exception_list(self.env._("Inbound exceptions"), [("layer", "=", "supply")])
        by_supplier = self.env["dist.exception"]._read_group(
            [("layer", "=", "supply"), *OPEN],
            groupby=["partner_id"],
            aggregates=["__count"],
            order="__count desc",
            limit=8,
        )
        inbound["owners"] = [
            {
                "name": partner.display_name or self.env._("no supplier"),
                "count": count,
                "domain": [("layer", "=", "supply"), *OPEN, ("partner_id", "=", partner.id)],
            }
            for partner, count in by_supplier
        ]
        inbound["owners_title"] = self.env._("By supplier")
        return tiles, [inbound]

    @api.model
    def _dist_warehouse_sections(self):
        # One tile for the layer (opened by type), then what is urgent in it: not one red
        # tile per exception type.
        layer = [("layer", "=", "warehouse"), *OPEN]
        tiles = [
            self._dist_tile(
                self.env._("Open warehouse exceptions"), "dist.exception", layer, tone="warning", group_by=["type_id"]
            ),
            self._dist_tile(
                self.env._("Breached"), "dist.exception", [*layer, ("sla_status", "=", "breached")], tone="danger"
            ),
            self._dist_tile(
                self.env._("Blocking a document"), "dist.exception", [*layer, ("blocking", "=", True)], tone="danger"
            ),
        ]
        queue = self._dist_exception_list(self.env._("Warehouse queue"), [("layer", "=", "warehouse")])
        return tiles, [queue]

    @api.model
    def _dist_service_sections(self):
        tiles = [self._dist_layer_tile(self.env._("Open service exceptions"), "service", tone="warning")]
        customer = self._dist_exception_list(
            self.env._("Customer-facing exceptions"), self._dist_customer_facing_domain()
        )
        return tiles, [customer]

    @api.model
    def _dist_customer_facing_domain(self):
        return [("layer", "=", "service")]

    @api.model
    def _dist_finance_sections(self):
        """Cost impacts to accept and the exceptions finance owns; the order-to-cash bridge
        adds credit holds, held invoices and disputes."""
        tiles = [
            self._dist_tile(
                self.env._("Cost impacts awaiting approval"),
                "dist.approval.request",
                [("state", "=", "pending"), ("res_model", "=", "dist.exception")],
                tone="warning",
            ),
        ]
        costly = self._dist_exception_list(
            self.env._("Exceptions with a cost impact"), [("cost_amount", ">", 0)], order="cost_amount desc"
        )
        return tiles, [costly]

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
        breaches["owners"] = [
            {
                "name": cause.name,
                "count": count,
                "domain": [("root_cause_id", "=", cause.id), ("detected_date", ">=", fields.Datetime.to_string(since))],
            }
            for cause, count in causes
        ]
        breaches["owners_title"] = self.env._("Recurring root causes (90 days)")
        return tiles, [breaches]

    @api.model
    def _dist_kpis(self, role):
        codes = ROLE_KPIS[role]
        kpis = self.env["dist.kpi"].search([("code", "in", codes), ("available", "=", True)])
        return [
            {
                "id": kpi.id,
                "name": kpi.name,
                "value": round(kpi.value, 1) if kpi.has_data else "-",
                "previous": round(kpi.previous_value, 1) if kpi.previous_has_data else "-",
                "unit": kpi.unit or "",
                "target": kpi.target or "",
                "better": kpi.better,
                # Coloured against the target, not against the previous period.
                "status": kpi._dist_target_status(),
                # The weekly trend next to the card, drawn by Odoo's own graph view; an
                # aging KPI is a snapshot, not a weekly average: no trend.
                "trend": kpi._dist_trend() if kpi.aggregate != "age" else False,
            }
            for kpi in kpis.sorted(lambda k: codes.index(k.code))
        ]
