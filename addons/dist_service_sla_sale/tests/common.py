# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.dist_service_sla.tests.common import DistServicePlainAgentCase
from odoo.fields import Command


class DistServiceSaleCase(DistServicePlainAgentCase):
    """Plus a stocked product, 100 in stock, to order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.product = cls.env["product.product"].create({"name": "Exam gloves", "is_storable": True, "list_price": 9})
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 100)

    def _order(self, qty=5):
        """A confirmed order of ``qty`` for the customer."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        return order

    def _delivered_ticket(self):
        """A ticket about an order of 4 whose delivery was shipped."""
        order = self._order(4)
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 4, "picked": True})
        picking._action_done()
        return self._ticket(dist_sale_order_id=order.id, dist_picking_id=picking.id, dist_product_id=self.product.id)
