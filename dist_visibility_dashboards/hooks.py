# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL

from .models.dist_kpi_order import ORDER_FACTS, ORDER_REFRESH, ORDER_SOURCES
from .models.kpi_sql import drop_fact_triggers


def uninstall_hook(env):
    """The order facts are no model's table: their triggers, functions and table go here."""
    drop_fact_triggers(env.cr, ORDER_REFRESH, ORDER_SOURCES)
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s CASCADE", SQL.identifier(ORDER_FACTS)))
