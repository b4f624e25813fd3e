# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The ``stock_variance`` threshold became data (it was demo): the record a database
already has takes the new name instead of a second rule for the same company."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM ir_model_data
         WHERE module = 'dist_warehouse_exceptions' AND name = 'dist_approval_rule_stock_variance'
        """
    )
    if cr.fetchone():
        return
    cr.execute(
        """
        UPDATE ir_model_data SET name = 'dist_approval_rule_stock_variance', noupdate = TRUE
         WHERE module = 'dist_warehouse_exceptions' AND name = 'dist_approval_rule_stock_variance_demo'
        """
    )
    if cr.rowcount:
        return
    # A threshold of the main company created by hand is kept as the shipped one.
    cr.execute(
        """
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        SELECT 'dist_warehouse_exceptions', 'dist_approval_rule_stock_variance', 'dist.approval.rule', rule.id, TRUE
          FROM dist_approval_rule rule
          JOIN ir_model_data company
            ON company.module = 'base' AND company.name = 'main_company' AND company.res_id = rule.company_id
         WHERE rule.code = 'stock_variance'
         LIMIT 1
        """
    )
