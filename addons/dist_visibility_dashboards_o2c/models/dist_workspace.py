# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

O2C = "dist_o2c_controls."


class DistWorkspace(models.AbstractModel):
    _inherit = "dist.workspace"

    @api.model
    def _dist_sales_sections(self):
        """Orders at risk, credit holds, discounts to approve and priority backorders first,
        then the queue of at-risk orders."""
        tiles, lists = super()._dist_sales_sections()
        at_risk = self._dist_refs(
            f"{O2C}dist_exception_type_order_at_risk", f"{O2C}dist_exception_type_rush_unfulfillable"
        )
        hold = self._dist_refs(f"{O2C}dist_exception_type_credit_hold")
        rules = self._dist_refs(f"{O2C}dist_approval_rule_sale_discount", f"{O2C}dist_approval_rule_sale_margin")
        o2c_tiles = [
            self._dist_exception_tile(self.env._("Orders at risk"), at_risk),
            self._dist_exception_tile(self.env._("Credit holds"), hold, tone="warning"),
            self._dist_tile(
                self.env._("Discount and margin requests pending"),
                "dist.approval.request",
                [("state", "=", "pending"), ("rule_id", "in", rules.ids)],
                tone="warning",
            ),
            self._dist_exception_tile(
                self.env._("Priority backorders"),
                self._dist_refs(f"{O2C}dist_exception_type_backorder_priority"),
                tone="info",
            ),
        ]
        queue = self._dist_exception_list(
            self.env._("At-risk orders, most urgent first"), [("type_id", "in", (at_risk | hold).ids)]
        )
        return [*o2c_tiles, *tiles], [queue, *lists]

    @api.model
    def _dist_finance_sections(self):
        """Credit holds, held invoices, credit releases to decide, open disputes and the
        invoices whose dunning they pause, then the queue of credit and invoice holds."""
        tiles, lists = super()._dist_finance_sections()
        hold = self._dist_refs(f"{O2C}dist_exception_type_credit_hold")
        invoice_hold = self._dist_refs(f"{O2C}dist_exception_type_invoice_hold")
        release = self._dist_refs(f"{O2C}dist_approval_rule_credit_release")
        o2c_tiles = [
            self._dist_exception_tile(self.env._("Credit holds"), hold, tone="warning"),
            self._dist_exception_tile(self.env._("Held invoices"), invoice_hold, tone="warning"),
            self._dist_tile(
                self.env._("Credit releases to decide"),
                "dist.approval.request",
                [("state", "=", "pending"), ("rule_id.code", "=", release.code)],
                tone="danger",
            ),
            self._dist_tile(self.env._("Open disputes"), "dist.dispute", [("state", "=", "open")], tone="info"),
            self._dist_tile(
                self.env._("Invoices with dunning paused"),
                "account.move",
                [("dist_in_dispute", "=", True), ("state", "=", "posted")],
                tone="info",
            ),
        ]
        queue = self._dist_exception_list(
            self.env._("Credit and invoice holds, most urgent first"), [("type_id", "in", (hold | invoice_hold).ids)]
        )
        return [*o2c_tiles, *tiles], [queue, *lists]
