# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The bridges installed by pre-migrate flagged their types customer-facing: those the
    administrator had unflagged stay internal."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT id FROM dist_service_sla_internal_types")
    env["dist.exception.type"].browse([row[0] for row in cr.fetchall()]).write({"customer_facing": False})
    cr.execute("DROP TABLE dist_service_sla_internal_types")
