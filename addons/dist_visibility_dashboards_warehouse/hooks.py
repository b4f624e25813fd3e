# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.dist_visibility_dashboards.models.kpi_sql import drop_fact_triggers

from .models.dist_kpi_pick import PICK_REFRESH, PICK_SOURCES


def uninstall_hook(env):
    """The triggers would outlive the facts table Odoo drops: they go first."""
    drop_fact_triggers(env.cr, PICK_REFRESH, PICK_SOURCES)
