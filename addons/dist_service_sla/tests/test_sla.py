# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DistServiceCase


@tagged("post_install", "-at_install")
class TestTicketSla(DistServiceCase):
    def test_deadlines_across_weekend(self):
        """A ticket opened Friday 16:00 gets its first-response deadline Monday 09:00 and
        its resolution Monday 16:00: the weekend and the lunch hour do not count."""
        with freeze_time("2026-11-20 16:00:00"):
            ticket = self._ticket()
        self.assertEqual(ticket.dist_sla_policy_id, self.policy)
        self.assertEqual(ticket.dist_response_deadline, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(ticket.dist_resolution_deadline, datetime(2026, 11, 23, 16, 0))
        self.assertEqual(ticket.dist_sla_status, "on_track")

    def test_paused_stage_pushes_deadlines(self):
        """Waiting for the customer from Monday 10:00 to Tuesday 10:00 (8 working hours)
        stops the clock: the status is paused meanwhile and the resolution deadline moves
        from Tuesday 09:00 to Wednesday 09:00."""
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket()
        self.assertEqual(ticket.dist_resolution_deadline, datetime(2026, 11, 24, 9, 0))
        with freeze_time("2026-11-23 10:00:00"):
            ticket.stage_id = self.stages["awaiting"]
        self.assertEqual(ticket.dist_sla_status, "paused")
        with freeze_time("2026-11-24 10:00:00"):
            ticket.stage_id = self.stages["in_progress"]
        self.assertAlmostEqual(ticket.dist_sla_paused_hours, 8.0)
        self.assertEqual(ticket.dist_resolution_deadline, datetime(2026, 11, 25, 9, 0))
        self.assertFalse(ticket.dist_sla_hold_date)
        self.assertEqual(ticket.dist_sla_status, "on_track")

    def test_met(self):
        """An agent's public reply before the first-response deadline counts as the
        response; closing before the resolution deadline meets the SLA. The automatic
        acknowledgement is not a response."""
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket()
            self.assertFalse(ticket.dist_responded_date, "the acknowledgement is not an answer")
        with freeze_time("2026-11-23 10:00:00"):
            ticket.with_user(self.agent).message_post(body="We are on it.", subtype_xmlid="mail.mt_comment")
            ticket.with_user(self.agent).message_post(body="Internal: check stock", subtype_xmlid="mail.mt_note")
        self.assertEqual(ticket.dist_responded_date, datetime(2026, 11, 23, 10, 0))
        with freeze_time("2026-11-23 14:00:00"):
            ticket.stage_id = self.stages["done"]
        self.assertEqual(ticket.dist_sla_status, "met")
        self.assertFalse(ticket.dist_sla_breached)

    def test_breach_stays_after_solving(self):
        """Nobody answers by Monday 11:00: the scheduled action marks the ticket
        breached; solving it later keeps it marked as failed."""
        with freeze_time("2026-11-23 09:00:00"):
            ticket = self._ticket()
        with freeze_time("2026-11-23 11:30:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(ticket.dist_sla_status, "breached")
        self.assertTrue(ticket.dist_sla_breached)
        with freeze_time("2026-11-23 12:00:00"):
            ticket.with_user(self.agent).message_post(body="Sorry for the delay.", subtype_xmlid="mail.mt_comment")
            ticket.stage_id = self.stages["done"]
        self.assertEqual(ticket.dist_sla_status, "breached")
        self.assertTrue(ticket.dist_sla_breached)

    def test_policy_by_tier_and_priority(self):
        """The first matching policy in sequence applies: a strategic customer's urgent
        ticket gets the strategic policy, a standard customer's the team's."""
        strategic = self.env["dist.ticket.sla.policy"].create(
            {
                "name": "Strategic urgent",
                "sequence": 0,
                "customer_tier": "strategic",
                "priority": "2",
                "response_hours": 1,
                "resolution_hours": 4,
            }
        )
        vip = self.env["res.partner"].create({"name": "Hospital", "dist_customer_tier": "strategic"})
        self.assertEqual(self._ticket(partner_id=vip.id, priority="3").dist_sla_policy_id, strategic)
        self.assertEqual(self._ticket(partner_id=vip.id, priority="1").dist_sla_policy_id, self.policy)
        self.assertEqual(self._ticket().dist_sla_policy_id, self.policy)

    def test_bad_policy_values(self):
        """Non-positive targets, a response after the resolution or an at-risk share over
        100 % are refused with a clear message and the policy keeps its values."""
        for values, message in (
            ({"response_hours": 0}, "must be positive"),
            ({"resolution_hours": -4}, "must be positive|cannot be negative"),
            ({"response_hours": 10}, "cannot be longer than the resolution"),
            ({"at_risk_percent": 150}, "percentage"),
        ):
            with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                self.policy.write(values)
        self.assertEqual((self.policy.response_hours, self.policy.resolution_hours), (2, 8))
        with self.assertRaisesRegex(ValidationError, "at least one day"), self.env.cr.savepoint():
            self.company.dist_recurrence_days = 0
