# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from .common import DistServiceExceptionCase

MONDAY_10AM = datetime(2026, 3, 2, 10, 0)


@tagged("post_install", "-at_install")
class TestTicketFollowups(HttpCase, DistServiceExceptionCase):
    """The care desk's tickets follow the shipped sequence: an update two days after the
    ticket opens, then every three days until it is closed, each linking to the ticket on
    the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env.ref("dist_service_sla.dist_followup_sequence_ticket")
        cls.team.dist_followup_sequence_id = cls.sequence

    def _run(self, at):
        with freeze_time(at):
            self.env["dist.followup.sequence"]._cron_send_followups()

    def _updates(self, ticket):
        return ticket.message_ids.filtered(lambda m: "Where your request stands" in (m.subject or ""))

    def test_updates_until_closed_with_portal_link(self):
        with freeze_time(MONDAY_10AM):
            ticket = self._ticket()
        self.assertEqual(ticket.dist_followup_next_date, MONDAY_10AM + timedelta(hours=48))
        self._run(MONDAY_10AM + timedelta(hours=47))
        self.assertFalse(self._updates(ticket))
        self._run(MONDAY_10AM + timedelta(hours=48))
        update = self._updates(ticket)
        self.assertEqual(len(update), 1)
        self.assertIn(self.customer, update.partner_ids)
        link = f"/my/ticket/{ticket.id}?access_token={ticket.access_token}"
        self.assertIn(link, update.body)
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertIn(ticket.number, page.text)
        self._run(MONDAY_10AM + timedelta(hours=48 + 72))
        self.assertEqual(len(self._updates(ticket)), 2)
        ticket.stage_id = self.stages["done"]
        self.assertFalse(ticket.dist_followup_next_date)
        self._run(MONDAY_10AM + timedelta(days=30))
        self.assertEqual(len(self._updates(ticket)), 2)

    def test_exception_with_a_ticket_leaves_it_to_the_ticket(self):
        """An exception whose ticket already keeps the customer informed sends nothing of its
        own: one voice to the customer."""
        self.issue.followup_sequence_id = self.env.ref("dist_exception_core.dist_followup_sequence_exception")
        with freeze_time(MONDAY_10AM):
            exc = self._report()
        self.assertTrue(exc.ticket_id.dist_followup_next_date)
        self._run(MONDAY_10AM + timedelta(hours=25))
        self.assertFalse(exc.dist_followup_next_date)
        self.assertIn("keeps the customer informed", exc.message_ids[0].body)
        self.assertFalse(exc.ticket_id.message_ids.filtered(lambda m: "an update from" in (m.subject or "")))

    def test_sequence_of_the_wrong_documents_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.team.dist_followup_sequence_id = self.env.ref("dist_exception_core.dist_followup_sequence_exception")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.issue.followup_sequence_id = self.sequence
        self.assertEqual(self.team.dist_followup_sequence_id, self.sequence)
