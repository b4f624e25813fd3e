# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: the KPIs, views and fields that read another suite module moved to
auto-install bridge modules (dist_visibility_dashboards_o2c, _supply, _warehouse,
_service): install_bridges installs each bridge whose other module is installed and hands
it the XML ids of what moved (KPI catalogue entries, actions, access rules)."""

from odoo import SUPERUSER_ID, api
from odoo.addons.dist_exception_core.upgrade import install_bridges

# bridge: (the module it needs, LIKE patterns of the XML ids it takes over)
MOVED = {
    "dist_visibility_dashboards_o2c": (
        "dist_o2c_controls",
        ["dist_kpi_credit_hold_frequency%", "field_dist_kpi_order__credit_held"],
    ),
    # Supplier reliability is dist_supply_exceptions' own view now: only its catalogue entry moves.
    "dist_visibility_dashboards_supply": ("dist_supply_exceptions", ["dist_kpi_supplier_reliability"]),
    "dist_visibility_dashboards_warehouse": (
        "dist_warehouse_exceptions",
        [
            f"{prefix}dist_kpi_{model}{suffix}"
            for model in ("inventory", "pick")
            for prefix, suffix in (("", "\\_%"), ("model_", ""), ("field_", "\\_\\_%"), ("access_", "\\_%"))
        ],
    ),
    "dist_visibility_dashboards_service": (
        "dist_service_sla",
        [
            "dist_kpi_complaint\\_%",
            "model_dist_kpi_complaint",
            "field_dist_kpi_complaint\\_\\_%",
            "access_dist_kpi_complaint\\_%",
            "dist_kpi_sla_breach_rate_tickets%",
        ],
    ),
}


def migrate(cr, version):
    install_bridges(api.Environment(cr, SUPERUSER_ID, {}), "dist_visibility_dashboards", MOVED)
