# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers for the KPI views: a view reads another module's columns only when they exist,
so a KPI whose source module is absent has an empty view instead of a broken one."""

from odoo.tools import SQL


def column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    return bool(cr.fetchone())


def create_view(cr, name, query):
    cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(name)))
    cr.execute(SQL("CREATE VIEW %s AS (%s)", SQL.identifier(name), query))


def view_reads(cr, view, table):
    """Whether ``view`` currently reads ``table`` (and is not the empty stand-in)."""
    cr.execute("SELECT definition FROM pg_views WHERE viewname = %s", [view])
    row = cr.fetchone()
    return bool(row and table in row[0])
