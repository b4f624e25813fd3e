# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import formatLang


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "dist.exception.mixin"]

    @api.model
    def _dist_detect_inbound_shortage(self, _exception_type):
        """Products whose open customer demand exceeds stock on hand plus inbound receipts.

        The forecast of every product with open customer demand is computed in one
        batch: a negative forecast means receipts will not cover what is promised.
        """
        demand = self.env["stock.move"].search(
            [
                ("sale_line_id", "!=", False),
                ("picking_code", "=", "outgoing"),
                ("state", "not in", ("done", "cancel", "draft")),
            ]
        )
        return demand.product_id.filtered(lambda product: product.virtual_available < 0)

    @api.model
    def _dist_detect_replenishment_gap(self, _exception_type):
        """Strategic items below their reordering minimum with nothing inbound."""
        orderpoints = self.env["stock.warehouse.orderpoint"].search(
            [("product_id.dist_strategic", "=", True), ("trigger", "in", ("auto", "manual"))]
        )
        gaps = self.browse()
        # One batch of stock figures per location, not per reordering rule.
        for location, location_points in orderpoints.grouped("location_id").items():
            products = location_points.product_id.with_context(location=location.id)
            quantities = {product.id: (product.qty_available, product.incoming_qty) for product in products}
            for orderpoint in location_points:
                on_hand, inbound = quantities[orderpoint.product_id.id]
                if on_hand < orderpoint.product_min_qty and not inbound:
                    gaps |= orderpoint.product_id
        return gaps

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for product in self:
            values[product.id]["product_id"] = product.id
            values[product.id]["description"] = self.env._(
                "On hand %(on_hand)s, inbound %(inbound)s, outgoing %(outgoing)s, forecast %(forecast)s.",
                on_hand=formatLang(self.env, product.qty_available),
                inbound=formatLang(self.env, product.incoming_qty),
                outgoing=formatLang(self.env, product.outgoing_qty),
                forecast=formatLang(self.env, product.virtual_available),
            )
        return values
