# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The warehouse controls are switches now, off on a new install. A database upgraded
from 18.0.1.0.0 keeps the controls it had: reasons on counts, scraps and returns were
always asked, and counts beyond the limits needed approval where the company had a
``stock_variance`` threshold (the short-pick switch existed and keeps its value)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE stock_warehouse
           SET dist_adjustment_reason_required = TRUE,
               dist_return_reason_required = TRUE,
               dist_damage_reason_required = TRUE
        """
    )
    cr.execute(
        """
        UPDATE stock_warehouse warehouse
           SET dist_variance_control = TRUE
         WHERE EXISTS (
                SELECT 1
                  FROM dist_approval_rule rule
                  JOIN dist_approval_band band ON band.rule_id = rule.id
                 WHERE rule.code = 'stock_variance' AND rule.active AND rule.company_id = warehouse.company_id
               )
        """
    )
