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
    """Commit ``count`` overdue requests of the main company's exception cost threshold.

    Approval codes are declared by the modules and bound to their model, one rule per code
    and company: the requests use the shipped ``exception_cost`` rule (left as it is) and
    are about a committed exception of their own, ``<prefix> cost document``."""
    with registry.cursor() as cr:
        e = env(cr)
        company = e.ref("base.main_company")
        rule = e["dist.approval.rule"].with_context(active_test=False)._dist_get("exception_cost", company)
        assert rule.active and rule.band_ids, "the main company's exception cost threshold is gone"
        band = rule.band_ids.filtered(lambda b: b.min_value <= 1001 and (not b.max_value or b.max_value > 1000 + count))
        assert len(band) == 1, f"no single band of {rule.name} covers 1001 to {1000 + count}"
        document = e["dist.exception"].create(
            {
                "name": f"{prefix} cost document",
                "type_id": e.ref("dist_exception_core.dist_exception_type_order_issue").id,
                "company_id": company.id,
            }
        )
        old = fields.Datetime.now() - timedelta(days=10)
        cr.execute(
            """
            INSERT INTO dist_approval_request (name, rule_id, company_id, res_model, res_id, value, band_id,
                                               group_id, requested_by_id, request_date, state, state_sequence,
                                               create_uid, write_uid, create_date, write_date)
            SELECT %(prefix)s || '/' || n, %(rule)s, %(company)s, 'dist.exception', %(document)s, 1000 + n,
                   %(band)s, %(group)s, 1, %(old)s, 'pending', 0, 1, 1, %(old)s, %(old)s
              FROM generate_series(1, %(count)s) AS n
            """,
            {
                "prefix": prefix,
                "rule": rule.id,
                "company": company.id,
                "document": document.id,
                "band": band.id,
                "group": band.group_id.id,
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
    """Remove the requests of ``prefix``, their exceptions and the cost document, with the
    messages, followers and activities (to-dos, escalation notices) left on them."""
    with registry.cursor() as cr:
        cr.execute(
            """
            SELECT e.id FROM dist_exception e JOIN dist_approval_request r ON r.id = e.res_id
             WHERE e.res_model = 'dist.approval.request' AND r.name LIKE %s
            UNION
            SELECT id FROM dist_exception WHERE name = %s
            """,
            [f"{prefix}/%", f"{prefix} cost document"],
        )
        exception_ids = [row[0] for row in cr.fetchall()] or [0]
        cr.execute("SELECT id FROM dist_approval_request WHERE name LIKE %s", [f"{prefix}/%"])
        request_ids = [row[0] for row in cr.fetchall()] or [0]
        for model, ids in (("dist.exception", exception_ids), ("dist.approval.request", request_ids)):
            cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)", [model, ids])
            cr.execute("DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)", [model, ids])
            cr.execute("DELETE FROM mail_activity WHERE res_model = %s AND res_id = ANY(%s)", [model, ids])
        cr.execute("DELETE FROM dist_exception WHERE id = ANY(%s)", [exception_ids])
        cr.execute("DELETE FROM dist_approval_request WHERE id = ANY(%s)", [request_ids])
