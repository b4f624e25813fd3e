# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportStockReportReception(models.AbstractModel):
    _inherit = "report.stock.report_reception"

    @api.model
    def action_unassign(self, move_id, qty, in_ids):
        # The reception report's Unassign ends by unreserving the delivery: the same control.
        self.env["stock.move"].browse(move_id)._dist_check_unreserve()
        return super().action_unassign(move_id, qty, in_ids)
