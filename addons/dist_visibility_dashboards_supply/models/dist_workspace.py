# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

SUPPLY = "dist_supply_exceptions."


class DistWorkspace(models.AbstractModel):
    _inherit = "dist.workspace"

    @api.model
    def _dist_procurement_sections(self):
        """Late confirmations, late purchase orders, inbound shortages and purchases to
        approve first."""
        tiles, lists = super()._dist_procurement_sections()
        rules = self._dist_refs(
            f"{SUPPLY}dist_approval_rule_purchase_amount", f"{SUPPLY}dist_approval_rule_purchase_nonstandard"
        )
        supply_tiles = [
            self._dist_exception_tile(
                self.env._("Late confirmations"),
                self._dist_refs(f"{SUPPLY}dist_exception_type_po_unconfirmed"),
                "warning",
            ),
            self._dist_exception_tile(
                self.env._("Late purchase orders"), self._dist_refs(f"{SUPPLY}dist_exception_type_po_late")
            ),
            self._dist_exception_tile(
                self.env._("Inbound shortages"),
                self._dist_refs(
                    f"{SUPPLY}dist_exception_type_inbound_shortage", f"{SUPPLY}dist_exception_type_replenishment_gap"
                ),
            ),
            self._dist_tile(
                self.env._("Purchases waiting for approval"),
                "dist.approval.request",
                [("state", "=", "pending"), ("rule_id", "in", rules.ids)],
                tone="warning",
            ),
        ]
        return [*supply_tiles, *tiles], lists
