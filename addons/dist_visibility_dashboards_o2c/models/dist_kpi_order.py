# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class DistKpiOrder(models.Model):
    _inherit = "dist.kpi.order"

    credit_held = fields.Float(string="Credit Held (%)", readonly=True, aggregator="avg")

    def _dist_select(self):
        return [
            *super()._dist_select(),
            SQL("CASE WHEN held.order_id IS NOT NULL THEN 100.0 ELSE 0.0 END AS credit_held"),
        ]

    def _dist_promise_sql(self):
        # A promise moved through the promise change control: judged against the first one.
        return SQL(
            """CASE WHEN changed.order_id IS NOT NULL
                    THEN COALESCE(so.dist_original_commitment_date, so.commitment_date)
                    ELSE so.commitment_date
               END"""
        )

    def _dist_from(self):
        # The type by its XML id, not its code: the view fails to build if it is gone.
        hold = self.env.ref("dist_o2c_controls.dist_exception_type_credit_hold")
        return [
            *super()._dist_from(),
            SQL(
                """
                LEFT JOIN (
                      SELECT DISTINCT exc.res_id AS order_id
                        FROM dist_exception exc
                       WHERE exc.type_id = %s AND exc.res_model = 'sale.order'
                ) held ON held.order_id = so.id
                -- Joined once, not a subquery per use of the promised date in the view.
                LEFT JOIN (SELECT DISTINCT order_id FROM dist_promise_change) changed ON changed.order_id = so.id
                """,
                hold.id,
            ),
        ]
