# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KPI models are SQL views, (re)built by ``init()`` of every module that defines or
extends them: a bridge module adds its columns and joins through the model's
``_dist_select()`` and ``_dist_from()``."""

from odoo.tools import SQL


def create_view(cr, name, query):
    cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(name)))
    cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(name), query))


def view_query(select, from_, where=None):
    """``SELECT <select, ...> FROM <from_ ...> [WHERE where]`` from lists of SQL pieces."""
    query = SQL("SELECT %s FROM %s", SQL(", ").join(select), SQL(" ").join(from_))
    return SQL("%s WHERE %s", query, where) if where else query
