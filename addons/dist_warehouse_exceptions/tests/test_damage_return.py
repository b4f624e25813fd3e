# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import DistWarehouseCase


@tagged("post_install", "-at_install")
class TestDamageAndReturns(DistWarehouseCase):
    def _sale(self, qty):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "warehouse_id": self.warehouse.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        return order

    def test_damage_hits_customer_order(self):
        """Scrapping 45 of the 50 in stock with a damage reason records the damage as an
        exception and flags the customer delivery that is no longer covered; once stock
        is back and the delivery reserved, the detector closes that exception."""
        order = self._sale(40)
        delivery = order.picking_ids
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product.id,
                "scrap_qty": 45,
                "location_id": self.stock.id,
                "dist_reason_id": self.reasons["damage_hdl"].id,
            }
        )
        scrap.do_scrap()
        damage = self._open("stock_damage", scrap)
        self.assertEqual(len(damage), 1)
        self.assertEqual(damage.root_cause_id, self.env.ref("dist_exception_core.dist_root_cause_damage"))
        self.assertEqual(delivery.move_ids.state, "partially_available")
        impact = self._open("damage_order_impact", delivery)
        self.assertEqual(len(impact), 1)
        self.assertIn("Handling damage", impact.description)
        self.assertEqual(impact.severity, "3", "a priority customer's order hit by damage is critical")
        # Put on hold while the buyer expedites stock, it stays open as long as the delivery is short.
        impact.action_hold()
        self._exc_type("damage_order_impact")._dist_run_detector()
        self.assertEqual(impact.state, "on_hold")

        self.env["stock.quant"]._update_available_quantity(self.product, self.stock, 40)
        delivery.action_assign()
        self._exc_type("damage_order_impact")._dist_run_detector()
        self.assertEqual(impact.state, "resolved")

    def _return(self, delivery, reason):
        wizard_form = Form(
            self.env["stock.return.picking"].with_context(active_id=delivery.id, active_model="stock.picking")
        )
        wizard_form.dist_reason_id = reason
        wizard = wizard_form.save()
        wizard.product_return_moves.quantity = 2
        action = wizard.action_create_returns()
        return self.env["stock.picking"].browse(action["res_id"])

    def test_customer_return_reasons(self):
        """A return because we shipped the wrong item opens a customer-return exception for
        the customer; a return because the customer changed their mind does not."""
        order = self._sale(5)
        delivery = order.picking_ids
        delivery.move_ids.write({"quantity": 5, "picked": True})
        delivery.button_validate()

        wrong = self._return(delivery, self.reasons["return_wrong"])
        self.assertEqual(wrong.dist_return_reason_id, self.reasons["return_wrong"])
        wrong.move_ids.write({"quantity": 2, "picked": True})
        wrong.button_validate()
        exc = self._open("customer_return", wrong)
        self.assertEqual(len(exc), 1)
        self.assertEqual(exc.partner_id, self.customer)
        self.assertIn("Wrong item shipped", exc.description)

        changed = self._return(delivery, self.reasons["return_chg"])
        changed.move_ids.write({"quantity": 2, "picked": True})
        changed.button_validate()
        self.assertFalse(self._open("customer_return", changed))
