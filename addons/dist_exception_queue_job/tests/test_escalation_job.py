# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from freezegun import freeze_time

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import DETECTION_TIME, DistQueueJobCase


class TestEscalationJob(DistQueueJobCase):
    def test_escalation_pass_is_one_job(self):
        """With a runner, the scheduled escalation enqueues the core's pass as one job:
        run again while it waits, it adds none; the job escalates each overdue exception
        once per level, and a second job escalates nothing more."""
        with freeze_time(DETECTION_TIME):
            self.overdue_type._dist_run_detector()
        exceptions = self._open_exceptions(self.overdue_type)
        self.assertEqual(len(exceptions), 5)
        self._start_runner()
        self.env["dist.exception"]._cron_escalate()
        self.env["dist.exception"]._cron_escalate()
        jobs = self._jobs([("identity_key", "=", "dist_escalation")])
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.channel, "root.dist_detectors")
        self.assertEqual(exceptions.mapped("escalation_level"), [0] * 5)
        # Monday 17:00 + 4 working hours to respond: overdue on Wednesday.
        with freeze_time("2026-11-25 12:00:00"):
            self.assertFalse(self._perform(jobs))
            levels = exceptions.mapped("escalation_level")
            self.assertTrue(all(levels))
            with trap_jobs() as trap:
                self.env["dist.exception"]._cron_escalate()
                trap.perform_enqueued_jobs()
        self.assertEqual(exceptions.mapped("escalation_level"), levels)
        for exc in exceptions:
            notes = " ".join(exc.message_ids.mapped(lambda m: str(m.body or "")))
            # One note per level climbed, none twice.
            self.assertEqual(
                sorted(re.findall(r"Escalated to level (\d+)", notes)),
                [str(level) for level in range(1, exc.escalation_level + 1)],
            )
