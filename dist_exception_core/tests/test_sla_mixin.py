# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time
from odoo_test_helper import FakeModelLoader

from odoo.fields import Command
from odoo.tests import tagged

from .common import DistExceptionCase


@tagged("post_install", "-at_install")
class TestSlaMixin(DistExceptionCase):
    """Another model gets deadlines on the working calendar, pause and resume, the
    status, the sticky breach and the escalation ladder by inheriting dist.sla.mixin."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A module of its own: reloading the core's models would drop other modules' fields.
        cls.loader = FakeModelLoader(cls.env, "odoo.addons.dist_sla_test")
        cls.loader.backup_registry()
        # Imported once the registry is backed up: the loader registers the class then.
        from .sla_test_models import DistSlaTestRecord  # noqa: PLC0415

        cls.loader.update_registry((DistSlaTestRecord,))
        cls.addClassCleanup(cls.loader.restore_registry)
        cls.record_ladder = cls.env["dist.escalation.ladder"].create(
            {
                "name": "Test records",
                "level_ids": [
                    Command.create({"level": 1, "deadline": "response", "action": "notify", "target": "manager"}),
                    Command.create({"level": 2, "deadline": "resolution", "action": "reassign", "target": "manager"}),
                ],
            }
        )

    def _record(self, **vals):
        return self.env["dist.sla.test.record"].create(
            {
                "name": "Test",
                "user_id": self.rep.id,
                "leader_id": self.leader.id,
                "ladder_id": self.record_ladder.id,
                **vals,
            }
        )

    def test_deadlines_on_the_calendar(self):
        """Friday 16:00 + 2 working hours is Monday 09:00; + 8 is Monday 16:00 (lunch 12-13)."""
        with freeze_time("2026-11-27 16:00:00"):
            record = self._record()
        self.assertEqual(record.answer_by, datetime(2026, 11, 30, 9, 0))
        self.assertEqual(record.done_by, datetime(2026, 11, 30, 16, 0))
        self.assertEqual(record.status, "on_track")

    def test_pause_pushes_deadlines_back(self):
        """Two working hours on hold move both deadlines two working hours later."""
        with freeze_time("2026-11-23 08:00:00"):
            record = self._record()
        with freeze_time("2026-11-23 09:00:00"):
            record.write(record._dist_sla_pause_values(datetime(2026, 11, 23, 9, 0)))
            record._dist_refresh_sla_status()
            self.assertEqual(record.status, "paused")
        with freeze_time("2026-11-23 11:00:00"):
            record.write(record._dist_sla_resume_values(datetime(2026, 11, 23, 11, 0)))
        self.assertEqual(record.paused_hours, 2.0)
        self.assertEqual(record.answer_by, datetime(2026, 11, 23, 12, 0))
        self.assertEqual(record.done_by, datetime(2026, 11, 24, 10, 0))

    def test_one_pass_escalates_it(self):
        """The scheduled pass that escalates exceptions escalates these records too: the
        leader gets a to-do past the response deadline, becomes the owner past the
        resolution deadline, each level once; the breach stays once the record is done."""
        with freeze_time("2026-11-23 08:00:00"):
            record = self._record()
        with freeze_time("2026-11-23 10:30:00"):
            result = self.env["dist.exception"]._cron_escalate()
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(result["dist.sla.test.record"], record)
        self.assertEqual(record.level, 1)
        self.assertEqual(record.status, "breached")
        self.assertEqual(record.activity_ids.user_id, self.leader)
        self.assertEqual(record.user_id, self.rep)
        with freeze_time("2026-11-23 17:30:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual((record.level, record.user_id), (2, self.leader))
        self.assertEqual(len(record.message_ids.filtered(lambda m: "Escalated to level" in (m.body or ""))), 2)
        record.done_date = datetime(2026, 11, 23, 17, 45)
        record._dist_refresh_sla_status()
        self.assertEqual((record.status, record.breached), ("breached", True))
