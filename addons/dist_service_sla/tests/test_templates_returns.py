# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import DistServiceCase


@tagged("post_install", "-at_install")
class TestTemplatesAndReturns(DistServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.product = cls.env["product.product"].create({"name": "Exam gloves", "is_storable": True})
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 20)
        cls.cause = cls.env.ref("dist_exception_core.dist_root_cause_quality")

    def test_acknowledgement_and_status_update(self):
        """A customer's new ticket is acknowledged by email with its number and SLA
        deadlines; a status update gives the stage and the order; without a customer
        email the update is refused."""
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [Command.create({"product_id": self.product.id})]}
        )
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket(dist_sale_order_id=order.id)
        ack = ticket.message_ids.filtered(lambda m: "received your request" in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        self.assertIn(ticket.number, ack.subject)
        self.assertIn("Care standard", ack.body)
        self.assertIn(order.name, ack.body)

        ticket.stage_id = self.stages["in_progress"]
        ticket.with_user(self.agent).action_dist_send_status_update()
        update = ticket.message_ids.filtered(lambda m: "Update on your request" in (m.subject or ""))
        self.assertIn("In Progress", update.body)
        self.assertTrue(ticket.dist_responded_date, "an update sent by the agent is an answer")

        mute = self.env["res.partner"].create({"name": "No email"})
        silent = self._ticket(partner_id=mute.id)
        with self.assertRaisesRegex(UserError, "no customer email"):
            silent.action_dist_send_status_update()

    def _delivered_ticket(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 4})],
            }
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 4, "picked": True})
        picking._action_done()
        return self._ticket(dist_sale_order_id=order.id, dist_picking_id=picking.id, dist_product_id=self.product.id)

    def test_return_from_ticket(self):
        """'Start Return' opens the return of the ticket's delivery; the return made
        there is linked to the ticket. A ticket without a shipped delivery is refused."""
        ticket = self._delivered_ticket()
        action = ticket.action_dist_start_return()
        wizard_form = Form(self.env["stock.return.picking"].with_context(**action["context"]))
        wizard_form.dist_reason_id = self.env.ref("dist_warehouse_exceptions.dist_stock_reason_return_def")
        wizard = wizard_form.save()
        wizard.product_return_moves.quantity = 1
        wizard.with_context(**action["context"]).action_create_returns()
        self.assertEqual(ticket.dist_return_count, 1)
        self.assertEqual(ticket.dist_return_ids.picking_type_code, "incoming")

        with self.assertRaisesRegex(UserError, "shipped"):
            self._ticket().action_dist_start_return()

    def test_recurrence(self):
        """Two complaints of the same customer about the same product and cause within
        the window: the second is a recurrence. One outside the window is not."""
        first = self._delivered_ticket()
        first.dist_root_cause_id = self.cause
        self.assertFalse(first.dist_is_recurrence)
        second = self._ticket(dist_product_id=self.product.id, dist_root_cause_id=self.cause.id)
        self.assertTrue(second.dist_is_recurrence)
        self.assertEqual(second.dist_recurrence_count, 1)
        other_cause = self._ticket(
            dist_product_id=self.product.id,
            dist_root_cause_id=self.env.ref("dist_exception_core.dist_root_cause_carrier").id,
        )
        self.assertFalse(other_cause.dist_is_recurrence)
        with freeze_time(first.dist_sla_start_date + timedelta(days=120)):
            later = self._ticket(dist_product_id=self.product.id, dist_root_cause_id=self.cause.id)
        self.assertEqual(later.dist_recurrence_count, 0, "the others are older than the 90-day window")
