# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import sql_db
from odoo.addons.dist_exception_core.tests.common import GROUP_SALES, DistDetectorCase
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

DETECTION_TIME = "2026-11-23 17:00:00"


@tagged("post_install", "-at_install")
class DistQueueJobCase(DistDetectorCase):
    """The core's 'Approval overdue' detector and a second type on the same detector
    (the only ones scheduled), overdue requests in two companies, and a job runner:
    another connection holding the runner's master lock, as queue_job's runner does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dist.exception.type"].search([]).detector_active = False
        cls.overdue_type.detector_active = True
        cls.twin_type = cls.overdue_type.copy({"name": "Approval overdue (twin)", "code": "test_overdue_twin"})
        cls.company_b = cls.env["res.company"].create({"name": "Distributor B", "dist_approval_overdue_hours": 8})
        cls.rule_b = cls.rule.copy({"company_id": cls.company_b.id})
        cls.rule_b.band_ids.group_id = cls.env.ref("base.group_system")
        cls.rep_b = new_test_user(
            cls.env,
            login="dist_rep_qb",
            groups=f"base.group_user,{GROUP_SALES}",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.home = cls.env["dist.exception.type"]._dist_home_company()
        with freeze_time("2026-11-23 08:00:00"):
            cls.requests_a = cls.env["dist.approval.request"]
            for value in (200, 6000, 300):
                cls.requests_a |= cls._request_in(cls.rep, cls.rule, value)
            cls.requests_b = cls._request_in(cls.rep_b, cls.rule_b, 400) | cls._request_in(cls.rep_b, cls.rule_b, 7000)
        with freeze_time("2026-11-23 16:00:00"):
            # Filed an hour ago: not overdue at detection time.
            cls.recent_a = cls._request_in(cls.rep, cls.rule, 500)

    @classmethod
    def _request_in(cls, user, rule, value):
        return (
            cls.env["dist.approval.request"]
            .with_user(user)
            .create({"rule_id": rule.id, "res_model": "res.partner", "res_id": cls.customer.id, "value": value})
        )

    def _start_runner(self):
        """Hold the job runner's master lock on this database from another connection,
        until the end of the test."""
        runner = sql_db.db_connect(self.env.cr.dbname).cursor()
        self.addCleanup(runner.close)
        runner.execute("SELECT pg_advisory_xact_lock(%s)", [PG_ADVISORY_LOCK_ID])

    def _jobs(self, domain=()):
        return self.env["queue.job"].search([("identity_key", "like", "dist_%"), *domain], order="id")

    def _perform(self, jobs):
        """Run each job on its own, as a job runner does: a job that fails is rolled back
        alone. Returns {job: the error it raised}."""
        errors = {}
        for record in jobs:
            job = Job.load(self.env, record.uuid)
            try:
                with self.env.cr.savepoint():
                    job.perform()
            except Exception as error:
                errors[record] = error
        self.env.invalidate_all()
        return errors

    def _open_exceptions(self, exc_type):
        return self.env["dist.exception"].search(
            [("type_id", "=", exc_type.id), ("state", "in", ("new", "acknowledged", "in_progress", "on_hold"))]
        )
