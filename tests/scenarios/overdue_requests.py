"""Committed test data for the scenarios that run separate worker processes: approval
requests pending for ten days (overdue for the 'Approval overdue' detector), named
``<prefix>/<n>``, and their exceptions; removed again by ``delete``."""

from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry

OPEN_STATES = ("new", "acknowledged", "in_progress", "on_hold")


def registry():
    database = odoo.tools.config["db_name"]
    return Registry(database[0] if isinstance(database, list) else database)


def env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def create(registry, prefix, count):
    """Commit ``count`` overdue requests of a rule coded ``<prefix>_rule`` (lowercase)."""
    with registry.cursor() as cr:
        rule = env(cr)["dist.approval.rule"].create(
            {
                "name": f"{prefix} rule",
                "code": f"{prefix.lower()}_rule",
                "model_id": env(cr)["ir.model"]._get_id("res.partner"),
                "band_ids": [(0, 0, {"min_value": 10, "group_id": env(cr).ref("base.group_system").id})],
            }
        )
        old = fields.Datetime.now() - timedelta(days=10)
        cr.execute(
            """
            INSERT INTO dist_approval_request (name, rule_id, company_id, res_model, res_id, value, band_id,
                                               group_id, requested_by_id, request_date, state, state_sequence,
                                               create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s || '/' || n, %(rule)s, %(company)s, 'res.partner', %(partner)s, 1000 + n, %(band)s,
                   %(group)s, 1, %(old)s, 'pending', 0, 1, 1, %(old)s, %(old)s
              FROM generate_series(1, %(count)s) AS n
            """,
            {
                "prefix": prefix,
                "rule": rule.id,
                "company": rule.company_id.id,
                "partner": env(cr).ref("base.partner_admin").id,
                "band": rule.band_ids.id,
                "group": rule.band_ids.group_id.id,
                "old": old,
                "count": count,
            },
        )


def exceptions(cr, prefix):
    """Rows (id, request id, escalation level, state, level-1 escalation notes) of the
    exceptions raised on the requests of ``prefix``."""
    cr.execute(
        """
        SELECT e.id, e.res_id, e.escalation_level, e.state,
               (SELECT count(*) FROM mail_message m
                 WHERE m.model = 'dist.exception' AND m.res_id = e.id AND m.body::text LIKE '%%level 1 %%')
          FROM dist_exception e JOIN dist_approval_request r ON r.id = e.res_id
         WHERE e.res_model = 'dist.approval.request' AND r.name LIKE %s
         ORDER BY e.id
        """,
        [f"{prefix}/%"],
    )
    return cr.fetchall()


def pass_deadlines(cr, prefix):
    """Move every deadline of the exceptions of ``prefix`` two days into the past."""
    cr.execute(
        """
        UPDATE dist_exception e
           SET response_deadline = %(past)s, resolution_deadline = %(past)s,
               response_risk_date = %(past)s, resolution_risk_date = %(past)s
          FROM dist_approval_request r
         WHERE r.id = e.res_id AND e.res_model = 'dist.approval.request' AND r.name LIKE %(pattern)s
        """,
        {"past": fields.Datetime.now() - timedelta(days=2), "pattern": f"{prefix}/%"},
    )


def delete(registry, prefix):
    with registry.cursor() as cr:
        cr.execute(
            """
            DELETE FROM dist_exception e USING dist_approval_request r
             WHERE r.id = e.res_id AND e.res_model = 'dist.approval.request' AND r.name LIKE %s
            """,
            [f"{prefix}/%"],
        )
        cr.execute("DELETE FROM dist_approval_request WHERE name LIKE %s", [f"{prefix}/%"])
        cr.execute("DELETE FROM dist_approval_rule WHERE code = %s", [f"{prefix.lower()}_rule"])
