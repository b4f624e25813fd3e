# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import Form, new_test_user, tagged

from .common import DistServiceOrderCase


@tagged("post_install", "-at_install")
class TestExceptionTicketSync(DistServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dispatch = cls.env.ref("dist_warehouse_exceptions.dist_exception_type_dispatch_delay")
        cls.dispute = cls.env.ref("dist_o2c_controls.dist_exception_type_invoice_dispute")
        (cls.dispatch | cls.dispute).write({"customer_facing": True, "ticket_team_id": cls.team.id})

    def _raise(self, exc_type, record):
        return self.env["dist.exception"]._dist_raise(exc_type, record)

    def test_exception_opens_and_joins_ticket(self):
        """A short pick on a customer's delivery opens a ticket for the customer about the
        order and the delivery; a dispatch delay on the same delivery joins that ticket;
        an exception of a type that is not customer-facing opens none."""
        order = self._order()
        picking = order.picking_ids
        short = self._raise(self.short_pick, picking)
        ticket = short.ticket_id
        self.assertTrue(ticket)
        self.assertRecordValues(
            ticket,
            [
                {
                    "partner_id": self.customer.id,
                    "dist_sale_order_id": order.id,
                    "dist_picking_id": picking.id,
                    "team_id": self.team.id,
                    "dist_sla_policy_id": self.policy.id,
                }
            ],
        )
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: "received your request" in (m.subject or "")),
            "a ticket we open ourselves is not acknowledged as a customer request",
        )
        delay = self._raise(self.dispatch, picking)
        self.assertEqual(delay.ticket_id, ticket)
        self.assertEqual(ticket.dist_exception_count, 2)
        blocked = self.env.ref("dist_warehouse_exceptions.dist_exception_type_transfer_blocked")
        self.assertFalse(self._raise(blocked, picking).ticket_id)

    def test_resolving_exceptions_closes_ticket(self):
        """The ticket closes, with the resolution email, once all its exceptions are resolved."""
        picking = self._order().picking_ids
        short = self._raise(self.short_pick, picking)
        delay = self._raise(self.dispatch, picking)
        ticket = short.ticket_id
        short._dist_resolve(self.cause, "Balance found and shipped.")
        self.assertFalse(ticket.closed, "the dispatch delay is still open")
        delay._dist_resolve(self.cause, "Shipped.")
        self.assertTrue(ticket.closed)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "Solved" in (m.subject or "")))

    def test_closing_ticket_resolves_exceptions(self):
        """Closing the ticket resolves its open exceptions with the ticket's root cause."""
        picking = self._order().picking_ids
        short = self._raise(self.short_pick, picking)
        ticket = short.ticket_id
        ticket.dist_root_cause_id = self.cause
        ticket.stage_id = self.stages["done"]
        self.assertEqual(short.state, "resolved")
        self.assertEqual(short.root_cause_id, self.cause)
        self.assertIn(ticket.number, short.resolution_note)

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

    def test_reported_by_picker(self):
        """A picker (Inventory user, Warehouse role, no helpdesk rights) reports a short pick
        by hand: the ticket opens for customer care about the order and the delivery."""
        picking = self._order().picking_ids
        picker = new_test_user(
            self.env,
            login="dist_picker",
            groups="stock.group_stock_user,dist_exception_core.dist_exception_core_group_warehouse",
        )
        self.assertFalse(self.env["helpdesk.ticket"].with_user(picker).has_access("create"))
        exc = (
            self.env["dist.exception"]
            .with_user(picker)
            .create(
                {
                    "type_id": self.short_pick.id,
                    "res_model": "stock.picking",
                    "res_id": picking.id,
                    "partner_id": self.customer.id,
                    "description": "Two boxes short on the shelf.",
                }
            )
        )
        self.assertRecordValues(
            exc.sudo().ticket_id,
            [{"dist_sale_order_id": picking.sale_id.id, "dist_picking_id": picking.id, "team_id": self.team.id}],
        )
