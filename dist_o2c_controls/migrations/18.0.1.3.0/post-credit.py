# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command

DEFAULT_BANDS = (
    (0.0, 10000.0, "dist_exception_core.dist_exception_core_group_finance"),
    (10000.0, 0.0, "account.group_account_manager"),
)


def migrate(cr, version):
    """Credit releases go through the 'credit_release' threshold.

    The data file gives the main company its threshold; every other company with the
    credit control on gets a copy of it (or the default bands), so that the control keeps
    working. Releases given before the upgrade become approved requests of their amount,
    valid for the company's release days from the upgrade."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    rules = env["dist.approval.rule"].with_context(active_test=False)
    template = env.ref("dist_o2c_controls.dist_approval_rule_credit_release", raise_if_not_found=False)
    model_id = env["ir.model"]._get_id("sale.order")
    for company in env["res.company"].search([("dist_credit_control", "=", True)]):
        if rules.search_count([("code", "=", "credit_release"), ("company_id", "=", company.id)]):
            continue
        if template:
            bands = [(band.min_value, band.max_value, band.group_id) for band in template.band_ids]
        else:
            bands = [(low, high, env.ref(group)) for low, high, group in DEFAULT_BANDS]
        rules.create(
            {
                "name": "Credit release",
                "code": "credit_release",
                "model_id": model_id,
                "measure": "amount",
                "company_id": company.id,
                "band_ids": [
                    Command.create({"min_value": low, "max_value": high, "group_id": group.id})
                    for low, high, group in bands
                ],
            }
        )
    requests = env["dist.approval.request"]
    now = fields.Datetime.now()
    for order in env["sale.order"].search([("dist_credit_released_by_id", "!=", False)]):
        rule = rules._dist_get("credit_release", order.company_id)
        if not rule or not rule._dist_band_for(order.dist_credit_released_amount):
            order.dist_credit_released_date = now
            continue
        request = requests.create(
            {
                "rule_id": rule.id,
                "res_model": "sale.order",
                "res_id": order.id,
                "value": order.dist_credit_released_amount,
                "reason": order.dist_credit_release_reason,
                "requested_by_id": order.dist_credit_released_by_id.id,
            }
        )
        request.write(
            {
                "state": "approved",
                "decided_by_id": order.dist_credit_released_by_id.id,
                "decided_date": now,
                "decision_note": order.dist_credit_release_reason,
            }
        )
        order.dist_credit_released_date = now
