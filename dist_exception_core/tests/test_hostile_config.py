# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DistExceptionCase

HOSTILE_DOMAINS = [
    "[('no_such_field', '=', 1)]",
    "this is not python",
    "__import__('os').system('true')",
    "[('name', 'in')]",
    "{'not': 'a list'}",
    "[('name', '=', ref('base.main_company'))]",
    "[" * 200,
]


@tagged("post_install", "-at_install")
class TestHostileConfiguration(DistExceptionCase):
    """A table of hostile values for every configuration model: each one is refused with
    a clear error (a UserError, ValidationError included) and leaves the record exactly
    as it was."""

    def _assert_refused(self, record, values):
        fields_read = list(values)
        before = record.read(fields_read)[0]
        with (
            self.assertRaises(UserError, msg=f"{record._name} accepted {values}"),
            self.env.cr.savepoint(),
        ):
            record.write(values)
            record.flush_recordset()
        record.invalidate_recordset()
        self.assertEqual(record.read(fields_read)[0], before, f"{record._name} changed after refusing {values}")

    def test_exception_type_values(self):
        """Negative SLA targets, at-risk shares outside 0-100 and malformed codes."""
        for values in (
            {"response_hours": -1},
            {"resolution_hours": -0.5},
            {"at_risk_percent": 101},
            {"at_risk_percent": -1},
            {"code": "Bad Code"},
            {"code": "1starts_with_digit"},
            {"code": "semi;colon"},
            {"code": "x" * 10 + "'; DROP TABLE dist_exception; --"},
        ):
            self._assert_refused(self.exc_type, values)

    def test_sla_per_severity_values(self):
        """Negative per-severity targets."""
        sla = self.exc_type.sla_ids[:1]
        for values in ({"response_hours": -2}, {"resolution_hours": -3}):
            self._assert_refused(sla, values)

    def test_severity_rule_domains(self):
        """Unknown fields, non-Python text, code injection, malformed and non-list domains."""
        rule = self.env["dist.exception.severity.rule"].create(
            {
                "type_id": self.exc_type.id,
                "name": "Strategic",
                "severity": "2",
                "domain": "[('dist_customer_tier', '=', 'strategic')]",
            }
        )
        for domain in HOSTILE_DOMAINS:
            self._assert_refused(rule, {"domain": domain})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["dist.exception.severity.rule"].create(
                {"type_id": self.exc_type.id, "name": "Injected", "severity": "2", "domain": HOSTILE_DOMAINS[2]}
            )

    def test_escalation_levels(self):
        """Levels below 1, negative delays, targets without their user or group, a
        reassignment to a whole team and a level number used twice."""
        level = self.ladder.level_ids.filtered(lambda lv: lv.level == 1)
        for values in (
            {"level": 0},
            {"level": -3},
            {"delay_hours": -1},
            {"target": "user", "user_id": False},
            {"target": "group", "group_id": False},
            {"action": "reassign", "target": "team"},
            {"level": 2},
        ):
            self._assert_refused(level, values)

    def test_approval_bands_and_company_settings(self):
        """Bands below zero or ending before they start; a negative approval waiting time."""
        rule = self.env["dist.approval.rule"].create(
            {
                "name": "Hostile rule",
                "code": "exception_cost",
                "company_id": self.env["res.company"].create({"name": "Hostile distributor"}).id,
                "model_id": self.env["ir.model"]._get_id("dist.exception"),
                "band_ids": [
                    Command.create(
                        {
                            "min_value": 100,
                            "max_value": 500,
                            "group_id": self.env.ref("dist_exception_core.dist_exception_core_group_manager").id,
                        }
                    )
                ],
            }
        )
        band = rule.band_ids
        for values in ({"min_value": -1}, {"max_value": 50}):
            self._assert_refused(band, values)
        self._assert_refused(self.company, {"dist_approval_overdue_hours": -4})

    def test_calendar(self):
        """Calendars Odoo accepts but that make no sense (a working day ending before it
        starts, no working time at all) do not stop exceptions: the inverted day adds no
        working time, and without any working time deadlines run round the clock."""
        attendance = self.calendar.attendance_ids[:1]
        attendance.write({"hour_from": 15, "hour_to": 9})
        self.assertTrue(self._create_exception().resolution_deadline)
        self.calendar.attendance_ids.unlink()
        exc = self._create_exception(partner=self.other_customer)
        self.assertEqual(exc.resolution_deadline, exc.detected_date + timedelta(hours=16))
