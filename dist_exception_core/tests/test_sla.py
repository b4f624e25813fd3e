# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import DistExceptionCase

# 2026-11-20 is a Friday.
FRIDAY_3PM = "2026-11-20 15:00:00"
DEADLINES = ["response_deadline", "resolution_deadline", "response_risk_date", "resolution_risk_date"]


@tagged("post_install", "-at_install")
class TestSla(DistExceptionCase):
    def test_deadlines_skip_the_weekend(self):
        """Raised Friday 15:00 with 4 h to respond and 16 h to resolve on an 8-17
        calendar: respond by Monday 10:00, resolve by Tuesday 15:00."""
        with freeze_time(FRIDAY_3PM):
            exc = self._create_exception()
        self.assertEqual(exc.response_deadline, datetime(2026, 11, 23, 10, 0))
        self.assertEqual(exc.resolution_deadline, datetime(2026, 11, 24, 15, 0))

    def test_severity_target_and_public_holiday(self):
        """A critical exception uses its severity's own target, and a company
        holiday on Monday moves the deadline to Tuesday."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": self.calendar.id,
                "date_from": "2026-11-23 00:00:00",
                "date_to": "2026-11-23 23:59:59",
            }
        )
        with freeze_time(FRIDAY_3PM):
            exc = self._create_exception(severity="3")
        self.assertEqual(exc.response_deadline, datetime(2026, 11, 20, 16, 0))
        self.assertEqual(exc.resolution_deadline, datetime(2026, 11, 24, 10, 0))

    def test_status_moves_from_on_track_to_breached(self):
        """The escalation pass refreshes the SLA: on track, at risk in the last quarter
        of the allowed time, then breached; the breach sticks after resolution."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
            exc.action_acknowledge()
            self.assertEqual(exc.sla_status, "on_track")
        # 16 working hours run to Tuesday 17:00; the last 25 % (4 h) starts Tuesday 12:00.
        with freeze_time("2026-11-24 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
            self.assertEqual(exc.sla_status, "at_risk")
        with freeze_time("2026-11-24 17:30:00"):
            self.env["dist.exception"]._cron_escalate()
            self.assertEqual(exc.sla_status, "breached")
            self.assertTrue(exc.sla_breached)
            exc._dist_resolve(self.root_cause, "Paid late.")
        self.assertEqual(exc.sla_status, "breached")
        self.assertTrue(exc.sla_breached)

    def test_live_status_between_refreshes(self):
        """What the inbox shows is the status now, not at the last refresh: with no pass run
        since Monday 08:00, Tuesday 12:30 reads at risk and Tuesday 17:30 breached, against
        the resolution deadline once the response is in; the stored status waits for the
        pass, which then agrees."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
            self.assertEqual((exc.sla_status, exc.dist_sla_live_status), ("on_track", "on_track"))
            self.assertEqual(exc.dist_sla_next_deadline, exc.response_deadline)
            exc.action_acknowledge()
            self.assertEqual(exc.dist_sla_next_deadline, exc.resolution_deadline)
        for moment, status in (("2026-11-24 12:30:00", "at_risk"), ("2026-11-24 17:30:00", "breached")):
            with freeze_time(moment):
                exc.invalidate_recordset(["dist_sla_live_status"])
                self.assertEqual((exc.sla_status, exc.dist_sla_live_status), ("on_track", status))
        with freeze_time("2026-11-24 17:30:00"):
            self.env["dist.exception"]._cron_escalate()
            exc.invalidate_recordset(["dist_sla_live_status"])
            self.assertEqual((exc.sla_status, exc.dist_sla_live_status), ("breached", "breached"))
            exc._dist_resolve(self.root_cause, "Done late.")
            self.assertEqual((exc.dist_sla_live_status, exc.dist_sla_next_deadline), ("breached", False))

    def test_resolved_in_time_is_met(self):
        """Acknowledged and resolved before the deadlines: the SLA is met."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
        with freeze_time("2026-11-23 09:00:00"):
            exc.action_start()
            exc._dist_resolve(self.root_cause, "Cleared with the customer.")
        self.assertEqual(exc.sla_status, "met")
        self.assertFalse(exc.sla_breached)

    def test_late_response_breaches(self):
        """Nobody acknowledged within the response target: breached, even though
        the resolution deadline is still ahead."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
        with freeze_time("2026-11-23 12:30:00"):
            self.env["dist.exception"]._cron_escalate()
        self.assertEqual(exc.sla_status, "breached")

    def test_hold_pauses_the_clock(self):
        """On hold from Monday 10:00 to Tuesday 10:00 (8 working hours): the status
        shows paused, nothing breaches meanwhile, and both deadlines move back by
        those working hours on resume."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
            exc.action_acknowledge()
        self.assertEqual(exc.resolution_deadline, datetime(2026, 11, 24, 17, 0))
        with freeze_time("2026-11-23 10:00:00"):
            exc.action_hold()
        with freeze_time("2026-11-24 10:00:00"):
            self.env["dist.exception"]._cron_escalate()
            self.assertEqual(exc.sla_status, "paused")
            exc.action_resume()
        self.assertEqual(exc.sla_paused_hours, 8)
        self.assertEqual(exc.resolution_deadline, datetime(2026, 11, 25, 17, 0))
        self.assertEqual(exc.state, "in_progress")
        with freeze_time("2026-11-25 09:00:00"):
            self.env["dist.exception"]._cron_escalate()
            self.assertEqual(exc.sla_status, "on_track")

    def test_resolving_from_hold_counts_the_pause(self):
        """Resolving straight from hold also credits the paused hours, so a fix that
        waited on the customer is not counted as late."""
        with freeze_time("2026-11-23 08:00:00"):
            exc = self._create_exception()
            exc.action_acknowledge()
        with freeze_time("2026-11-23 09:00:00"):
            exc.action_hold()
        with freeze_time("2026-11-25 09:00:00"):
            exc._dist_resolve(self.root_cause, "Customer sent the documents.")
        self.assertEqual(exc.sla_paused_hours, 16)
        self.assertEqual(exc.sla_status, "met")

    def test_batch_inserted_complete(self):
        """A detector's batch is inserted with its copied type fields, ladders, deadlines
        and SLA status worked out for the whole batch. In two companies, one on the
        8-12/13-17 calendar and one round the clock with its own ladder and targets, for
        two severities, and for one found three days late: each row is what Odoo's
        computes and the status refresh give it afterwards."""
        company_b = self.env["res.company"].create({"name": "Distributor B"})
        company_b.resource_calendar_id = False
        ladder_b = self.env["dist.escalation.ladder"].create({"name": "Ladder B", "company_id": company_b.id})
        self.exc_type.write(
            {
                "company_setting_ids": [
                    Command.create(
                        {
                            "company_id": company_b.id,
                            "ladder_id": ladder_b.id,
                            "response_hours": 2,
                            "resolution_hours": 6,
                        }
                    )
                ]
            }
        )
        friday = datetime(2026, 11, 20, 15, 0)
        rows = [
            (self.company, "1", friday),
            (self.company, "3", friday),
            (company_b, "1", friday),
            (self.company, "1", datetime(2026, 11, 17, 15, 0)),
        ]
        partners = self.env["res.partner"].create([{"name": f"Customer {n}"} for n in range(len(rows))])
        with freeze_time(FRIDAY_3PM):
            exceptions = (
                self.env["dist.exception"]
                .sudo()
                .create(
                    [
                        {
                            "type_id": self.exc_type.id,
                            "res_model": "res.partner",
                            "res_id": partner.id,
                            "company_id": company.id,
                            "severity": severity,
                            "detected_date": detected,
                        }
                        for partner, (company, severity, detected) in zip(partners, rows, strict=True)
                    ]
                )
            )
            # Worked out apart: the calendar's own planning, hours after the detection.
            expected = [
                {
                    "ladder_id": self.ladder.id,
                    "layer": "demand",
                    "kpi": "otif",
                    "response_deadline": datetime(2026, 11, 23, 10, 0),
                    "resolution_deadline": datetime(2026, 11, 24, 15, 0),
                    "response_risk_date": self.calendar.plan_hours(3, friday).replace(tzinfo=None),
                    "sla_status": "on_track",
                    "sla_breached": False,
                },
                {
                    "ladder_id": self.ladder.id,
                    "response_deadline": datetime(2026, 11, 20, 16, 0),
                    "resolution_deadline": datetime(2026, 11, 23, 10, 0),
                    "sla_status": "on_track",
                },
                {
                    "ladder_id": ladder_b.id,
                    "response_deadline": datetime(2026, 11, 20, 17, 0),
                    "resolution_deadline": datetime(2026, 11, 20, 21, 0),
                    "resolution_risk_date": datetime(2026, 11, 20, 19, 30),
                    "sla_status": "on_track",
                },
                {
                    "response_deadline": datetime(2026, 11, 18, 10, 0),
                    "resolution_deadline": datetime(2026, 11, 19, 15, 0),
                    "sla_status": "breached",
                    "sla_breached": True,
                },
            ]
            for exc, values in zip(exceptions, expected, strict=True):
                self.assertRecordValues(exc, [values])
            fnames = ["ladder_id", *DEADLINES, "sla_status", "sla_breached"]
            stored = exceptions.read(fnames, load=None)
            self.env.add_to_compute(exceptions._fields["response_deadline"], exceptions)
            self.env.add_to_compute(exceptions._fields["ladder_id"], exceptions)
            exceptions.flush_recordset()
            self.assertFalse(exceptions._dist_refresh_sla_status())
            exceptions.invalidate_recordset()
            self.assertEqual(
                exceptions.read(["ladder_id", *DEADLINES, "sla_status", "sla_breached"], load=None), stored
            )
