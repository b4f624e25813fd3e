# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api

BATCH = 1000


def migrate(cr, version):
    """Orders confirmed before the upgrade get their original promise: the promise they
    carry now (delivery date, else expected date) is the best record of it there is."""
    if not version:
        return
    cr.execute(
        """UPDATE sale_order SET dist_original_commitment_date = commitment_date
            WHERE state = 'sale' AND dist_original_commitment_date IS NULL AND commitment_date IS NOT NULL"""
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    orders = env["sale.order"].search([("state", "=", "sale"), ("dist_original_commitment_date", "=", False)])
    for start in range(0, len(orders), BATCH):
        batch = orders[start : start + BATCH]
        for order in batch:
            if order.expected_date:
                order.dist_original_commitment_date = order.expected_date
        env.flush_all()
        env.invalidate_all()
