# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import DistExceptionCase


@tagged("post_install", "-at_install")
class TestException(DistExceptionCase):
    def test_create_takes_type_defaults(self):
        """A new exception gets its type's severity, team and owner, a reference,
        deadlines, an SLA status and a follow-up activity for its owner."""
        exc = self._create_exception()
        self.assertEqual(exc.severity, "1")
        self.assertEqual(exc.team_id, self.team)
        self.assertEqual(exc.user_id, self.rep)
        self.assertTrue(exc.name.startswith("EXC/"))
        self.assertTrue(exc.response_deadline and exc.resolution_deadline)
        self.assertLess(exc.response_deadline, exc.resolution_deadline)
        self.assertIn(exc.sla_status, ("on_track", "at_risk", "breached"))
        activity = exc.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.rep)
        self.assertEqual(activity.activity_type_id, self.env.ref("dist_exception_core.mail_activity_type_exception"))

    def test_type_without_owner_todo(self):
        """A high-volume type can skip the owner's to-do: its exceptions still have an
        owner and deadlines, and a missed deadline still gives the escalation activity."""
        self.exc_type.owner_activity = False
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
        self.assertEqual(exc.user_id, self.rep)
        self.assertTrue(exc.response_deadline)
        self.assertFalse(exc.activity_ids)
        with freeze_time("2026-11-23 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(exc.escalation_level, 1)
        self.assertEqual(
            exc.activity_ids.activity_type_id, self.env.ref("dist_exception_core.mail_activity_type_escalation")
        )

    def test_batch_create_gets_distinct_references(self):
        """Exceptions created together get consecutive, distinct references."""
        partners = self.env["res.partner"].create([{"name": f"Customer {i}"} for i in range(5)])
        excs = self.env["dist.exception"].create(
            [{"type_id": self.exc_type.id, "res_model": "res.partner", "res_id": p.id} for p in partners]
        )
        self.assertEqual(len(set(excs.mapped("name"))), 5)

    def test_form_onchange_type(self):
        """Reporting an exception by hand: choosing the type fills severity, team and owner."""
        form = Form(self.env["dist.exception"])
        form.type_id = self.exc_type
        self.assertEqual(form.severity, "1")
        self.assertEqual(form.team_id, self.team)
        self.assertEqual(form.user_id, self.rep)
        form.partner_id = self.customer
        exc = form.save()
        self.assertEqual(exc.state, "new")

    def test_duplicate_open_exception_refused(self):
        """A second open exception of the same type on the same document is refused
        with a clear error; once the first is resolved, a new one is allowed."""
        first = self._create_exception()
        with self.assertRaisesRegex(ValidationError, "already has the open exception"):
            self._create_exception()
        self.assertEqual(self.env["dist.exception"].search_count([("res_id", "=", self.customer.id)]), 1)
        first._dist_resolve(self.root_cause, "Customer paid.")
        second = self._create_exception()
        self.assertEqual(second.state, "new")

    def test_database_refuses_duplicate_open_exception(self):
        """The unique index also stops a duplicate that bypasses the ORM check,
        as two workers racing would."""
        exc = self._create_exception()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(
                """INSERT INTO dist_exception (name, type_id, res_model, res_id, severity, state,
                                               company_id, currency_id, detected_date)
                   SELECT 'dup', type_id, res_model, res_id, severity, 'new', company_id, currency_id, now()
                     FROM dist_exception WHERE id = %s""",
                [exc.id],
            )

    def test_lifecycle(self):
        """Acknowledge records the response; hold and resume keep the exception open;
        a wrong transition is refused and changes nothing."""
        exc = self._create_exception()
        exc.action_acknowledge()
        self.assertEqual(exc.state, "acknowledged")
        self.assertTrue(exc.response_date)
        with self.assertRaisesRegex(UserError, "cannot resume"):
            exc.action_resume()
        self.assertEqual(exc.state, "acknowledged")
        exc.action_hold()
        self.assertEqual((exc.state, exc.sla_status), ("on_hold", "paused"))
        exc.action_resume()
        self.assertEqual(exc.state, "in_progress")
        exc.action_cancel()
        self.assertEqual(exc.state, "cancelled")
        self.assertFalse(exc.activity_ids)
        exc.action_reopen()
        self.assertEqual(exc.state, "in_progress")

    def test_resolve_needs_root_cause_and_note(self):
        """Resolving without a root cause or a note fails clearly and leaves the
        exception open; with both it closes and the owner's to-do is done."""
        exc = self._create_exception()
        with self.assertRaisesRegex(UserError, "root cause and a resolution note"):
            exc._dist_resolve(self.root_cause, "  ")
        with self.assertRaises(ValidationError):
            exc.write({"state": "resolved"})
        self.assertEqual(exc.state, "new")
        action = exc.action_resolve()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.root_cause_id = self.root_cause
        wizard.resolution_note = "Credit limit raised after payment."
        wizard.save().action_resolve()
        self.assertEqual(exc.state, "resolved")
        self.assertEqual(exc.root_cause_id, self.root_cause)
        self.assertFalse(exc.activity_ids)

    def test_source_must_match_type(self):
        """An exception whose type is about partners cannot point at another model."""
        with self.assertRaisesRegex(ValidationError, "are about"):
            self.env["dist.exception"].create(
                {"type_id": self.exc_type.id, "res_model": "res.users", "res_id": self.rep.id}
            )

    def test_negative_cost_refused(self):
        """A negative cost impact is refused and the exception keeps its cost."""
        exc = self._create_exception(cost_amount=300)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            exc.cost_amount = -5
        exc.invalidate_recordset()
        self.assertEqual(exc.cost_amount, 300)

    def test_manual_severity_is_kept(self):
        """A severity changed by a person is flagged so severity rules leave it alone."""
        exc = self._create_exception()
        self.assertFalse(exc.severity_manual)
        exc.severity = "3"
        self.assertTrue(exc.severity_manual)
        self.assertEqual(exc.resolution_deadline, exc._dist_plan_hours(self.calendar, exc.detected_date, 4))

    def test_partner_smart_button(self):
        """The customer's form counts its open exceptions and opens them."""
        self._create_exception()
        self.assertEqual(self.customer.dist_exception_count, 1)
        action = self.customer.action_view_dist_exceptions()
        self.assertEqual(self.env["dist.exception"].search_count(action["domain"]), 1)

    def test_mixin_banner_and_counters(self):
        """A document with the mixin shows its exceptions: counters, blocking flag and
        a banner injected in its form."""
        rule = self.env["dist.approval.rule"].create(
            {
                "name": "Test rule",
                "code": "exception_cost",
                "company_id": self.env["res.company"].create({"name": "Distributor T"}).id,
                "model_id": self.env["ir.model"]._get_id("dist.exception"),
                "band_ids": [(0, 0, {"min_value": 10, "group_id": self.env.ref("base.group_system").id})],
            }
        )
        request = self.env["dist.approval.request"].create(
            {"rule_id": rule.id, "res_model": "res.partner", "res_id": self.customer.id, "value": 20}
        )
        blocking_type = self.env.ref("dist_exception_core.dist_exception_type_approval_overdue")
        blocking_type.blocking = True
        self.env["dist.exception"].create(
            {"type_id": blocking_type.id, "res_model": request._name, "res_id": request.id}
        )
        request.invalidate_recordset()
        self.assertEqual(request.dist_exception_count, 1)
        self.assertTrue(request.dist_exception_blocking)
        self.assertIn("Approval overdue", request.dist_exception_summary)
        self.assertIn(request, request.search([("dist_exception_blocking", "=", True)]))
        arch = request.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("dist_exception_summary", arch)
        self.assertIn("action_view_dist_exceptions", arch)

    def test_source_name_only_when_readable(self):
        """A source the reader may not open shows nothing, not "You don't have access": the
        rep sees her own company's customer by name and no name for the other company's."""
        other = self.env["res.company"].create({"name": "Other Distribution Co"})
        outsider = self.env["res.partner"].create({"name": "Far Away Retail", "company_id": other.id})
        mine, theirs = self._create_exception(), self._create_exception(partner=outsider)
        rows = (mine | theirs).with_user(self.rep).read(["source_name"])
        self.assertEqual([row["source_name"] for row in rows], [self.customer.display_name, False])

    def test_kanban_columns_in_lifecycle_order(self):
        """Grouped by status, every open state shows in lifecycle order, then the closed
        states that hold exceptions (not alphabetical: New before Acknowledged)."""
        exc = self._create_exception()
        exc.action_acknowledge()
        groups = self.env["dist.exception"].read_group([("id", "=", exc.id)], ["state"], ["state"])
        self.assertEqual([g["state"] for g in groups], ["new", "acknowledged", "in_progress", "on_hold"])
        exc._dist_resolve(self.root_cause, "Sorted.")
        groups = self.env["dist.exception"].read_group([("id", "=", exc.id)], ["state"], ["state"])
        self.assertEqual([g["state"] for g in groups], ["new", "acknowledged", "in_progress", "on_hold", "resolved"])

    def test_dates_in_descriptions_read_locally(self):
        """A date written into a description reads in the company's time zone, not as UTC:
        15:00 UTC is 9:00 in Chicago."""
        self.env.company.partner_id.tz = "America/Chicago"
        text = self.env.company._dist_format_datetime(datetime(2026, 11, 23, 15, 0))
        self.assertIn("9:00", text)
        self.assertNotIn("15:00", text)
        self.assertEqual(self.env.company._dist_format_datetime(False), "")

    def test_false_positive_rate(self):
        """Of four exceptions of the type resolved in the last 90 days, one closed as a false
        positive: 25 %; one resolved before the 90 days and an open one do not count."""
        false_positive = self.env.ref("dist_exception_core.dist_root_cause_false_positive")
        self.assertTrue(false_positive.false_positive)
        partners = self.env["res.partner"].create([{"name": f"FP customer {i}"} for i in range(6)])
        with freeze_time("2026-07-01 10:00:00"):
            old = self._create_exception(partner=partners[5])
            old._dist_resolve(false_positive, "Old noise.")
        with freeze_time("2026-11-20 10:00:00"):
            exceptions = [self._create_exception(partner=partner) for partner in partners[:4]]
            exceptions[0]._dist_resolve(false_positive, "The customer had paid: the detector read a stale balance.")
            for exc in exceptions[1:]:
                exc._dist_resolve(self.root_cause, "Real.")
            self._create_exception(partner=partners[4])
        with freeze_time("2026-11-23 10:00:00"):
            self.exc_type.invalidate_recordset(["false_positive_rate"])
            self.assertAlmostEqual(self.exc_type.false_positive_rate, 100.0 * 1 / 4)
