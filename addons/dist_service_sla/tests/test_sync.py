# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import DistServiceExceptionCase


@tagged("post_install", "-at_install")
class TestExceptionTicketSync(DistServiceExceptionCase):
    def test_reported_issue_opens_ticket(self):
        """An order issue reported for a customer opens a ticket for them with the care desk
        and its SLA, without acknowledging it as the customer's own request; an exception of
        a type that is not customer-facing opens none."""
        exc = self._report()
        ticket = exc.ticket_id
        self.assertRecordValues(
            ticket,
            [
                {
                    "name": self.issue.name,
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "dist_sla_policy_id": self.policy.id,
                    "dist_exception_count": 1,
                }
            ],
        )
        self.assertFalse(ticket.message_ids.filtered(lambda m: "received your request" in (m.subject or "")))
        self.assertNotEqual(self._report().ticket_id, ticket, "about no document: a ticket of its own")
        internal = self.env["dist.exception.type"].create(
            {"name": "Price list typo", "code": "h7_price_typo", "layer": "demand"}
        )
        self.assertFalse(self._report(internal).ticket_id)

    def test_resolving_exception_closes_ticket(self):
        """Resolving the exception closes its ticket and emails the customer the resolution."""
        exc = self._report()
        exc._dist_resolve(self.cause, "Shipped on Wednesday.")
        self.assertTrue(exc.ticket_id.closed)
        self.assertTrue(exc.ticket_id.message_ids.filtered(lambda m: "Solved" in (m.subject or "")))

    def test_closing_ticket_resolves_exceptions(self):
        """Closing the ticket resolves its open exception with the ticket's root cause."""
        exc = self._report()
        ticket = exc.ticket_id
        ticket.dist_root_cause_id = self.cause
        ticket.stage_id = self.stages["done"]
        self.assertEqual(exc.state, "resolved")
        self.assertEqual(exc.root_cause_id, self.cause)
        self.assertIn(ticket.number, exc.resolution_note)

    def test_closing_ticket_respects_cost_approval(self):
        """An exception whose cost impact is above the approval threshold stays open when
        its ticket closes, until the cost is approved; the ticket closes."""
        self.company.dist_exception_cost_control = True
        exc = self._report()
        exc.sudo().write({"cost_amount": 1_000_000.0, "cost_type": "credit_note"})
        ticket = exc.ticket_id
        ticket.stage_id = self.stages["done"]
        self.assertTrue(ticket.closed)
        self.assertEqual(exc.state, "new")
        self.assertIn("approval", exc.message_ids[0].body)
