# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.dist_exception_core.tests.common import office_calendar
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

HELPDESK_USER = "helpdesk_mgmt.group_helpdesk_user_team"


class DistServiceCase(TransactionCase):
    """A care team on a Monday-to-Friday 8-12 / 13-17 UTC calendar with a leader and
    two agents, one SLA policy (2 h first response, 8 h resolution) and no other
    policy or routing rule in the way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.env["dist.ticket.sla.policy"].search([]).active = False
        cls.env["dist.ticket.routing.rule"].search([]).active = False
        cls.calendar = office_calendar(cls.env, "Care desk (UTC)")
        cls.leader = new_test_user(
            cls.env, login="dist_care_lead", name="Liam Lead", groups=f"base.group_user,{HELPDESK_USER}"
        )
        cls.agent = new_test_user(
            cls.env, login="dist_agent_a", name="Anna Agent", groups=f"base.group_user,{HELPDESK_USER}"
        )
        cls.agent2 = new_test_user(
            cls.env, login="dist_agent_b", name="Ben Agent", groups=f"base.group_user,{HELPDESK_USER}"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Care desk",
                "user_id": cls.leader.id,
                "user_ids": [Command.set((cls.agent | cls.agent2).ids)],
                "dist_calendar_id": cls.calendar.id,
                "dist_send_acknowledgement": True,
                "dist_send_resolution": True,
            }
        )
        cls.ladder = cls.env["dist.escalation.ladder"].create(
            {
                "name": "Care ladder",
                "level_ids": [
                    Command.create({"level": 1, "deadline": "response", "action": "notify", "target": "manager"}),
                    Command.create({"level": 2, "deadline": "resolution", "action": "reassign", "target": "manager"}),
                ],
            }
        )
        cls.policy = cls.env["dist.ticket.sla.policy"].create(
            {
                "name": "Care standard",
                "team_ids": [Command.set(cls.team.ids)],
                "response_hours": 2,
                "resolution_hours": 8,
                "ladder_id": cls.ladder.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Clinic Group", "email": "buyer@clinic.example.com", "dist_customer_tier": "priority"}
        )
        cls.stages = {
            key: cls.env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{key}")
            for key in ("new", "in_progress", "awaiting", "done")
        }

    def _ticket(self, **values):
        return self.env["helpdesk.ticket"].create(
            dict(
                {
                    "name": "Where is my order?",
                    "description": "Ordered last week, nothing arrived.",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "user_id": self.agent.id,
                },
                **values,
            )
        )


class DistServiceExceptionCase(DistServiceCase):
    """Plus the core's reported order issues made customer-facing for the care desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.issue = cls.env.ref("dist_exception_core.dist_exception_type_order_issue")
        cls.issue.write({"customer_facing": True, "ticket_team_id": cls.team.id})
        cls.cause = cls.env.ref("dist_exception_core.dist_root_cause_pick_error")

    def _report(self, exc_type=None, **values):
        """An exception the customer feels, reported by hand for the customer."""
        return self.env["dist.exception"].create(
            dict(
                {
                    "type_id": (exc_type or self.issue).id,
                    "partner_id": self.customer.id,
                    "description": "The customer was promised Tuesday; the goods are not in yet.",
                },
                **values,
            )
        )


class DistServicePlainAgentCase(DistServiceExceptionCase):
    """Plus agents with helpdesk rights only: Paula sees the team's tickets, Oscar his own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain = new_test_user(
            cls.env, login="plain_agent", name="Paula Plain", groups="helpdesk_mgmt.group_helpdesk_user"
        )
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
