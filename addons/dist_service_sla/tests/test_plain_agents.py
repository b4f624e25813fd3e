# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import DistServicePlainAgentCase


@tagged("post_install", "-at_install")
class TestPlainAgents(DistServicePlainAgentCase):
    """Agents with helpdesk rights only, no Exception Management level: they work every
    ticket, linked to an exception or not."""

    def test_agents_have_no_suite_rights(self):
        """The premise: a plain agent reads no exception."""
        self.assertFalse(self.env["dist.exception"].with_user(self.plain).has_access("read"))

    def test_close_ticket_without_links(self):
        """A plain agent opens the ticket form, sets the root cause, closes the ticket: the
        customer is emailed the resolution in the agent's name."""
        ticket = self._ticket(user_id=self.plain.id)
        with Form(ticket.with_user(self.plain)) as form:
            form.dist_root_cause_id = self.cause
        ticket.with_user(self.plain).stage_id = self.stages["done"]
        self.assertTrue(ticket.closed)
        solved = self._mailed(ticket, "Solved")
        self.assertEqual(solved.author_id, self.plain.partner_id)
        self.assertEqual(ticket.dist_root_cause_id, self.cause)

    def test_closing_leaves_exception_to_its_owner(self):
        """A reported order issue opens a ticket; the plain agent, who cannot read the exception, closes
        the ticket: the customer gets the resolution email once, and the exception, which
        only its owner, team or an exception manager may resolve, stays open with a note
        saying so; its owner then resolves it."""
        exc = self._report()
        ticket = exc.ticket_id
        ticket.user_id = self.plain
        with self.assertRaises(AccessError):
            exc.with_user(self.plain).read(["state"])
        form = Form(ticket.with_user(self.plain))
        form.dist_root_cause_id = self.cause
        form.save()
        ticket.with_user(self.plain).stage_id = self.stages["done"]
        self.assertTrue(ticket.closed)
        self._mailed(ticket, "Solved")
        self.assertEqual(exc.state, "new")
        self.assertIn(f"Ticket {ticket.number} was closed but this exception stays open", exc.message_ids[0].body)
        exc._dist_resolve(self.cause, "Goods arrived, shipped Wednesday.")
        self.assertEqual(exc.state, "resolved")

    def test_personal_agent_closes_own_ticket_with_exception(self):
        """An agent with personal tickets only, who also owns the exception, closes their
        ticket opened by a reported order issue: the exception is resolved with the default cause
        (customer request)."""
        exc = self._report()
        self.own_agent.groups_id += self.env.ref("dist_exception_core.dist_exception_core_group_user")
        exc.sudo().with_context(dist_engine=True).write({"user_id": self.own_agent.id})
        ticket = exc.ticket_id
        ticket.user_id = self.own_agent
        ticket.with_user(self.own_agent).write({"stage_id": self.stages["done"].id})
        self.assertEqual(exc.state, "resolved")
        self.assertEqual(exc.root_cause_id, self.env.ref("dist_exception_core.dist_root_cause_customer_request"))
        self._mailed(ticket, "Solved")

    def test_personal_agent_ticket_routed_away(self):
        """A personal-tickets agent opens a ticket the routing rules give to a colleague: it is
        routed (the agent may not write it afterwards) and acknowledged."""
        self.env["dist.ticket.routing.rule"].create(
            {"name": "All to Anna", "team_id": self.team.id, "assignment": "user", "user_id": self.agent.id}
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.own_agent)
            .create(
                {
                    "name": "Damaged pallet",
                    "description": "Crushed.",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                }
            )
        )
        self.assertEqual(ticket.sudo().user_id, self.agent)
        self._mailed(ticket, "We received your request")

    def test_employee_follower_reply_is_the_first_response(self):
        """An employee without helpdesk rights who follows a ticket may post on it (helpdesk
        allows it): their reply to the customer counts as the first response."""
        employee = new_test_user(self.env, login="follower_employee", groups="base.group_user")
        ticket = self._ticket()
        ticket.message_subscribe(partner_ids=employee.partner_id.ids)
        ticket.with_user(employee).message_post(body="The truck left this morning.", subtype_xmlid="mail.mt_comment")
        self.assertTrue(ticket.dist_responded_date)

    def test_customer_emails_off_by_default(self):
        """A team created without choosing emails the customer nothing of this module's: no
        acknowledgement, no resolution (helpdesk's own stage emails are left as they are)."""
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Back office", "user_ids": [Command.set(self.plain.ids)]}
        )
        ticket = self._ticket(team_id=team.id, user_id=self.plain.id)
        ticket.with_user(self.plain).stage_id = self.stages["done"]
        self.assertTrue(ticket.closed)
        subjects = ticket.message_ids.mapped("subject")
        self.assertFalse([s for s in subjects if s and ("Solved" in s or "We received" in s)])
