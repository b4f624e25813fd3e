# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.3.0: the module needs only the core and helpdesk_mgmt. The ticket's links to
orders, deliveries and invoices and the returns moved to dist_service_sla_sale, the
customer-facing flags of the o2c and warehouse types to dist_service_sla_o2c and
dist_service_sla_warehouse. Odoo installs a new auto-install module only when one of its
dependencies is being installed, not upgraded: install here each bridge whose other module
is installed, and hand it the XML ids of what moved, so that its fields keep their columns
and data instead of being deleted. Installing a bridge flags its types customer-facing
again: the types the administrator had unflagged are noted here and unflagged again by
end-migrate, once the bridges are installed."""

from odoo import SUPERUSER_ID, api

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


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
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
    modules = env["ir.module.module"]
    for bridge, (needed, patterns) in MOVED.items():
        if not modules.search_count([("name", "=", needed), ("state", "in", ("installed", "to upgrade"))]):
            continue  # Without its module, what moved is obsolete: the upgrade deletes it.
        if patterns:
            cr.execute(
                """
                UPDATE ir_model_data SET module = %s
                 WHERE module = 'dist_service_sla' AND name LIKE ANY(%s)
                """,
                [bridge, patterns],
            )
        modules.search([("name", "=", bridge), ("state", "=", "uninstalled")]).button_install()
