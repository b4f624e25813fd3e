# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import DistServiceCase


@tagged("post_install", "-at_install")
class TestTicketEscalation(DistServiceCase):
    def test_ladder(self):
        """Past the first-response deadline the team leader gets a to-do (level 1) once,
        however often the scheduled action runs; past the resolution deadline the
        ticket is reassigned to the leader (level 2). A paused ticket is left alone."""
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket()
            paused = self._ticket(name="Waiting on the customer")
            paused.stage_id = self.stages["awaiting"]
        with freeze_time("2026-11-23 11:30:00"):
            self.env["dist.exception"]._cron_escalate()
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(ticket.dist_escalation_level, 1)
        leader_todos = ticket.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(leader_todos), 1)
        self.assertEqual(ticket.user_id, self.agent)
        self.assertEqual(paused.dist_escalation_level, 0)

        with freeze_time("2026-11-24 10:00:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(ticket.dist_escalation_level, 2)
        self.assertEqual(ticket.user_id, self.leader)
        self.assertIn("level 2", ticket.message_ids[0].body)

    def test_breached_ticket_reaches_management_queue(self):
        """A breached open ticket raises a 'Ticket SLA breached' exception, owned by the
        helpdesk team's leader; solving the ticket clears it at the next detector pass."""
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket()
        exc_type = self.env.ref("dist_service_sla.dist_exception_type_ticket_sla_breach")
        with freeze_time("2026-11-24 12:00:00"):
            self.env["dist.exception"]._cron_escalate()
            exc_type._dist_run_detector()
            exc = self.env["dist.exception"].search([("type_id", "=", exc_type.id), ("res_id", "=", ticket.id)])
            self.assertEqual(exc.state, "new")
            self.assertEqual(exc.partner_id, self.customer)
            self.assertEqual(exc.user_id, self.leader)
            ticket.stage_id = self.stages["done"]
            exc_type._dist_run_detector()
        self.assertEqual(exc.state, "resolved")
