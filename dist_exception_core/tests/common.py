# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

GROUP_USER = "dist_exception_core.dist_exception_core_group_user"
GROUP_MANAGER = "dist_exception_core.dist_exception_core_group_manager"
GROUP_SALES = "dist_exception_core.dist_exception_core_group_sales"
GROUP_MANAGEMENT = "dist_exception_core.dist_exception_core_group_management"


def office_calendar(env, name):
    """A Monday-to-Friday 8-12 / 13-17 UTC working calendar: the hours every SLA test counts in."""
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": "UTC",
            "attendance_ids": [
                Command.create(
                    {"name": "day", "dayofweek": str(day), "hour_from": start, "hour_to": end, "day_period": period}
                )
                for day in range(5)
                for start, end, period in ((8, 12, "morning"), (13, 17, "afternoon"))
            ],
        }
    )


class DistExceptionCase(TransactionCase):
    """A company on a Monday-to-Friday 8-12 / 13-17 UTC calendar, a team with a
    leader, and an exception type about partners with its own SLA and ladder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.calendar = office_calendar(cls.env, "Distributor hours (UTC)")
        cls.company.resource_calendar_id = cls.calendar
        cls.rep = new_test_user(cls.env, login="dist_rep", name="Rita Rep", groups=f"base.group_user,{GROUP_SALES}")
        cls.colleague = new_test_user(
            cls.env, login="dist_colleague", name="Carl Colleague", groups=f"base.group_user,{GROUP_SALES}"
        )
        cls.leader = new_test_user(
            cls.env, login="dist_leader", name="Lea Leader", groups=f"base.group_user,{GROUP_MANAGER}"
        )
        cls.director = new_test_user(
            cls.env, login="dist_director", name="Dan Director", groups=f"base.group_user,{GROUP_MANAGEMENT}"
        )
        cls.plain_user = new_test_user(cls.env, login="dist_plain", name="Pat Plain", groups="base.group_user")
        cls.team = cls.env["dist.exception.team"].create(
            {
                "name": "Order desk",
                "user_id": cls.leader.id,
                "member_ids": [Command.set((cls.rep | cls.colleague).ids)],
            }
        )
        cls.ladder = cls.env["dist.escalation.ladder"].create(
            {
                "name": "Test ladder",
                "level_ids": [
                    Command.create({"level": 1, "deadline": "response", "action": "notify", "target": "manager"}),
                    Command.create({"level": 2, "deadline": "resolution", "action": "reassign", "target": "manager"}),
                    Command.create(
                        {
                            "level": 3,
                            "deadline": "resolution",
                            "delay_hours": 24,
                            "action": "notify",
                            "target": "group",
                            "group_id": cls.env.ref(GROUP_MANAGEMENT).id,
                            "raise_severity": True,
                        }
                    ),
                ],
            }
        )
        cls.exc_type = cls.env["dist.exception.type"].create(
            {
                "name": "Customer on stop",
                "code": "test_customer_stop",
                "layer": "demand",
                "kpi": "otif",
                "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                "default_severity": "1",
                "team_id": cls.team.id,
                "user_id": cls.rep.id,
                "ladder_id": cls.ladder.id,
                "response_hours": 4,
                "resolution_hours": 16,
                "sla_ids": [Command.create({"severity": "3", "response_hours": 1, "resolution_hours": 4})],
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Hospital Group", "dist_customer_tier": "strategic"})
        cls.other_customer = cls.env["res.partner"].create({"name": "Corner Shop"})
        cls.root_cause = cls.env.ref("dist_exception_core.dist_root_cause_credit")

    @classmethod
    def _create_exception(cls, partner=None, **values):
        partner = partner or cls.customer
        return cls.env["dist.exception"].create(
            dict(
                {
                    "type_id": cls.exc_type.id,
                    "res_model": "res.partner",
                    "res_id": partner.id,
                    "partner_id": partner.id,
                },
                **values,
            )
        )


class DistDetectorCase(DistExceptionCase):
    """The core's own detector, 'Approval overdue', on requests of a write-off rule:
    a request pending more than 8 hours is overdue; one above 5,000 is severity 3."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overdue_type = cls.env.ref("dist_exception_core.dist_exception_type_approval_overdue")
        cls.overdue_type.severity_rule_ids = [
            Command.clear(),
            Command.create({"name": "Large", "domain": "[('value', '>', 5000)]", "severity": "3"}),
        ]
        cls.company.dist_approval_overdue_hours = 8
        # Start from no pending request, whatever the demo data holds.
        cls.env["dist.approval.request"].search([("state", "=", "pending")]).write({"state": "cancelled"})
        # Approval codes are declared: the core's own, on the company's data rule.
        cls.rule = cls.env.ref("dist_exception_core.dist_approval_rule_exception_cost")
        cls.rule.write(
            {
                "name": "Write-off",
                "active": True,
                "band_ids": [
                    Command.clear(),
                    Command.create({"min_value": 100, "group_id": cls.env.ref(GROUP_MANAGER).id}),
                ],
            }
        )

    def _request(self, partner, value):
        return (
            self.env["dist.approval.request"]
            .with_user(self.rep)
            .create({"rule_id": self.rule.id, "res_model": "res.partner", "res_id": partner.id, "value": value})
        )

    def _overdue_exceptions(self, requests):
        return self.env["dist.exception"].search(
            [("type_id", "=", self.overdue_type.id), ("res_id", "in", requests.ids)]
        )
