# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import DistServiceOrderCase

PLAIN_AGENT = "helpdesk_mgmt.group_helpdesk_user"


@tagged("post_install", "-at_install")
class TestPlainAgents(DistServiceOrderCase):
    """Agents with helpdesk rights only: no Exception Management level, no Sales, Inventory
    or Invoicing rights. They work every ticket, linked to an order or an exception or not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain = new_test_user(cls.env, login="plain_agent", name="Paula Plain", groups=PLAIN_AGENT)
        cls.own_agent = new_test_user(
            cls.env, login="own_agent", name="Oscar Own", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        cls.team.user_ids = [Command.link(cls.plain.id), Command.link(cls.own_agent.id)]

    def _mailed(self, ticket, subject):
        """The message of ``ticket`` whose subject has ``subject``, emailed to the customer."""
        messages = ticket.sudo().message_ids.filtered(lambda m: subject in (m.subject or ""))
        self.assertEqual(len(messages), 1, f"one “{subject}” message")
        emailed = messages.notification_ids.filtered(lambda n: n.notification_type == "email").res_partner_id
        self.assertIn(self.customer.commercial_partner_id, emailed | emailed.commercial_partner_id)
        return messages

    def test_agents_have_no_suite_rights(self):
        """The premise: a plain agent reads no exception, order or delivery."""
        for model in ("dist.exception", "sale.order", "stock.picking", "account.move"):
            self.assertFalse(self.env[model].with_user(self.plain).has_access("read"), model)

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

    def test_closing_leaves_exception_to_its_owner(self):
        """A short pick opens a ticket; the plain agent, who cannot read the exception, closes
        the ticket: the customer gets the resolution email once, and the exception, which
        only its owner, team or an exception manager may resolve, stays open with a note
        saying so; its owner then resolves it."""
        picking = self._order().picking_ids
        exc = self.env["dist.exception"]._dist_raise(self.short_pick, picking)
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
        exc._dist_resolve(self.cause, "Balance shipped.")
        self.assertEqual(exc.state, "resolved")

    def test_personal_agent_closes_own_ticket_with_exception(self):
        """An agent with personal tickets only, who also owns the exception, closes their
        ticket opened by a short pick: the exception is resolved with the default cause
        (customer request)."""
        picking = self._order().picking_ids
        exc = self.env["dist.exception"]._dist_raise(self.short_pick, picking)
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
