# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import DistServiceSaleCase


@tagged("post_install", "-at_install")
class TestPlainAgentsOrders(DistServiceSaleCase):
    """Agents with helpdesk rights only, no Sales, Inventory or Invoicing rights, work the
    tickets about orders."""

    def test_agents_have_no_suite_rights(self):
        """The premise: a plain agent reads no order, delivery or invoice."""
        for model in ("sale.order", "stock.picking", "account.move"):
            self.assertFalse(self.env[model].with_user(self.plain).has_access("read"), model)

    def test_ticket_about_an_order(self):
        """A ticket about an order and its delivery: the plain agent opens the form (the order
        and delivery shown by name), sends a status update and closes it; both emails name the
        order although the agent may not open it."""
        order = self._order()
        ticket = self._ticket(user_id=self.plain.id, dist_sale_order_id=order.id, dist_picking_id=order.picking_ids.id)
        form = Form(ticket.with_user(self.plain))
        self.assertEqual(form.dist_sale_order_id, order)
        with self.assertRaises(AccessError):
            order.with_user(self.plain).read(["name"])
        ticket.with_user(self.plain).stage_id = self.stages["in_progress"]
        ticket.with_user(self.plain).action_dist_send_status_update()
        self.assertIn(order.name, self._mailed(ticket, "Update on your request").body)
        ticket.with_user(self.plain).write({"stage_id": self.stages["done"].id})
        self.assertTrue(ticket.closed)
        self.assertIn(order.name, self._mailed(ticket, "Solved").body)

    def test_agent_opens_ticket_about_an_order(self):
        """A plain agent opening a ticket about an order (picked by id, from the customer's
        email) sends the acknowledgement with the order's name."""
        order = self._order()
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.plain)
            .create(
                {
                    "name": "Gloves missing",
                    "description": "Half the boxes.",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "user_id": self.plain.id,
                    "dist_sale_order_id": order.id,
                }
            )
        )
        self.assertIn(order.name, self._mailed(ticket, "We received your request").body)
