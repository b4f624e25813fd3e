# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_exception_type import DETECTOR_LOCK
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Seed of the locks of one type's pass over one company's documents:
# pg_try_advisory_xact_lock(hashtextextended('<type id>:<company id>', PASS_LOCK_SEED)).
PASS_LOCK_SEED = 31_337_003
# A pass running elsewhere on the same documents: try again this much later.
RETRY_SECONDS = 10
# Run Detector goes before the scheduled passes waiting in the channel.
PRIORITY_SCHEDULED = 10
PRIORITY_REQUESTED = 5
JOBS_ACTIVE = ("wait_dependencies", "pending", "enqueued", "started")


class DistExceptionType(models.Model):
    """Detector passes as queue jobs, one per exception type and company, once a job
    runner serves the database; the core's scheduled pass otherwise."""

    _inherit = "dist.exception.type"

    detector_job_count = fields.Integer(
        string="Detector Jobs",
        compute="_compute_detector_job_counts",
        help="This type's detector jobs waiting or running, one per company.",
    )
    detector_job_failed_count = fields.Integer(
        string="Failed Detector Jobs",
        compute="_compute_detector_job_counts",
        help="This type's detector jobs that failed and wait to be requeued or cancelled.",
    )

    def _compute_detector_job_counts(self):
        companies = self._dist_all_companies()
        keys = {
            self._dist_job_key(exc_type, company): exc_type.id
            for exc_type in self
            if exc_type.id
            for company in companies
        }
        groups = (
            self.env["queue.job"]
            .sudo()
            ._read_group(
                [("identity_key", "in", list(keys)), ("state", "in", (*JOBS_ACTIVE, "failed"))],
                groupby=["identity_key", "state"],
                aggregates=["__count"],
            )
        )
        active, failed = {}, {}
        for key, state, count in groups:
            counts = failed if state == "failed" else active
            counts[keys[key]] = counts.get(keys[key], 0) + count
        for exc_type in self:
            exc_type.detector_job_count = active.get(exc_type.id, 0)
            exc_type.detector_job_failed_count = failed.get(exc_type.id, 0)

    def action_run_detector(self):
        if not self._dist_job_runner_serves():
            return super().action_run_detector()
        self.ensure_one()
        if not self.detector_available:
            return super().action_run_detector()
        self._dist_delay_detector_jobs(priority=PRIORITY_REQUESTED)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Detector queued"),
                "message": self.env._(
                    "The detector of “%s” runs as a job for each company; reload the list of its exceptions "
                    "in a moment.",
                    self.name,
                ),
                "next": self.action_view_exceptions(),
            },
        }

    def action_view_detector_jobs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        keys = [self._dist_job_key(self, company) for company in self._dist_all_companies()]
        action["domain"] = [("identity_key", "in", keys)]
        action["context"] = {}
        return action

    @api.model
    def _cron_run_detectors(self):
        """With a job runner, the scheduled action only enqueues the passes: one job per
        due type and company, which every worker of every server shares."""
        if not self._dist_job_runner_serves():
            return super()._cron_run_detectors()
        self._dist_scheduled_types()._dist_delay_detector_jobs()
        return None

    @api.model
    def _dist_job_runner_serves(self):
        """Whether queue_job's job runner serves this database: while it runs it holds its
        master lock there (a session-level advisory lock), whichever server it runs on.
        Without one, jobs would wait for ever: the core's scheduled pass runs instead."""
        key = PG_ADVISORY_LOCK_ID
        self.env.cr.execute(
            SQL(
                """
                SELECT EXISTS(
                    SELECT 1
                      FROM pg_locks
                     WHERE locktype = 'advisory' AND granted AND objsubid = 1
                       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND classid::bigint = %s AND objid::bigint = %s
                )
                """,
                key >> 32,
                key & 0xFFFFFFFF,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _dist_job_key(self, exc_type, company):
        """Identity key of ``exc_type``'s detector job over ``company``: while one waits,
        enqueuing the same pass again adds nothing."""
        return f"dist_detector:{exc_type.id}:{company.id}"

    @api.model
    def _dist_home_company(self):
        """The company of the scheduled action's user: the core's pass gives its company
        to the exceptions on documents of no company, so its job takes them."""
        return self.env.ref("dist_exception_core.ir_cron_dist_run_detectors").sudo().user_id.company_id

    def _dist_detector_companies(self, home):
        """The companies whose documents this type's detector looks at, one job each: the
        type's company (and ``home``, for documents of no company), or every company."""
        self.ensure_one()
        if self.company_id:
            return self.company_id | home
        return self._dist_all_companies()

    @api.model
    def _dist_all_companies(self):
        """Every company, archived ones too: the core's pass looks at all documents."""
        return self.env["res.company"].sudo().search([("active", "in", (True, False))])

    def _dist_delay_detector_jobs(self, priority=PRIORITY_SCHEDULED):
        """Enqueue one detector job per type of ``self`` and company, as the scheduled
        action's user (the user who asks for a pass need not be able to run it)."""
        cron_user = self.env.ref("dist_exception_core.ir_cron_dist_run_detectors").sudo().user_id
        home = self._dist_home_company()
        for exc_type in self.with_user(cron_user).with_company(home):
            for company in exc_type._dist_detector_companies(home):
                exc_type.with_delay(
                    priority=priority,
                    identity_key=self._dist_job_key(exc_type, company),
                    description=self.env._(
                        "Detector of %(type)s in %(company)s", type=exc_type.code, company=company.name
                    ),
                )._dist_detector_job(company, company == home)

    def _dist_detector_job(self, company, home):
        """The detector pass of this type over ``company``'s documents (and, for the
        ``home`` company, over those of no company): a queue job, one transaction.

        Takes the core's lock of the type in shared mode (the core's pass of the whole
        type, which takes it alone, and this job exclude each other, jobs of one type in
        two companies do not) and the lock of the type in this company: a second job on
        the same documents is retried once the first is done, never run alongside it.
        """
        self.ensure_one()
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock_shared(%s, %s)", [DETECTOR_LOCK, self.id])
        locked = cr.fetchone()[0]
        if locked:
            cr.execute(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, %s))",
                [f"{self.id}:{company.id}", PASS_LOCK_SEED],
            )
            locked = cr.fetchone()[0]
        if not locked:
            raise RetryableJobError(
                f"Detector of {self.code} in company {company.id} is running in another worker",
                seconds=RETRY_SECONDS,
                ignore_retry=True,
            )
        found = self._dist_applicable(getattr(self.env[self.res_model], self._dist_detector_method())(self))
        found = self._dist_company_share(found, company, home)
        # Exceptions on documents of no company get the job's company, as the core's pass
        # gives them its user's.
        created, cleared = (
            self.env["dist.exception"]
            .with_company(company)
            .with_context(dist_job_company_id=company.id)
            ._dist_sync(self, found)
        )
        return f"{len(created)} exceptions raised, {len(cleared)} cleared"

    @api.model
    def _dist_company_share(self, records, company, home):
        """The ``records`` of ``company`` (with, for the ``home`` company, those of none),
        in one query."""
        if "company_id" not in records._fields:
            return records if home else records.browse()
        domain = [("company_id", "in", (company.id, False))] if home else [("company_id", "=", company.id)]
        return records.browse(records.with_context(active_test=False)._search([("id", "in", records.ids), *domain]))
