# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import sql_db
from odoo.addons.dist_exception_core.models.dist_exception_type import DETECTOR_LOCK
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.tools import mute_logger

from ..models.dist_exception_type import PASS_LOCK_SEED, PRIORITY_REQUESTED, PRIORITY_SCHEDULED
from .common import DETECTION_TIME, DistQueueJobCase


class TestDetectorJobs(DistQueueJobCase):
    def _expected_keys(self, exc_types):
        companies = self.env["res.company"].with_context(active_test=False).search([])
        return {f"dist_detector:{exc_type.id}:{company.id}" for exc_type in exc_types for company in companies}

    def _snapshot(self, exc_type):
        """(source request, company, severity, owner) of each open exception of ``exc_type``."""
        return {
            (exc.res_id, exc.company_id.id, exc.severity, exc.user_id.id) for exc in self._open_exceptions(exc_type)
        }

    def test_without_runner_the_core_pass_runs(self):
        """No job runner serves the database: the scheduled action runs the core's pass
        itself (jobs would wait for ever) and Run Detector marks the type for it."""
        self.assertFalse(self.env["dist.exception.type"]._dist_job_runner_serves())
        with freeze_time(DETECTION_TIME):
            self.env["dist.exception.type"]._cron_run_detectors()
        self.assertFalse(self._jobs())
        self.assertEqual(
            set(self._open_exceptions(self.overdue_type).mapped("res_id")), set((self.requests_a | self.requests_b).ids)
        )
        action = self.twin_type.with_user(self.leader).action_run_detector()
        self.assertEqual(action["params"]["title"], "Detector started")
        self.assertTrue(self.twin_type.detector_queued)
        self.assertFalse(self._jobs())

    def test_one_job_per_type_and_company_enqueued_once(self):
        """With a runner, the scheduled action enqueues one job per scheduled type and
        company, on the detectors' channel, keyed by type and company, and runs nothing
        itself; run again while they wait, it adds none."""
        self._start_runner()
        self.assertTrue(self.env["dist.exception.type"]._dist_job_runner_serves())
        self.env["dist.exception.type"]._cron_run_detectors()
        jobs = self._jobs()
        types = self.overdue_type | self.twin_type
        self.assertEqual(set(jobs.mapped("identity_key")), self._expected_keys(types))
        self.assertEqual(len(jobs), len(self._expected_keys(types)))
        self.assertEqual(set(jobs.mapped("channel")), {"root.dist_detectors"})
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertEqual(set(jobs.mapped("priority")), {PRIORITY_SCHEDULED})
        self.assertEqual(set(jobs.mapped("user_id")), {self.env.ref("base.user_root")})
        self.assertFalse(self._open_exceptions(self.overdue_type))

        self.env["dist.exception.type"]._cron_run_detectors()
        self.assertEqual(self._jobs(), jobs)
        # Run Detector on a type whose jobs wait adds none either.
        self.overdue_type.with_user(self.leader).action_run_detector()
        self.assertEqual(self._jobs(), jobs)
        self.assertEqual(
            self.overdue_type.detector_job_count,
            len(self.env["res.company"].with_context(active_test=False).search([])),
        )

        # Once they are done, the next pass enqueues new ones.
        self.env.cr.execute("UPDATE queue_job SET state = 'done' WHERE id = ANY(%s)", [jobs.ids])
        jobs.invalidate_recordset(["state"])
        self.env["dist.exception.type"]._cron_run_detectors()
        self.assertEqual(len(self._jobs() - jobs), len(jobs))
        self.assertFalse(self.overdue_type.detector_queued)

    def test_run_detector_enqueues_its_type_first(self):
        """Run Detector enqueues the type's jobs only, ahead of the scheduled ones, as the
        scheduled action's user, and says so."""
        self._start_runner()
        with trap_jobs() as trap:
            action = self.twin_type.with_user(self.leader).action_run_detector()
        self.assertEqual(action["params"]["title"], "Detector queued")
        companies = self.env["res.company"].with_context(active_test=False).search([])
        trap.assert_jobs_count(len(companies))
        for company in companies:
            trap.assert_enqueued_job(
                self.twin_type._dist_detector_job,
                args=(company, company == self.home),
                properties={
                    "priority": PRIORITY_REQUESTED,
                    "identity_key": f"dist_detector:{self.twin_type.id}:{company.id}",
                },
            )
        self.assertEqual({job.recordset.env.uid for job in trap.enqueued_jobs}, {self.env.ref("base.user_root").id})
        self.assertFalse(self.twin_type.detector_queued)

    def test_jobs_raise_what_the_core_pass_raises(self):
        """Run one by one, the jobs raise the same exceptions as the core's pass of each
        type (same requests, companies, severities and owners), each once; run again,
        nothing more."""
        expected_ids = set((self.requests_a | self.requests_b).ids)
        types = self.overdue_type | self.twin_type
        self.env.cr.execute("SAVEPOINT core_pass")
        with freeze_time(DETECTION_TIME):
            for exc_type in types:
                exc_type._dist_run_detector()
        core = {exc_type: self._snapshot(exc_type) for exc_type in types}
        self.env.flush_all()
        self.env.cr.execute("ROLLBACK TO SAVEPOINT core_pass")
        self.env.invalidate_all()
        self.assertEqual({res_id for res_id, *_rest in core[self.overdue_type]}, expected_ids)
        self.assertFalse(self._open_exceptions(self.overdue_type))

        self._start_runner()
        with trap_jobs() as trap:
            self.env["dist.exception.type"]._cron_run_detectors()
            with freeze_time(DETECTION_TIME):
                trap.perform_enqueued_jobs()
        for exc_type in types:
            self.assertEqual(self._snapshot(exc_type), core[exc_type])
        by_company = {
            company: set(
                self._open_exceptions(self.overdue_type)
                .filtered(lambda e, c=company: e.company_id == c)
                .mapped("res_id")
            )
            for company in (self.company, self.company_b)
        }
        self.assertEqual(by_company, {self.company: set(self.requests_a.ids), self.company_b: set(self.requests_b.ids)})
        # Over 5,000: severity 3 in both companies.
        large = self._open_exceptions(self.overdue_type).filtered(lambda e: e.severity == "3")
        self.assertEqual(set(large.mapped("res_id")), {self.requests_a[1].id, self.requests_b[1].id})

        with trap_jobs() as trap:
            self.env["dist.exception.type"]._cron_run_detectors()
            with freeze_time(DETECTION_TIME):
                trap.perform_enqueued_jobs()
        self.assertEqual(len(self._open_exceptions(self.overdue_type)), len(expected_ids))

    def test_a_company_job_leaves_other_companies_alone(self):
        """A company's job raises and clears that company's exceptions only: a request of
        company B approved meanwhile is cleared by B's job, not by A's."""
        self._start_runner()
        with trap_jobs() as trap:
            self.env["dist.exception.type"]._cron_run_detectors()
            with freeze_time(DETECTION_TIME):
                trap.perform_enqueued_jobs()
        self.requests_b[0].sudo().state = "approved"
        self.requests_a[0].sudo().state = "approved"
        exception_b = self._open_exceptions(self.overdue_type).filtered(lambda e: e.res_id == self.requests_b[0].id)
        self.assertTrue(exception_b)
        with freeze_time("2026-11-23 18:00:00"):
            result = self.overdue_type._dist_detector_job(self.company, self.company == self.home)
        self.assertIn("1 cleared", result)
        self.assertIn(exception_b, self._open_exceptions(self.overdue_type))
        self.assertNotIn(self.requests_a[0].id, self._open_exceptions(self.overdue_type).mapped("res_id"))
        with freeze_time("2026-11-23 18:00:00"):
            result = self.overdue_type._dist_detector_job(self.company_b, self.company_b == self.home)
        self.assertEqual(result, "0 exceptions raised, 1 cleared")
        self.assertEqual(exception_b.state, "resolved")

    def test_a_failing_type_does_not_stop_the_others(self):
        """The twin type's detector breaks (a severity rule on a field that is gone): its
        jobs fail, and the overdue type's jobs still raise their exceptions."""
        rule = self.twin_type.severity_rule_ids
        # Written in SQL: the form refuses such a domain, an uninstall does not ask.
        self.env.cr.execute(
            "UPDATE dist_exception_severity_rule SET domain = %s WHERE id = %s",
            ("[('x_removed_field', '=', 1)]", rule.id),
        )
        rule.invalidate_recordset(["domain"])
        self._start_runner()
        self.env["dist.exception.type"]._cron_run_detectors()
        jobs = self._jobs()
        with freeze_time(DETECTION_TIME), mute_logger("odoo.sql_db"):
            errors = self._perform(jobs)
        # The twin's jobs with overdue requests to rate fail, in both companies.
        failed = {f"dist_detector:{self.twin_type.id}:{company.id}" for company in (self.company, self.company_b)}
        self.assertEqual({job.identity_key for job in errors}, failed)
        self.assertTrue(all("x_removed_field" in str(error) for error in errors.values()))
        self.assertEqual(
            set(self._open_exceptions(self.overdue_type).mapped("res_id")), set((self.requests_a | self.requests_b).ids)
        )
        self.assertFalse(self._open_exceptions(self.twin_type))


class TestPassLocks(DistQueueJobCase):
    """On its own: the test's transaction keeps the locks its jobs take until the class ends."""

    def test_a_pass_running_elsewhere_is_retried_later(self):
        """While the core's pass of the whole type runs in another worker, or another
        worker runs the type over the company (each holds its lock), the job is retried
        later without using up its retries; the job of another company runs meanwhile."""
        with sql_db.db_connect(self.env.cr.dbname).cursor() as other_worker:
            other_worker.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [DETECTOR_LOCK, self.overdue_type.id])
            self.assertTrue(other_worker.fetchone()[0])
            with self.assertRaises(RetryableJobError) as caught, freeze_time(DETECTION_TIME):
                self.overdue_type._dist_detector_job(self.company, self.company == self.home)
            self.assertTrue(caught.exception.ignore_retry)
            other_worker.rollback()

            other_worker.execute(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, %s))",
                [f"{self.overdue_type.id}:{self.company.id}", PASS_LOCK_SEED],
            )
            self.assertTrue(other_worker.fetchone()[0])
            with self.assertRaises(RetryableJobError), freeze_time(DETECTION_TIME):
                self.overdue_type._dist_detector_job(self.company, self.company == self.home)
            with freeze_time(DETECTION_TIME):
                result = self.overdue_type._dist_detector_job(self.company_b, self.company_b == self.home)
            self.assertEqual(result, "2 exceptions raised, 0 cleared")
            other_worker.rollback()
        with freeze_time(DETECTION_TIME):
            result = self.overdue_type._dist_detector_job(self.company, self.company == self.home)
        self.assertEqual(result, "3 exceptions raised, 0 cleared")
