# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Expedited freight typed as an exception's cost becomes a confirmed expedited freight
    record (the KPI reads those now), dated when the exception was resolved, else raised,
    with the exception's cause, or an archived "Cause not recorded" where it has none."""
    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
    cr.execute(
        """
        SELECT exc.id, exc.company_id, exc.cost_amount, exc.currency_id, exc.root_cause_id,
               COALESCE(exc.resolved_date, exc.detected_date, exc.create_date)::date
          FROM dist_exception exc
         WHERE exc.cost_type = 'expedited_freight' AND exc.cost_amount > 0 AND exc.state != 'cancelled'
           AND NOT EXISTS (SELECT 1 FROM dist_expedited_freight f WHERE f.exception_id = exc.id)
        """
    )
    rows = cr.fetchall()
    if not rows:
        return
    unknown = None
    if any(not cause_id for *_rest, cause_id, _date in rows):
        unknown = (
            env["dist.root.cause"]
            .with_context(active_test=False)
            .search([("code", "=", "not_recorded"), ("company_id", "=", False)], limit=1)
        )
        unknown = unknown or env["dist.root.cause"].create(
            {"name": "Cause not recorded", "code": "not_recorded", "active": False}
        )
    env["dist.expedited.freight"].create(
        [
            {
                "exception_id": exception_id,
                "company_id": company_id,
                "amount": amount,
                "currency_id": currency_id,
                "root_cause_id": cause_id or unknown.id,
                "date": date,
                "state": "confirmed",
                "note": "Cost impact of the exception, recorded before expedited freight had records of its own.",
            }
            for exception_id, company_id, amount, currency_id, cause_id, date in rows
        ]
    )
