# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DistServiceSaleCase


@tagged("post_install", "-at_install")
class TestTicketDocuments(DistServiceSaleCase):
    def test_issues_on_an_order_and_its_delivery_share_a_ticket(self):
        """An order issue reported on a customer's order opens a ticket about the order,
        named after it; one reported on the order's delivery joins that ticket."""
        order = self._order()
        on_order = self._report(res_model="sale.order", res_id=order.id)
        ticket = on_order.ticket_id
        self.assertRecordValues(
            ticket,
            [
                {
                    "name": f"{self.issue.name}: {order.name}",
                    "partner_id": self.customer.id,
                    "dist_sale_order_id": order.id,
                    "team_id": self.team.id,
                }
            ],
        )
        on_delivery = self._report(res_model="stock.picking", res_id=order.picking_ids.id)
        self.assertEqual(on_delivery.ticket_id, ticket)
        self.assertEqual(ticket.dist_exception_count, 2)
        self.assertIn(f"Exception {on_delivery.name}", ticket.message_ids[0].body)

    def test_acknowledgement_names_the_order(self):
        """The acknowledgement of a ticket about an order names the order."""
        order = self._order()
        ticket = self._ticket(dist_sale_order_id=order.id)
        ack = ticket.message_ids.filtered(lambda m: "received your request" in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        self.assertIn(order.name, ack.body)

    def test_route_by_document(self):
        """A rule on invoices sends a ticket about an invoice to the billing desk; one about
        an order is left to the next rule."""
        billing = self.env["helpdesk.ticket.team"].create({"name": "Billing desk"})
        rules = self.env["dist.ticket.routing.rule"]
        rules.create({"name": "Invoices", "sequence": 1, "source_model": "account.move", "team_id": billing.id})
        rules.create({"name": "Others", "sequence": 2, "team_id": self.team.id})
        invoice = self.env["account.move"].create({"move_type": "out_invoice", "partner_id": self.customer.id})
        new = {"name": "Question", "description": "?", "partner_id": self.customer.id}
        tickets = self.env["helpdesk.ticket"]
        self.assertEqual(tickets.create(dict(new, dist_invoice_id=invoice.id)).team_id, billing)
        self.assertEqual(tickets.create(dict(new, dist_sale_order_id=self._order().id)).team_id, self.team)

    def test_return_needs_a_shipped_delivery(self):
        """'Start Return' on a ticket whose delivery has not shipped is refused."""
        order = self._order()
        ticket = self._ticket(dist_sale_order_id=order.id, dist_picking_id=order.picking_ids.id)
        with self.assertRaisesRegex(UserError, "shipped"):
            ticket.action_dist_start_return()
