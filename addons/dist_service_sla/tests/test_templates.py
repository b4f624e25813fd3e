# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DistServiceCase


@tagged("post_install", "-at_install")
class TestTemplatesAndRecurrence(DistServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Exam gloves"})
        cls.cause = cls.env.ref("dist_exception_core.dist_root_cause_quality")

    def test_acknowledgement_and_status_update(self):
        """A customer's new ticket is acknowledged by email with its number and SLA
        deadlines; a status update gives the stage; without a customer email the update
        is refused."""
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket()
        ack = ticket.message_ids.filtered(lambda m: "received your request" in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        self.assertIn(ticket.number, ack.subject)
        self.assertIn("Care standard", ack.body)
        self.assertNotIn("About:", ack.body, "the ticket is about no document")

        ticket.stage_id = self.stages["in_progress"]
        ticket.with_user(self.agent).action_dist_send_status_update()
        update = ticket.message_ids.filtered(lambda m: "Update on your request" in (m.subject or ""))
        self.assertIn("In Progress", update.body)
        self.assertTrue(ticket.dist_responded_date, "an update sent by the agent is an answer")

        mute = self.env["res.partner"].create({"name": "No email"})
        silent = self._ticket(partner_id=mute.id)
        with self.assertRaisesRegex(UserError, "no customer email"):
            silent.action_dist_send_status_update()

    def test_late_logged_ticket_promises_no_past_time(self):
        """A ticket logged after its clock started (taken by phone three days ago) is past its
        first deadline: its acknowledgement apologises and promises no time already passed."""
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket(dist_sla_start_date="2026-11-18 09:00:00")
        self.assertLess(ticket.dist_response_deadline, ticket.create_date)
        ack = ticket.message_ids.filtered(lambda m: "received your request" in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        self.assertNotIn("Our commitment", ack.body)
        self.assertIn("sorry for the wait", ack.body)

    def test_recurrence(self):
        """Two complaints of the same customer about the same product and cause within
        the window: the second is a recurrence. One outside the window is not."""
        first = self._ticket(dist_product_id=self.product.id, dist_root_cause_id=self.cause.id)
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
