# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _dist_check_controls(self, field_names=None, codes=None):
        """The variance and return authorization controls are switched on per warehouse,
        not on the company: a ``stock_variance`` or ``return_authorization`` threshold one
        of the company's warehouses needs cannot be archived, moved to another company or
        deleted either."""
        result = super()._dist_check_controls(field_names=field_names, codes=codes)
        if field_names is None and (codes is None or "stock_variance" in codes):
            self.env["stock.warehouse"].sudo().search(
                [("company_id", "in", self.ids), ("dist_variance_control", "=", True)]
            )._dist_check_variance_threshold()
        if field_names is None and (codes is None or "return_authorization" in codes):
            self.env["stock.warehouse"].sudo().search(
                [("company_id", "in", self.ids), ("dist_return_authorization_required", "=", True)]
            )._check_dist_return_authorization_required()
        return result
