# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DistExceptionCase


@tagged("post_install", "-at_install")
class TestEscalation(DistExceptionCase):
    def _escalation_activities(self, exc):
        escalation = self.env.ref("dist_exception_core.mail_activity_type_escalation")
        return exc.activity_ids.filtered(lambda a: a.activity_type_id == escalation)

    def _escalation_notes(self, exc):
        return exc.message_ids.filtered(lambda m: "Escalated to level" in (m.body or ""))

    def test_climbs_each_level_once(self):
        """Missed response: level 1 notifies the team leader. Missed resolution: level 2
        makes the leader the owner. A day later: level 3 notifies management and raises
        the severity. Running the pass again changes nothing."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
        escalate = self.env["dist.exception"]._cron_escalate

        with freeze_time("2026-11-23 12:30:00"):
            escalate()
            escalate()
        self.assertEqual(exc.escalation_level, 1)
        self.assertEqual(self._escalation_activities(exc).user_id, self.leader)
        self.assertEqual(len(self._escalation_notes(exc)), 1)
        self.assertEqual(exc.user_id, self.rep)

        with freeze_time("2026-11-24 17:30:00"):
            escalate()
            escalate()
        self.assertEqual(exc.escalation_level, 2)
        self.assertEqual(exc.user_id, self.leader)
        self.assertEqual(len(self._escalation_notes(exc)), 2)

        with freeze_time("2026-11-25 18:00:00"):
            escalate()
            escalate()
        self.assertEqual(exc.escalation_level, 3)
        self.assertEqual(exc.severity, "2")
        self.assertIn(self.director, self._escalation_activities(exc).user_id)
        self.assertEqual(len(self._escalation_notes(exc)), 3)

    def test_one_todo_per_person(self):
        """The leader, told at level 1 and made owner at level 2, keeps one to-do on the
        exception, not one per level; its deadline stays the first one. A to-do the leader
        planned by hand is left alone."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
        own = exc.activity_schedule("mail.mail_activity_data_call", user_id=self.leader.id, summary="Call the buyer")
        with freeze_time("2026-11-23 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
        first = self._escalation_activities(exc)
        self.assertEqual(first.user_id, self.leader)
        with freeze_time("2026-11-24 17:30:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(exc.user_id, self.leader)
        engine_types = self.env["dist.exception"]._dist_todo_activity_types()
        leader_todos = exc.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(leader_todos - own, first)
        self.assertIn(first.activity_type_id, engine_types)
        self.assertEqual(str(first.date_deadline), "2026-11-23")
        self.assertEqual(
            (own.summary, own.activity_type_id), ("Call the buyer", self.env.ref("mail.mail_activity_data_call"))
        )

    def test_late_pass_climbs_all_due_levels(self):
        """A pass that runs late applies every level now due, each once, in order."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
        with freeze_time("2026-11-30 08:00:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(exc.escalation_level, 3)
        self.assertEqual(len(self._escalation_notes(exc)), 3)

    def test_acknowledged_and_on_hold_do_not_escalate(self):
        """Response levels skip acknowledged exceptions; nothing escalates on hold or closed."""
        with freeze_time("2026-11-23 08:00:00"):
            acknowledged = self._create_exception()
            acknowledged.action_acknowledge()
            held = self._create_exception(partner=self.other_customer)
            held.action_hold()
        with freeze_time("2026-11-23 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(acknowledged.escalation_level, 0)
        self.assertEqual(held.escalation_level, 0)

    def test_owner_manager_from_owner_team(self):
        """Without a team on the exception, the owner's manager is the leader of the
        team the owner belongs to."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception(team_id=False)
        with freeze_time("2026-11-23 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(self._escalation_activities(exc).user_id, self.leader)

    def test_failing_record_does_not_stop_the_pass(self):
        """An exception the database refuses to update is logged and skipped;
        the others in its batch still escalate."""
        with freeze_time("2026-11-23 08:00:00"):
            good = self._create_exception()
            bad = self._create_exception(partner=self.other_customer)
        # A trigger stands in for any failure on one row (lock timeout, broken data...).
        self.env.cr.execute(
            """
            CREATE FUNCTION dist_test_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER dist_test_refuse BEFORE UPDATE ON dist_exception
               FOR EACH ROW WHEN (OLD.id = %s AND NEW.escalation_level <> OLD.escalation_level)
               EXECUTE FUNCTION dist_test_refuse();
            """,
            [bad.id],
        )
        with (
            freeze_time("2026-11-23 12:30:00"),
            mute_logger("odoo.sql_db"),
            self.assertLogs("odoo.addons.dist_exception_core.models.dist_sla_mixin", level="ERROR") as logs,
        ):
            self.env["dist.exception"]._cron_escalate()
        self.assertIn(bad.name, "\n".join(logs.output))
        self.assertEqual(good.escalation_level, 1)
        self.assertEqual(bad.escalation_level, 0)

    def test_invalid_levels_refused(self):
        """Reassigning to a group, a user target without a user and a negative delay
        are refused with a clear error; the ladder keeps its levels."""
        for values, message in (
            ({"action": "reassign", "target": "group", "group_id": self.env.ref("base.group_user").id}, "one owner"),
            ({"target": "user"}, "choose the user"),
            ({"delay_hours": -2}, "cannot be negative"),
        ):
            with self.subTest(values=values), self.assertRaisesRegex(Exception, message), self.env.cr.savepoint():
                self.ladder.write({"level_ids": [Command.create(dict({"level": 9, "deadline": "response"}, **values))]})
        self.assertEqual(len(self.ladder.level_ids), 3)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.ladder.level_ids[0].write({"target": "group", "group_id": False})

    def _notifications(self, user):
        return self.env["mail.notification"].search([("res_partner_id", "=", user.partner_id.id)])

    def test_targets_notified_by_their_preference(self):
        """Escalation targets are told the way they chose: the leader, who reads the Odoo
        inbox, gets an inbox notification about the exception; the director, who reads
        e-mail, an e-mail with a link to it. Owners of new exceptions are told too."""
        self.leader.notification_type = "inbox"
        self.director.notification_type = "email"
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
        owner_notices = self._notifications(self.rep).filtered(lambda n: n.mail_message_id.res_id == exc.id)
        self.assertEqual(len(owner_notices), 1)
        with freeze_time("2026-11-23 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
        leader_notices = self._notifications(self.leader)
        self.assertEqual(leader_notices.mapped("notification_type"), ["inbox"])
        self.assertEqual(
            (leader_notices.mail_message_id.model, leader_notices.mail_message_id.res_id), ("dist.exception", exc.id)
        )
        with freeze_time("2026-11-25 18:00:00"):
            self.env["dist.exception"]._cron_escalate()
        director_notices = self._notifications(self.director).filtered(lambda n: "level 3" in n.mail_message_id.subject)
        self.assertEqual(director_notices.mapped("notification_type"), ["email"])
        # Odoo's notification layout links the e-mail to the record the message is about.
        self.assertEqual(
            (director_notices.mail_message_id.model, director_notices.mail_message_id.res_id),
            ("dist.exception", exc.id),
        )

    def test_several_todos_make_one_digest(self):
        """A pass that gives one person three to-dos sends them one digest listing the
        three exceptions, not three notifications; the three to-dos are on the exceptions."""
        self.leader.notification_type = "inbox"
        with freeze_time("2026-11-23 08:00:00"):
            exceptions = self._create_exception()
            for name in ("Second customer", "Third customer"):
                exceptions |= self._create_exception(partner=self.env["res.partner"].create({"name": name}))
        with freeze_time("2026-11-23 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
        notices = self._notifications(self.leader)
        self.assertEqual(len(notices), 1)
        body = notices.mail_message_id.body
        for exc in exceptions:
            self.assertIn(exc.name, body)
        self.assertEqual(len(exceptions.activity_ids.filtered(lambda a: a.user_id == self.leader)), 3)
