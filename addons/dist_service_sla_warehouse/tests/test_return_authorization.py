# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import DistServiceWarehouseCase


@tagged("post_install", "-at_install")
class TestReturnAuthorizationFromTicket(DistServiceWarehouseCase):
    """The care desk authorizes a return from the customer's ticket; the return started
    from the ticket takes that authorization and belongs to the ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse.dist_return_authorization_required = True
        cls.desk = new_test_user(
            cls.env,
            login="care_desk_rma",
            groups="helpdesk_mgmt.group_helpdesk_user,stock.group_stock_user,"
            "dist_exception_core.dist_exception_core_group_customer_service",
        )
        cls.team.user_ids = [Command.link(cls.desk.id)]
        cls.damaged = cls.env.ref("dist_warehouse_exceptions.dist_stock_reason_return_dmg")

    def test_authorize_and_return_from_the_ticket(self):
        ticket = self._delivered_ticket().with_user(self.desk)
        action = ticket.action_dist_authorize_return()
        rma = (
            self.env["dist.return.authorization"]
            .with_user(self.desk)
            .with_context(**action["context"])
            .create(
                {
                    "reason_id": self.damaged.id,
                    "line_ids": [Command.create({"product_id": self.product.id, "quantity": 2})],
                }
            )
        )
        self.assertEqual((rma.picking_id, rma.ticket_id), (ticket.dist_picking_id, ticket))
        rma.action_authorize()
        self.assertEqual(ticket.dist_return_authorization_ids, rma)
        start = ticket.action_dist_start_return()
        form = Form(self.env["stock.return.picking"].with_user(self.desk).with_context(**start["context"]))
        self.assertEqual(form.dist_authorization_id, rma)
        wizard = form.save()
        self.assertEqual(wizard.product_return_moves.quantity, 2)
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        self.assertEqual((returned.dist_ticket_id, rma.state, rma.return_picking_id), (ticket, "used", returned))

    def test_needs_a_shipped_delivery(self):
        order = self._order()
        ticket = self._ticket(dist_sale_order_id=order.id, dist_picking_id=order.picking_ids.id)
        with self.assertRaises(UserError):
            ticket.action_dist_authorize_return()
