# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP_MANAGER, DistExceptionCase

MONDAY_10AM = datetime(2026, 3, 2, 10, 0)


@tagged("post_install", "-at_install")
class TestCustomerFollowups(DistExceptionCase):
    """A first update a day after the exception is raised, then every two days until it is
    resolved: the customer of an exception hears about it on that schedule only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("dist_exception_core.mail_template_exception_followup")
        cls.sequence = cls.env["dist.followup.sequence"].create(
            {
                "name": "Until resolved",
                "model_id": cls.env["ir.model"]._get_id("dist.exception"),
                "step_ids": [
                    Command.create({"sequence": 1, "delay_hours": 24, "template_id": cls.template.id}),
                    Command.create({"sequence": 2, "delay_hours": 48, "template_id": cls.template.id}),
                ],
            }
        )
        cls.exc_type.write({"followup_sequence_id": cls.sequence.id, "customer_description": "your account"})
        cls.customer.email = "buyer@hospital.example.com"

    def _run(self, at):
        with freeze_time(at):
            self.env["dist.followup.sequence"]._cron_send_followups()

    def _updates(self, exc):
        """The follow-ups the customer was sent: messages to them with the template's subject."""
        return exc.message_ids.filtered(
            lambda m: self.customer in m.partner_ids and "an update from" in (m.subject or "")
        )

    def test_schedule_until_resolved(self):
        with freeze_time(MONDAY_10AM):
            exc = self._create_exception()
        self.assertEqual(exc.dist_followup_next_date, MONDAY_10AM + timedelta(hours=24))
        self._run(MONDAY_10AM + timedelta(hours=23))
        self.assertFalse(self._updates(exc))
        self._run(MONDAY_10AM + timedelta(hours=24))
        self.assertEqual(len(self._updates(exc)), 1)
        self.assertIn("your account", self._updates(exc).body)
        self.assertEqual(exc.dist_followup_next_date, MONDAY_10AM + timedelta(hours=24 + 48))
        # The second step repeats, each 48 h after the message before: at 72 h, then at 120 h.
        self._run(MONDAY_10AM + timedelta(hours=72))
        self._run(MONDAY_10AM + timedelta(hours=119))
        self.assertEqual(len(self._updates(exc)), 2)
        self._run(MONDAY_10AM + timedelta(hours=120))
        self.assertEqual(len(self._updates(exc)), 3)
        self.assertEqual(exc.dist_followup_count, 3)
        exc.with_user(self.rep).action_cancel()
        self.assertFalse(exc.dist_followup_next_date)
        self._run(MONDAY_10AM + timedelta(hours=400))
        self.assertEqual(len(self._updates(exc)), 3)

    def test_reopened_exception_restarts(self):
        with freeze_time(MONDAY_10AM):
            exc = self._create_exception()
        self._run(MONDAY_10AM + timedelta(hours=24))
        with freeze_time(MONDAY_10AM + timedelta(hours=30)):
            exc.with_user(self.rep).action_cancel()
            self.assertFalse(exc.dist_followup_next_date)
            exc.with_user(self.leader).action_reopen()
        self.assertEqual(exc.dist_followup_next_date, MONDAY_10AM + timedelta(hours=30 + 24))
        self.assertEqual(exc.dist_followup_count, 0)

    def test_last_step_once_without_repeat(self):
        self.sequence.repeat_last = False
        with freeze_time(MONDAY_10AM):
            exc = self._create_exception()
        for hours in (24, 72, 200):
            self._run(MONDAY_10AM + timedelta(hours=hours))
        self.assertEqual(len(self._updates(exc)), 2)
        self.assertFalse(exc.dist_followup_next_date)

    def test_no_customer_or_email(self):
        """No customer: nothing is scheduled. A customer without email: the run ends the
        sequence with a note instead of sending into the void."""
        with freeze_time(MONDAY_10AM):
            anonymous = self._create_exception(partner_id=False)
            silent = self._create_exception(partner=self.other_customer)
        self.assertFalse(anonymous.dist_followup_next_date)
        self._run(MONDAY_10AM + timedelta(hours=30))
        self.assertFalse(silent.dist_followup_next_date)
        self.assertIn("has no email", silent.message_ids[0].body)
        self.assertEqual(silent.dist_followup_count, 0)

    def test_schedule_is_not_written_by_hand(self):
        with freeze_time(MONDAY_10AM):
            exc = self._create_exception()
        for vals in ({"dist_followup_next_date": False}, {"dist_followup_count": 9}):
            with self.assertRaises(UserError) as caught, self.env.cr.savepoint():
                exc.with_user(self.rep).write(vals)
            self.assertRegex(str(caught.exception), "Stop Follow-ups")
        self.assertEqual((exc.dist_followup_count, bool(exc.dist_followup_next_date)), (0, True))
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            exc.with_user(self.plain_user).action_dist_followup_stop()
        exc.with_user(self.rep).action_dist_followup_stop()
        self.assertFalse(exc.dist_followup_next_date)
        self.assertIn("stopped by Rita Rep", exc.message_ids[0].body)

    def test_one_failing_message_does_not_stop_the_run(self):
        """A template that cannot render for one customer: that one is skipped (and retried
        at the next run), the others go out."""
        broken = self.template.copy({"subject": "{{ object.partner_id.parent_id.name.upper() }}: an update from us"})
        self.sequence.step_ids.write({"template_id": broken.id})
        parent = self.env["res.partner"].create({"name": "Hospital Holding", "is_company": True})
        child = self.env["res.partner"].create(
            {"name": "Ward 4", "parent_id": parent.id, "email": "ward4@hospital.example.com"}
        )
        with freeze_time(MONDAY_10AM):
            failing = self._create_exception()
            working = self._create_exception(partner=child)
        with mute_logger(
            "odoo.addons.dist_exception_core.models.dist_followup_mixin", "odoo.addons.mail.models.mail_render_mixin"
        ):
            self._run(MONDAY_10AM + timedelta(hours=25))
        self.assertEqual(working.dist_followup_count, 1)
        self.assertIn("HOSPITAL HOLDING", working.message_ids.filtered(lambda m: child in m.partner_ids).subject)
        self.assertEqual(failing.dist_followup_count, 0)
        # Retried an hour later, behind the others.
        self.assertEqual(failing.dist_followup_next_date, MONDAY_10AM + timedelta(hours=26))

    def test_sequence_of_one_company(self):
        """The sequence belongs to the first company: the same type's exception in a second
        company is not followed up, the first company's is; a user of the second company
        only neither reads the sequence nor can put it on a type of theirs."""
        self.sequence.company_id = self.company
        company_b = self.env["res.company"].create({"name": "Second Co"})
        clinic = self.env["res.partner"].create({"name": "Clinic", "email": "buyer@clinic.example.com"})
        with freeze_time(MONDAY_10AM):
            home = self._create_exception()
            away = self._create_exception(clinic, company_id=company_b.id)
        self.assertEqual(away.company_id, company_b)
        self.assertEqual(home.dist_followup_next_date, MONDAY_10AM + timedelta(hours=24))
        self.assertFalse(away.dist_followup_next_date)
        self._run(MONDAY_10AM + timedelta(hours=24))
        self.assertEqual(len(self._updates(home)), 1)
        self.assertFalse(away.message_ids.filtered(lambda m: clinic in m.partner_ids))
        manager_b = new_test_user(
            self.env,
            login="followup_manager_b",
            groups=f"base.group_user,{GROUP_MANAGER}",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.assertFalse(
            self.env["dist.followup.sequence"].with_user(manager_b).search([("id", "=", self.sequence.id)])
        )
        types_b = self.env["dist.exception.type"].with_user(manager_b)
        own_type = {
            "name": "Second Co stuck orders",
            "code": "test_b_stuck",
            "layer": "demand",
            "company_id": company_b.id,
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
        }
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            types_b.create(dict(own_type, followup_sequence_id=self.sequence.id))
        self.assertFalse(self.env["dist.exception.type"].search([("code", "=", "test_b_stuck")]))
        # Their own type, without the first company's sequence, they create.
        own = types_b.create(own_type)
        self.assertFalse(own.followup_sequence_id)

    def test_bad_configuration_refused(self):
        model_id = self.env["ir.model"]._get_id("dist.exception")
        sequences = self.env["dist.followup.sequence"]
        partner_template = self.env["mail.template"].create(
            {"name": "About a partner", "model_id": self.env["ir.model"]._get_id("res.partner"), "subject": "x"}
        )
        cases = (
            ({"name": "Empty", "model_id": model_id}, "at least one step"),
            (
                {
                    "name": "Wrong model",
                    "model_id": model_id,
                    "step_ids": [Command.create({"delay_hours": 24, "template_id": partner_template.id})],
                },
                "writes about res.partner",
            ),
            (
                {
                    "name": "No delay",
                    "model_id": model_id,
                    "step_ids": [Command.create({"delay_hours": 0, "template_id": self.template.id})],
                },
                "positive number of hours",
            ),
        )
        for vals, pattern in cases:
            with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
                sequences.create(vals)
            self.assertRegex(str(caught.exception), pattern)
        with self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
            sequences.create(
                {
                    "name": "Partners",
                    "model_id": self.env["ir.model"]._get_id("res.partner"),
                    "step_ids": [Command.create({"delay_hours": 24, "template_id": partner_template.id})],
                }
            )
        self.assertRegex(str(caught.exception), "does not take customer follow-ups")
        self.assertFalse(sequences.search([("name", "in", ("Empty", "Wrong model", "No delay", "Partners"))]))
