# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.dist_service_sla_sale.tests.common import DistServiceSaleCase
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
class TestO2cTickets(DistServiceSaleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispute = cls.env.ref("dist_o2c_controls.dist_exception_type_invoice_dispute")
        cls.dispute.ticket_team_id = cls.team

    def test_shipped_types_are_customer_facing(self):
        """Priority backorders, invoice disputes and rush orders that cannot be served reach
        the customer's ticket from the installation on."""
        types = self.dispute
        for code in ("backorder_priority", "rush_unfulfillable"):
            types |= self.env.ref(f"dist_o2c_controls.dist_exception_type_{code}")
        self.assertEqual(types.mapped("customer_facing"), [True, True, True])

    def test_invoice_dispute_ticket(self):
        """A customer disputing an invoice opens a ticket about the invoice, the order it
        bills and the delivery."""
        order = self._order()
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 5, "picked": True})
        picking._action_done()
        invoice = order._create_invoices()
        invoice.action_post()
        action = invoice.action_dist_open_dispute()
        form = Form(self.env["dist.dispute"].with_context(**action["context"]))
        form.reason = "damaged"
        dispute = form.save()
        exc = self.env["dist.exception"].search([("type_id", "=", self.dispute.id), ("res_id", "=", dispute.id)])
        self.assertRecordValues(
            exc.ticket_id,
            [{"dist_invoice_id": invoice.id, "dist_sale_order_id": order.id, "dist_picking_id": picking.id}],
        )
