# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import GROUP_SALES, DistExceptionCase


@tagged("post_install", "-at_install")
class TestSecurity(DistExceptionCase):
    def test_user_cannot_change_configuration(self):
        """A rep reads exception types, ladders and thresholds but cannot change them."""
        for record in (self.exc_type, self.ladder, self.team, self.root_cause):
            with self.subTest(model=record._name):
                record.with_user(self.rep).check_access("read")
                with self.assertRaises(AccessError):
                    record.with_user(self.rep).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["dist.exception.type"].with_user(self.rep).create(
                {"name": "Mine", "code": "mine", "layer": "demand"}
            )
        self.assertEqual(self.exc_type.name, "Customer on stop")

    def test_manager_configures(self):
        """An exception manager can change exception types."""
        self.exc_type.with_user(self.leader).write({"resolution_hours": 20})
        self.assertEqual(self.exc_type.resolution_hours, 20)

    def test_user_without_role_sees_nothing(self):
        """An internal user without an exception role cannot read exceptions."""
        exc = self._create_exception()
        with self.assertRaises(AccessError):
            exc.with_user(self.plain_user).check_access("read")

    def test_companies_do_not_see_each_other(self):
        """A user of company B never sees company A's exceptions, and a rep works
        their own company's exceptions."""
        company_b = self.env["res.company"].create({"name": "Distributor B"})
        user_b = new_test_user(
            self.env,
            login="dist_user_b",
            groups=f"base.group_user,{GROUP_SALES}",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        exc_a = self._create_exception()
        exc_b = (
            self.env["dist.exception"]
            .with_company(company_b)
            .create({"type_id": self.env.ref("dist_exception_core.dist_exception_type_order_issue").id})
        )
        self.assertEqual(exc_b.company_id, company_b)
        visible_b = self.env["dist.exception"].with_user(user_b).search([])
        self.assertIn(exc_b, visible_b)
        self.assertNotIn(exc_a, visible_b)
        with self.assertRaises(AccessError):
            exc_a.with_user(user_b).read(["name"])
        self.assertNotIn(exc_b, self.env["dist.exception"].with_user(self.rep).search([]))

    def test_owner_of_another_company_never_assigned(self):
        """A shared type whose default owner works only for company A gives company B's
        exceptions no owner (nor A's team), where A's exceptions get that owner."""
        company_b = self.env["res.company"].create({"name": "Distributor B"})
        exc_type = self.env.ref("dist_exception_core.dist_exception_type_order_issue")
        exc_type.write({"user_id": self.rep.id, "team_id": False})
        self.team.company_id = self.company
        exc_type.team_id = self.team
        exc_a = self.env["dist.exception"].create({"type_id": exc_type.id})
        exc_b = self.env["dist.exception"].with_company(company_b).create({"type_id": exc_type.id})
        self.assertEqual((exc_a.user_id, exc_a.team_id), (self.rep, self.team))
        self.assertEqual(
            (exc_b.company_id, exc_b.user_id, exc_b.team_id), (company_b, self.env["res.users"], self.team.browse())
        )

    def test_new_company_reports_by_hand(self):
        """A user of a company created after the suite reports an exception by hand with a
        shared type whose team and owner belong to the first company: it is created in
        their company, without that team or owner, and they read it back."""
        company_b = self.env["res.company"].create({"name": "Distributor B"})
        user_b = new_test_user(
            self.env,
            login="dist_reporter_b",
            groups=f"base.group_user,{GROUP_SALES}",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.team.company_id = self.company
        self.exc_type.write({"team_id": self.team.id, "user_id": self.rep.id})
        exc = self.env["dist.exception"].with_user(user_b).create({"type_id": self.exc_type.id})
        self.assertRecordValues(exc.sudo(), [{"company_id": company_b.id, "team_id": False, "user_id": False}])
        self.assertEqual(exc.with_user(user_b).read(["state"])[0]["state"], "new")

    def test_type_per_company(self):
        """A shared type with settings for company B: B's exceptions get B's owner, team,
        ladder and targets (2 and 6 working hours from Monday 08:00 on the 8-12/13-17
        calendar: 10:00 and 15:00), A's keep the type's; B's owner must work for B."""
        company_b = self.env["res.company"].create({"name": "Distributor B", "resource_calendar_id": self.calendar.id})
        owner_b = new_test_user(
            self.env,
            login="dist_owner_b",
            groups=f"base.group_user,{GROUP_SALES}",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        team_b = self.env["dist.exception.team"].create({"name": "Desk B", "company_id": company_b.id})
        ladder_b = self.env["dist.escalation.ladder"].create({"name": "Ladder B", "company_id": company_b.id})
        self.exc_type.write(
            {
                "company_setting_ids": [
                    Command.create(
                        {
                            "company_id": company_b.id,
                            "user_id": owner_b.id,
                            "team_id": team_b.id,
                            "ladder_id": ladder_b.id,
                            "response_hours": 2,
                            "resolution_hours": 6,
                        }
                    )
                ]
            }
        )
        with freeze_time("2026-11-23 08:00:00"):
            exc_a = self._create_exception()
            exc_b = self.env["dist.exception"].with_company(company_b).create({"type_id": self.exc_type.id})
        self.assertRecordValues(
            exc_b,
            [
                {
                    "company_id": company_b.id,
                    "user_id": owner_b.id,
                    "team_id": team_b.id,
                    "ladder_id": ladder_b.id,
                    "response_deadline": datetime(2026, 11, 23, 10, 0),
                    "resolution_deadline": datetime(2026, 11, 23, 15, 0),
                }
            ],
        )
        self.assertEqual((exc_a.user_id, exc_a.ladder_id), (self.rep, self.ladder))
        with self.assertRaisesRegex(ValidationError, "does not work for"), self.env.cr.savepoint():
            self.exc_type.company_setting_ids.user_id = self.rep

    def test_rep_works_an_exception(self):
        """A rep acknowledges and resolves an exception through the buttons."""
        exc = self._create_exception().with_user(self.rep)
        exc.action_acknowledge()
        exc._dist_resolve(self.root_cause, "Cleared with finance.")
        self.assertEqual(exc.state, "resolved")

    def test_only_owner_team_or_manager_closes(self):
        """Resolving or cancelling is the owner's, their team's or a manager's decision:
        a buyer outside the team gets a clear error and the exception stays open; a
        team member and an exception manager can close it."""
        buyer = new_test_user(
            self.env,
            login="dist_buyer",
            groups="base.group_user,dist_exception_core.dist_exception_core_group_purchasing",
        )
        first, second, third = (
            self._create_exception(partner=self.env["res.partner"].create({"name": n})) for n in "abc"
        )
        for action in (
            lambda exc: exc._dist_resolve(self.root_cause, "Not mine to close."),
            lambda exc: exc.action_cancel(),
        ):
            with self.assertRaisesRegex(UserError, "only its owner \\(Rita Rep\\), the Order desk team"):
                action(first.with_user(buyer))
        self.assertEqual(first.state, "new")
        first.with_user(self.colleague)._dist_resolve(self.root_cause, "Cleared with finance.")
        second.with_user(self.leader).action_cancel()
        third.team_id = False
        with self.assertRaisesRegex(UserError, "only its owner \\(Rita Rep\\) or an exception manager"):
            third.with_user(self.colleague).action_cancel()
        self.assertEqual((first.state, second.state, third.state), ("resolved", "cancelled", "new"))
