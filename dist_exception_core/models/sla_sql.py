# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The SLA status rule, as one SQL expression shared by every record with an SLA clock
(exceptions here, helpdesk tickets in dist_service_sla)."""

from odoo.tools import SQL


def sla_status_case(columns, now):
    """SQL ``CASE`` giving 'met', 'breached', 'paused', 'at_risk', 'on_track' or NULL.

    ``columns`` maps each role to an SQL expression of the row: ``untracked`` (no SLA),
    ``closed``, ``paused`` (booleans), ``breached`` (the sticky flag), ``closed_date``,
    ``response_date``, ``response_deadline``, ``resolution_deadline``,
    ``response_risk_date`` and ``resolution_risk_date``.
    """
    return SQL(
        """
        CASE
            WHEN %(untracked)s THEN NULL
            WHEN %(closed)s THEN
                CASE WHEN COALESCE(%(breached)s, FALSE)
                       OR %(closed_date)s > %(resolution_deadline)s
                       OR COALESCE(%(response_date)s, %(closed_date)s) > %(response_deadline)s
                     THEN 'breached' ELSE 'met' END
            WHEN COALESCE(%(breached)s, FALSE) THEN 'breached'
            -- the clock is stopped: deadlines move when it resumes
            WHEN %(paused)s THEN 'paused'
            WHEN %(resolution_deadline)s < %(now)s
              OR COALESCE(%(response_date)s, %(now)s) > %(response_deadline)s
              THEN 'breached'
            WHEN %(resolution_risk_date)s <= %(now)s
              OR (%(response_date)s IS NULL AND %(response_risk_date)s <= %(now)s)
              THEN 'at_risk'
            ELSE 'on_track'
        END
        """,
        now=now,
        **{role: SQL(expression) for role, expression in columns.items()},
    )
