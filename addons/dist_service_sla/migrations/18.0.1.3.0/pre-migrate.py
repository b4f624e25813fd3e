# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.3.0: the module needs only the core and helpdesk_mgmt. The ticket's links to
orders, deliveries and invoices and the returns moved to dist_service_sla_sale, the
customer-facing flags of the o2c and warehouse types to dist_service_sla_o2c and
dist_service_sla_warehouse. Odoo installs a new auto-install module only when one of its
dependencies is being installed, not upgraded: install_bridges installs each bridge whose
other module is installed and hands it the XML ids of what moved, so that its fields keep
their columns and data. Installing a bridge flags its types customer-facing
again: the types the administrator had unflagged are noted here and unflagged again by
end-migrate, once the bridges are installed."""

from odoo import SUPERUSER_ID, api
from odoo.addons.dist_exception_core.upgrade import install_bridges

# bridge: (the module it needs, LIKE patterns of the XML ids it takes over)
MOVED = {
    "dist_service_sla_sale": (
        "sale_stock",
        [
            *(
                f"field_helpdesk_ticket__{name}"
                for name in (
                    "dist_sale_order_id",
                    "dist_picking_id",
                    "dist_invoice_id",
                    "dist_return_ids",
                    "dist_return_count",
                )
            ),
            "field_stock_picking__dist_ticket_id",
            "dist_ticket_routing_rule_invoice_demo",
        ],
    ),
    "dist_service_sla_o2c": ("dist_o2c_controls", []),
    "dist_service_sla_warehouse": ("dist_warehouse_exceptions", []),
}


FLAGGED = [
    ("dist_o2c_controls", "dist_exception_type_backorder_priority"),
    ("dist_o2c_controls", "dist_exception_type_invoice_dispute"),
    ("dist_o2c_controls", "dist_exception_type_rush_unfulfillable"),
    ("dist_warehouse_exceptions", "dist_exception_type_short_pick"),
    ("dist_warehouse_exceptions", "dist_exception_type_dispatch_delay"),
    ("dist_warehouse_exceptions", "dist_exception_type_damage_order_impact"),
]


# Inherited views of 18.0.1.2.0 and earlier, renamed <base view>_inherit_<module> since: they
# name fields that moved to the bridges, and would be validated with the new ones before the
# upgrade deletes them.
OLD_VIEWS = [
    "dist_exception_view_form",
    "dist_exception_type_view_form",
    "helpdesk_ticket_stage_view_form",
    "helpdesk_ticket_team_view_form",
    "helpdesk_ticket_view_form",
    "helpdesk_ticket_view_list",
    "helpdesk_ticket_view_search",
    "res_config_settings_view_form",
]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name in OLD_VIEWS:
        view = env.ref(f"dist_service_sla.{name}", raise_if_not_found=False)
        if view and view._name == "ir.ui.view":
            view.unlink()
    # The upgrade runs on one connection: the table lasts until end-migrate.
    cr.execute(
        """
        CREATE TEMP TABLE dist_service_sla_internal_types AS
        SELECT t.id
          FROM dist_exception_type t
          JOIN ir_model_data imd ON imd.model = 'dist.exception.type' AND imd.res_id = t.id
         WHERE (imd.module, imd.name) IN %s AND NOT COALESCE(t.customer_facing, FALSE)
        """,
        [tuple(FLAGGED)],
    )
    install_bridges(env, "dist_service_sla", MOVED)
