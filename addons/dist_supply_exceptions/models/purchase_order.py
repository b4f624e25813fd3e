# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import formatLang


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "dist.exception.mixin"]

    @api.model
    def _dist_detect_po_unconfirmed(self, _exception_type):
        """Requests for quotation sent longer ago than the company allows, not confirmed."""
        now = fields.Datetime.now()
        found = self.browse()
        for (company,) in self._read_group([("state", "=", "sent")], groupby=["company_id"]):
            limit = fields.Datetime.subtract(now, days=company.dist_po_confirm_days)
            found |= self.search([("state", "=", "sent"), ("company_id", "=", company.id), ("date_order", "<", limit)])
        return found

    @api.model
    def _dist_detect_po_late(self, _exception_type):
        """Confirmed orders with a line not fully received after its planned date."""
        lines = self.env["purchase.order.line"].search(
            [
                ("order_id.state", "=", "purchase"),
                ("product_id.is_storable", "=", True),
                ("date_planned", "<", fields.Datetime.now()),
            ]
        )
        return lines.filtered(lambda line: line.qty_received < line.product_qty).order_id

    @api.model
    def _dist_detect_po_partial_receipt(self, _exception_type):
        """Confirmed orders received in part, with the rest still expected."""
        lines = self.env["purchase.order.line"].search(
            [("order_id.state", "=", "purchase"), ("product_id.is_storable", "=", True), ("qty_received", ">", 0)]
        )
        return lines.filtered(lambda line: line.qty_received < line.product_qty).order_id

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for order in self:
            values[order.id]["partner_id"] = order.partner_id.commercial_partner_id.id
            open_lines = order.order_line.filtered(lambda line: line.qty_received < line.product_qty)
            values[order.id]["description"] = "<br/>".join(
                self.env._(
                    "%(product)s: %(received)s of %(ordered)s received, planned %(date)s",
                    product=line.product_id.display_name,
                    received=formatLang(self.env, line.qty_received),
                    ordered=formatLang(self.env, line.product_qty),
                    date=fields.Datetime.to_string(line.date_planned),
                )
                for line in open_lines
            )
        return values
