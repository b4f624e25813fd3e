# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DistStockCount(models.Model):
    """One applied count of one quant: the book quantity, what was found and what the
    difference was worth. Counts without a difference are kept too: the
    inventory-accuracy KPI needs both."""

    _name = "dist.stock.count"
    _description = "Inventory Count Result"
    _order = "date desc, id desc"
    _rec_name = "product_id"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    company_id = fields.Many2one(comodel_name="res.company", required=True, readonly=True, index=True)
    warehouse_id = fields.Many2one(comodel_name="stock.warehouse", readonly=True, index=True)
    location_id = fields.Many2one(comodel_name="stock.location", required=True, readonly=True, index=True)
    product_id = fields.Many2one(comodel_name="product.product", required=True, readonly=True, index=True)
    lot_id = fields.Many2one(comodel_name="stock.lot", string="Lot/Serial", readonly=True)
    uom_id = fields.Many2one(related="product_id.uom_id")
    book_qty = fields.Float(string="Book Quantity", readonly=True, digits="Product Unit of Measure")
    counted_qty = fields.Float(string="Counted Quantity", readonly=True, digits="Product Unit of Measure")
    difference_qty = fields.Float(string="Difference", readonly=True, digits="Product Unit of Measure")
    currency_id = fields.Many2one(related="company_id.currency_id")
    unit_cost = fields.Monetary(readonly=True, currency_field="currency_id")
    book_value = fields.Monetary(readonly=True, currency_field="currency_id")
    difference_value = fields.Monetary(
        string="Adjusted Value",
        readonly=True,
        currency_field="currency_id",
        help="Signed value of the adjustment at the product's cost when it was applied.",
    )
    absolute_value = fields.Monetary(
        string="Absolute Adjusted Value",
        readonly=True,
        currency_field="currency_id",
        help="Gains and losses both count against accuracy: this is the value the KPI adds up.",
    )
    accurate = fields.Boolean(readonly=True, help="The count found exactly the book quantity.")
    reason_id = fields.Many2one(comodel_name="dist.stock.reason", readonly=True, index=True)
    counted_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    applied_by_id = fields.Many2one(comodel_name="res.users", readonly=True, default=lambda self: self.env.user)
    approval_request_id = fields.Many2one(comodel_name="dist.approval.request", readonly=True)
