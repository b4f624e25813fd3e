# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged

from .common import DistServiceWarehouseCase


@tagged("post_install", "-at_install")
class TestWarehouseTickets(DistServiceWarehouseCase):
    def test_shipped_types_are_customer_facing(self):
        """Short picks, dispatch delays and damage hitting an order reach the customer's
        ticket from the installation on."""
        types = self.short_pick | self.dispatch
        types |= self.env.ref("dist_warehouse_exceptions.dist_exception_type_damage_order_impact")
        self.assertEqual(types.mapped("customer_facing"), [True, True, True])

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

    def test_closed_ticket_on_a_persisting_problem_does_not_loop(self):
        """A delivery the detector finds late opens a ticket; the agent closes the ticket
        while the delivery has still not shipped. The exception stays open with a note
        (its owner finishes it), and the next detector passes raise no second exception
        and open no second ticket."""
        with freeze_time("2026-11-23 09:00:00"):
            picking = self._order().picking_ids
            picking.scheduled_date = "2026-11-23 10:00:00"
        with freeze_time("2026-11-26 09:00:00"):
            created, _cleared = self.dispatch._dist_run_detector()
            exc = created.filtered(lambda e: e.res_id == picking.id)
            ticket = exc.ticket_id
            self.assertTrue(ticket)
            ticket.with_user(self.agent).write({"stage_id": self.stages["done"].id})
            self.assertTrue(ticket.closed)
            self.assertEqual(exc.state, "new")
            self.assertIn("stays open", exc.message_ids[0].body)
            self.assertIn(exc.name, ticket.message_ids.filtered(lambda m: "Still open" in (m.body or ""))[:1].body)
        with freeze_time("2026-11-26 10:00:00"):
            self.dispatch._dist_run_detector()
            self.dispatch._dist_run_detector()
        exceptions = self.env["dist.exception"].search(
            [("type_id", "=", self.dispatch.id), ("res_id", "=", picking.id)]
        )
        self.assertEqual(exceptions, exc)
        self.assertEqual(
            self.env["helpdesk.ticket"].search([("dist_picking_id", "=", picking.id)]), ticket, "no second ticket"
        )

    def test_closing_ticket_respects_cost_approval(self):
        """An exception whose cost impact is above the approval threshold stays open when
        its ticket closes, until the cost is approved; the ticket closes."""
        self.company.dist_exception_cost_control = True
        picking = self._order().picking_ids
        short = self._raise(self.short_pick, picking)
        short.sudo().write({"cost_amount": 1_000_000.0, "cost_type": "credit_note"})
        ticket = short.ticket_id
        ticket.stage_id = self.stages["done"]
        self.assertTrue(ticket.closed)
        self.assertEqual(short.state, "new")
        self.assertIn("approval", short.message_ids[0].body)

    def test_return_from_ticket(self):
        """'Start Return' opens the return of the ticket's delivery, with the warehouse's
        return reason; the return made there is linked to the ticket."""
        ticket = self._delivered_ticket()
        action = ticket.action_dist_start_return()
        wizard_form = Form(self.env["stock.return.picking"].with_context(**action["context"]))
        wizard_form.dist_reason_id = self.env.ref("dist_warehouse_exceptions.dist_stock_reason_return_def")
        wizard = wizard_form.save()
        wizard.product_return_moves.quantity = 1
        wizard.with_context(**action["context"]).action_create_returns()
        self.assertEqual(ticket.dist_return_count, 1)
        self.assertEqual(ticket.dist_return_ids.picking_type_code, "incoming")
        self.assertIn("Return", ticket.message_ids[0].body)

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
