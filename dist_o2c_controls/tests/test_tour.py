# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCreditHoldTour(HttpCase):
    def test_credit_hold_tour(self):
        """In a real browser: confirming a quotation over the customer's credit limit
        leaves it a quotation with a red credit-hold banner and the blocking exception."""
        self.env.company.dist_credit_control = True
        customer = self.env["res.partner"].create({"name": "Tour Credit Customer", "credit_limit": 100.0})
        product = self.env["product.product"].create({"name": "Tour item", "list_price": 500.0})
        self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": self.env.ref("base.user_admin").id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        self.start_tour("/odoo", "dist_o2c_credit_hold_tour", login="admin")
