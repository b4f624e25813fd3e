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

        The forecast (on hand in the company's warehouses, plus open moves into them,
        minus open moves out of them) of every product with open customer demand is
        computed in one query, company by company: a negative forecast means receipts
        will not cover what is promised.
        """
        self.env["stock.move"].flush_model(
            ["product_id", "company_id", "sale_line_id", "picking_type_id", "state", "product_qty", "location_id"]
        )
        self.env["stock.quant"].flush_model(["product_id", "location_id", "quantity"])
        self.env.cr.execute(
            """
            WITH demand AS (
                SELECT DISTINCT move.company_id, move.product_id
                  FROM stock_move move
                  JOIN stock_picking_type picking_type ON picking_type.id = move.picking_type_id
                 WHERE move.sale_line_id IS NOT NULL
                   AND picking_type.code = 'outgoing'
                   AND move.state NOT IN ('done', 'cancel', 'draft')
            ), warehouse_location AS (
                -- The stored warehouse of a location is the one whose view location holds it
                -- (as a parent_path match would find), and the planner can count these rows.
                SELECT location.id, warehouse.company_id
                  FROM stock_warehouse warehouse
                  JOIN stock_location location ON location.warehouse_id = warehouse.id
                 WHERE warehouse.active
            ), on_hand AS (
                SELECT quant.product_id, location.company_id, SUM(quant.quantity) AS qty
                  FROM stock_quant quant
                  JOIN warehouse_location location ON location.id = quant.location_id
                 WHERE quant.product_id IN (SELECT product_id FROM demand)
                 GROUP BY quant.product_id, location.company_id
            ), planned AS (
                SELECT move.product_id, move.company_id,
                       SUM(CASE WHEN destination.id IS NOT NULL AND source.id IS NULL THEN move.product_qty
                                WHEN source.id IS NOT NULL AND destination.id IS NULL THEN -move.product_qty
                                ELSE 0 END) AS qty
                  FROM stock_move move
                  LEFT JOIN warehouse_location source
                         ON source.id = move.location_id AND source.company_id = move.company_id
                  LEFT JOIN warehouse_location destination
                         ON destination.id = move.location_dest_id AND destination.company_id = move.company_id
                 WHERE move.state NOT IN ('done', 'cancel', 'draft')
                   AND move.product_id IN (SELECT product_id FROM demand)
                 GROUP BY move.product_id, move.company_id
            )
            SELECT DISTINCT demand.product_id
              FROM demand
              LEFT JOIN on_hand ON on_hand.product_id = demand.product_id AND on_hand.company_id = demand.company_id
              LEFT JOIN planned ON planned.product_id = demand.product_id AND planned.company_id = demand.company_id
             WHERE COALESCE(on_hand.qty, 0) + COALESCE(planned.qty, 0) < 0
            """
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

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
