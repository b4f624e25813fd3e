# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import sql_db
from odoo.addons.dist_exception_core.models.dist_exception_type import DETECTOR_LOCK
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import GROUP_SALES, DistDetectorCase

EXCEPTION_LOGGER = "odoo.addons.dist_exception_core.models.dist_exception_detection"
TYPE_LOGGER = "odoo.addons.dist_exception_core.models.dist_exception_type"
PREVIOUS_PASS_END = datetime(2026, 11, 23, 16, 0)


@tagged("post_install", "-at_install")
class TestFaults(DistDetectorCase):
    """Faults during a detector pass: a record the database refuses, a detector that
    breaks, a pass cut into one transaction per type by the scheduler."""

    def _refuse_exceptions_on(self, request):
        """Make PostgreSQL refuse any exception about ``request``, as a constraint or a
        trigger of another module would: a real database error, not a mock."""
        self.env.cr.execute(
            SQL(
                """
                CREATE FUNCTION dist_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.res_model = 'dist.approval.request' AND NEW.res_id = %s THEN
                        RAISE EXCEPTION 'refused by the test trigger';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER dist_test_refuse BEFORE INSERT ON dist_exception
                    FOR EACH ROW EXECUTE FUNCTION dist_test_refuse();
                """,
                request.id,
            )
        )

    def _drop_refusal(self):
        self.env.cr.execute("DROP TRIGGER dist_test_refuse ON dist_exception; DROP FUNCTION dist_test_refuse();")

    def _stagger_last_runs(self):
        """Every scheduled type last ran at 15:00, the overdue type at 14:00 (oldest)."""
        detector_types = self.env["dist.exception.type"]._dist_scheduled_types()
        detector_types.write({"detector_last_run": datetime(2026, 11, 23, 15, 0)})
        self.overdue_type.detector_last_run = datetime(2026, 11, 23, 14, 0)
        return detector_types

    def _scheduler_call(self, now):
        """One call of the detectors' scheduled action at ``now`` in a pass that began after
        ``PREVIOUS_PASS_END``, as Odoo's cron runner makes it (with a progress record);
        returns that progress."""
        cron = self.env.ref("dist_exception_core.ir_cron_dist_run_detectors")
        _cron, progress = cron._add_progress()
        with freeze_time(now):
            self.env["dist.exception.type"].with_context(
                ir_cron_progress_id=progress.id, lastcall=PREVIOUS_PASS_END
            )._cron_run_detectors()
        return progress

    def test_one_refused_record_does_not_stop_the_pass(self):
        """The database refuses the exception of one overdue request: the pass logs it,
        raises the others, and the next pass raises the missing one, with no duplicate."""
        partners = self.env["res.partner"].create([{"name": f"Customer {i}"} for i in range(3)])
        with freeze_time("2026-11-23 08:00:00"):
            requests = self.env["dist.approval.request"]
            for partner in partners:
                requests |= self._request(partner, 200)
        self._refuse_exceptions_on(requests[1])
        with (
            freeze_time("2026-11-23 17:00:00"),
            mute_logger("odoo.sql_db"),
            self.assertLogs(EXCEPTION_LOGGER, "WARNING") as logs,
        ):
            created, _cleared = self.overdue_type._dist_run_detector()
        self.assertEqual(sorted(created.mapped("res_id")), sorted((requests[0] | requests[2]).ids))
        self.assertTrue(any("retrying one by one" in line for line in logs.output))
        self.assertTrue(
            any(f"dist.approval.request,{requests[1].id}" in line and "ERROR" in line for line in logs.output)
        )

        self._drop_refusal()
        with freeze_time("2026-11-23 17:15:00"):
            created, _cleared = self.overdue_type._dist_run_detector()
        self.assertEqual(created.mapped("res_id"), requests[1].ids)
        self.assertEqual(len(self._overdue_exceptions(requests)), 3)

    def test_broken_detector_is_logged_and_shown_on_its_type(self):
        """A severity rule whose field disappeared (its module was uninstalled) breaks
        the detector: the scheduled pass logs it, keeps the error on the type for the
        administrator, leaves the transaction usable, and a repaired rule clears the error."""
        with freeze_time("2026-11-23 08:00:00"):
            request = self._request(self.customer, 200)
        rule = self.overdue_type.severity_rule_ids
        # Written in SQL: the form refuses such a domain, an uninstall does not ask.
        self.env.cr.execute(
            "UPDATE dist_exception_severity_rule SET domain = %s WHERE id = %s",
            ("[('x_removed_field', '=', 1)]", rule.id),
        )
        rule.invalidate_recordset(["domain"])
        with freeze_time("2026-11-23 17:00:00"), self.assertLogs(TYPE_LOGGER, "ERROR") as logs:
            self.env["dist.exception.type"]._cron_run_detectors()
        self.assertIn("Detector of exception type approval_overdue failed", logs.output[0])
        self.assertIn("x_removed_field", self.overdue_type.detector_error)
        self.assertEqual(self.overdue_type.detector_last_run, datetime(2026, 11, 23, 17, 0))
        self.assertFalse(self._overdue_exceptions(request))
        self.assertTrue(self.env["res.partner"].search_count([]))

        rule.domain = "[('value', '>', 5000)]"
        with freeze_time("2026-11-23 17:15:00"):
            self.env["dist.exception.type"]._cron_run_detectors()
        self.assertFalse(self.overdue_type.detector_error)
        self.assertEqual(len(self._overdue_exceptions(request)), 1)

    def test_type_of_one_company_looks_at_that_company_only(self):
        """A detector type restricted to one company raises exceptions on that
        company's documents only, even though the scheduler sees every company."""
        company_b = self.env["res.company"].create({"name": "Distributor B", "dist_approval_overdue_hours": 8})
        rule_b = self.rule.copy({"company_id": company_b.id})
        rule_b.band_ids.group_id = self.env.ref("base.group_system")
        user_b = new_test_user(
            self.env,
            login="dist_rep_b",
            groups=f"base.group_user,{GROUP_SALES}",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        with freeze_time("2026-11-23 08:00:00"):
            request_a = self._request(self.customer, 200)
            request_b = (
                self.env["dist.approval.request"]
                .with_user(user_b)
                .create({"rule_id": rule_b.id, "res_model": "res.partner", "res_id": self.customer.id, "value": 300})
            )
        self.assertEqual(request_b.company_id, company_b)
        self.overdue_type.company_id = self.company
        with freeze_time("2026-11-23 17:00:00"):
            self.overdue_type._dist_run_detector()
        self.assertEqual(len(self._overdue_exceptions(request_a)), 1)
        self.assertFalse(self._overdue_exceptions(request_b))

        self.overdue_type.company_id = False
        with freeze_time("2026-11-23 17:15:00"):
            self.overdue_type._dist_run_detector()
        self.assertEqual(self._overdue_exceptions(request_b).company_id, company_b)

    def test_scheduler_runs_one_type_per_transaction(self):
        """Under the scheduler each call runs one detector type and reports how many
        remain, oldest pass first; types run since the previous pass ended are not
        run again, so a pass cut short goes on where it stopped."""
        detector_types = self._stagger_last_runs()
        with freeze_time("2026-11-23 08:00:00"):
            request = self._request(self.customer, 200)
        calls = []
        while True:
            progress = self._scheduler_call("2026-11-23 17:00:00")
            calls.append((progress.done, progress.remaining))
            if len(calls) == 1:
                # The type with the oldest pass goes first.
                self.assertEqual(self.overdue_type.detector_last_run, datetime(2026, 11, 23, 17, 0))
            if not progress.remaining:
                break
        count = len(detector_types)
        self.assertEqual(calls, [(1, count - 1 - i) for i in range(count)])
        self.assertEqual(set(detector_types.mapped("detector_last_run")), {datetime(2026, 11, 23, 17, 0)})
        self.assertEqual(len(self._overdue_exceptions(request)), 1)

        progress = self._scheduler_call("2026-11-23 17:05:00")
        self.assertEqual((progress.done, progress.remaining), (0, 0))
        self.assertEqual(set(detector_types.mapped("detector_last_run")), {datetime(2026, 11, 23, 17, 0)})

    def test_pass_triggers_itself_while_types_remain(self):
        """One call of the scheduled action (a Run Manually, say) runs one type and, while
        types remain, asks the scheduler to run again at once: the whole pass goes through
        without 19 clicks; the last call asks nothing more."""
        detector_types = self._stagger_last_runs()
        cron = self.env.ref("dist_exception_core.ir_cron_dist_run_detectors")
        triggers = self.env["ir.cron.trigger"].sudo()
        triggers.search([("cron_id", "=", cron.id)]).unlink()
        self._scheduler_call("2026-11-23 17:00:00")
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), 1)
        for _i in range(len(detector_types) - 1):
            progress = self._scheduler_call("2026-11-23 17:00:00")
        self.assertEqual(progress.remaining, 0)
        self.assertEqual(triggers.search_count([("cron_id", "=", cron.id)]), len(detector_types) - 1)

    def test_run_detector_runs_in_the_background(self):
        """Run Detector does not run the pass in the browser's request: it marks the type,
        triggers the scheduled action and says so; the next scheduled call runs that type
        first, whatever the others' last runs, and clears the mark. With the scheduled
        action archived it refuses, saying which one to switch on."""
        self._stagger_last_runs()
        with freeze_time("2026-11-23 08:00:00"):
            request = self._request(self.customer, 200)
        other = self.env["dist.exception.type"]._dist_scheduled_types() - self.overdue_type
        other[:1].detector_last_run = datetime(2026, 11, 23, 9, 0)
        cron = self.env.ref("dist_exception_core.ir_cron_dist_run_detectors")
        with freeze_time("2026-11-23 17:00:00"):
            action = self.overdue_type.with_user(self.leader).action_run_detector()
        self.assertEqual((action["tag"], action["params"]["title"]), ("display_notification", "Detector started"))
        self.assertTrue(self.overdue_type.detector_queued)
        self.assertFalse(self._overdue_exceptions(request))
        self.assertTrue(self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]))
        self._scheduler_call("2026-11-23 17:00:00")
        self.assertEqual(len(self._overdue_exceptions(request)), 1)
        self.assertFalse(self.overdue_type.detector_queued)
        cron.active = False
        with self.assertRaisesRegex(UserError, "is archived"):
            self.overdue_type.with_user(self.leader).action_run_detector()

    def test_scheduler_leaves_a_running_type_to_its_worker(self):
        """While another connection runs the overdue detector (holding its lock), the
        scheduler runs the next due type instead of waiting or running it twice."""
        detector_types = self._stagger_last_runs()
        others = detector_types - self.overdue_type
        # A connection of its own (the test cursor would share this session's locks).
        with sql_db.db_connect(self.env.cr.dbname).cursor() as other_worker:
            other_worker.execute("SELECT pg_advisory_xact_lock(%s, %s)", (DETECTOR_LOCK, self.overdue_type.id))
            progress = self._scheduler_call("2026-11-23 17:00:00")
            other_worker.rollback()
        self.assertEqual(self.overdue_type.detector_last_run, datetime(2026, 11, 23, 14, 0))
        ran = others.filtered(lambda t: t.detector_last_run == datetime(2026, 11, 23, 17, 0))
        self.assertEqual(len(ran), 1 if others else 0)
        self.assertEqual((progress.done, progress.remaining), (len(ran), len(detector_types) - len(ran)))
