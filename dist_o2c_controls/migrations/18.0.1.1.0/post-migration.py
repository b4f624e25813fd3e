# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The controls are switches now, off on a new install. A database upgraded from 18.0.1.0.0
keeps what it enforced: rush, substitution and lot-change approvals applied wherever the
company had the threshold, and proofs of delivery under the invoice release control."""

from odoo.tools import SQL

SWITCHES = {
    "dist_rush_control": "sale_rush",
    "dist_substitution_control": "sale_substitution",
    "dist_lot_change_control": "sale_lot_change",
}


def migrate(cr, version):
    if not version:
        return
    for column, code in SWITCHES.items():
        cr.execute(
            SQL(
                """
                UPDATE res_company company SET %s = TRUE
                 WHERE EXISTS (SELECT 1 FROM dist_approval_rule rule
                                 JOIN dist_approval_band band ON band.rule_id = rule.id
                                WHERE rule.code = %s AND rule.active AND rule.company_id = company.id)
                """,
                SQL.identifier(column),
                code,
            )
        )
    cr.execute("UPDATE res_company SET dist_pod_control = dist_invoice_release_control")
