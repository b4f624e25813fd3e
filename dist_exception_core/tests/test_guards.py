# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from xmlrpc.client import Fault

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP_MANAGER, GROUP_SALES, DistExceptionCase


@tagged("post_install", "-at_install")
class TestModelGuards(DistExceptionCase):
    def _cost_rule(self):
        """The company's exception cost threshold, one band above 100 for managers."""
        rule = self.env.ref("dist_exception_core.dist_approval_rule_exception_cost")
        rule.write(
            {
                "active": True,
                "band_ids": [
                    Command.clear(),
                    Command.create({"min_value": 100, "group_id": self.env.ref(GROUP_MANAGER).id}),
                ],
            }
        )
        return rule

    """The rules of the lifecycle and of the approvals hold in create and write, not only in
    the buttons and the read-only fields of the views."""

    def test_exception_lifecycle_fields_need_the_buttons(self):
        exc = self._create_exception()
        before = exc.read(["state", "escalation_level", "sla_status", "hold_date", "resolved_date"])[0]
        for vals in (
            {"state": "resolved"},
            {"state": "cancelled"},
            {"escalation_level": 0, "last_escalation_date": False},
            {"sla_status": "on_track"},
            {"sla_breached": False},
            {"hold_date": "2026-01-01 00:00:00"},
            {"response_deadline": "2030-01-01 00:00:00"},
        ):
            for user in (self.rep, self.leader):
                with self.subTest(vals=vals, user=user.login), self.assertRaises(UserError):
                    exc.with_user(user).write(vals)
        self.assertEqual(exc.read(list(before))[0], before)

    def test_only_owner_team_or_manager_act(self):
        """A rep outside the team cannot hold, acknowledge, cancel or reassign the exception."""
        outsider = new_test_user(
            self.env,
            login="dist_outsider",
            groups=f"base.group_user,{GROUP_SALES}",
        )
        exc = self._create_exception()
        for action in ("action_acknowledge", "action_start", "action_hold", "action_cancel"):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, "only its owner"):
                getattr(exc.with_user(outsider), action)()
        with self.assertRaisesRegex(UserError, "only its owner"):
            exc.with_user(outsider).write({"user_id": outsider.id})
        with self.assertRaisesRegex(UserError, "only its owner"):
            exc.with_user(outsider).write({"team_id": False})
        self.assertEqual((exc.state, exc.user_id, exc.team_id), ("new", self.rep, self.team))
        # A team member holds and resumes it; the leader reassigns it.
        exc.with_user(self.colleague).action_hold()
        self.assertEqual(exc.state, "on_hold")
        exc.with_user(self.colleague).action_resume()
        exc.with_user(self.leader).write({"user_id": self.colleague.id})
        self.assertEqual((exc.state, exc.user_id), ("in_progress", self.colleague))

    def test_reported_exception_starts_new(self):
        values = {"type_id": self.exc_type.id, "partner_id": self.customer.id}
        for extra in ({"state": "resolved"}, {"escalation_level": 3}, {"sla_status": "on_track"}):
            with self.subTest(extra=extra), self.assertRaises(UserError):
                self.env["dist.exception"].with_user(self.rep).create(dict(values, **extra))
        exc = self.env["dist.exception"].with_user(self.rep).create(values)
        self.assertEqual((exc.state, exc.escalation_level), ("new", 0))

    def test_request_is_filed_pending_in_own_name(self):
        rule = self._cost_rule()
        values = {"rule_id": rule.id, "res_model": "res.partner", "res_id": self.customer.id, "value": 500}
        requests = self.env["dist.approval.request"]
        for extra in (
            {"state": "approved"},
            {"decided_by_id": self.leader.id},
            {"requested_by_id": self.colleague.id},
        ):
            with self.subTest(extra=extra), self.assertRaises(UserError):
                requests.with_user(self.rep).create(dict(values, **extra))
        # An approver who files a request in someone's name is refused too, and cannot decide
        # a request she filed herself.
        with self.assertRaisesRegex(UserError, "own name"):
            requests.with_user(self.leader).create(dict(values, requested_by_id=self.rep.id))
        request = requests.with_user(self.leader).create(values)
        with self.assertRaisesRegex(UserError, "your own request"):
            request.with_user(self.leader).action_approve()
        self.assertFalse(request.with_user(self.leader).can_decide)
        self.assertEqual(request.state, "pending")
        with self.assertRaises(UserError):
            request.with_user(self.leader).write({"state": "approved"})
        self.assertEqual((request.state, request.decided_by_id), ("pending", self.env["res.users"]))

    def test_overlapping_band_refused_on_create(self):
        rule = self.env["dist.approval.rule"].create(
            {
                "name": "Write-off",
                "code": "exception_cost",
                "company_id": self.env["res.company"].create({"name": "Distributor W"}).id,
                "model_id": self.env["ir.model"]._get_id("dist.exception"),
                "band_ids": [
                    Command.create({"min_value": 100, "max_value": 1000, "group_id": self.env.ref(GROUP_MANAGER).id})
                ],
            }
        )
        with self.assertRaisesRegex(ValidationError, "overlap"), self.env.cr.savepoint():
            self.env["dist.approval.band"].create(
                {"rule_id": rule.id, "min_value": 500, "max_value": 2000, "group_id": self.env.ref(GROUP_MANAGER).id}
            )
        rule.invalidate_recordset()
        self.assertEqual(len(rule.band_ids), 1)

    def test_control_needs_a_usable_threshold(self):
        """The cost impact control refuses to switch on without a threshold with a band, and its
        threshold cannot be archived, emptied or deleted while the control is on."""
        company = self.env["res.company"].create({"name": "Distributor without thresholds"})
        with self.assertRaisesRegex(ValidationError, "exception_cost"), self.env.cr.savepoint():
            company.dist_exception_cost_control = True
        company.invalidate_recordset()
        self.assertFalse(company.dist_exception_cost_control)
        rule = self.env["dist.approval.rule"].create(
            {
                "name": "Cost",
                "code": "exception_cost",
                "company_id": company.id,
                "model_id": self.env["ir.model"]._get_id("dist.exception"),
            }
        )
        with self.assertRaisesRegex(ValidationError, "with a band"), self.env.cr.savepoint():
            company.dist_exception_cost_control = True
        rule.band_ids = [Command.create({"min_value": 100, "group_id": self.env.ref(GROUP_MANAGER).id})]
        company.dist_exception_cost_control = True
        for change in (
            lambda: rule.write({"active": False}),
            rule.band_ids.unlink,
            lambda: rule.write({"band_ids": [Command.clear()]}),
            rule.unlink,
        ):
            with self.assertRaisesRegex(ValidationError, "exception_cost"), self.env.cr.savepoint():
                change()
        with self.assertRaisesRegex(ValueError, "exception_cost_old"), self.env.cr.savepoint():
            rule.write({"code": "exception_cost_old"})
        rule.invalidate_recordset()
        self.assertTrue(rule.active)
        self.assertEqual((rule.code, len(rule.band_ids)), ("exception_cost", 1))
        # Replacing the bands in one write is fine: the rule ends with a band.
        rule.write(
            {
                "band_ids": [
                    Command.clear(),
                    Command.create({"min_value": 50, "group_id": self.env.ref(GROUP_MANAGER).id}),
                ]
            }
        )
        self.assertEqual(rule.band_ids.min_value, 50)

    def test_settings_save_refuses_a_control_without_threshold(self):
        company = self.env["res.company"].create({"name": "Distributor C"})
        with self.assertRaisesRegex(ValidationError, "exception_cost"), self.env.cr.savepoint():
            settings = (
                self.env["res.config.settings"].with_company(company).create({"dist_exception_cost_control": True})
            )
            settings.execute()
        company.invalidate_recordset()
        self.assertFalse(company.dist_exception_cost_control)


@tagged("post_install", "-at_install")
class TestGuardsOverRpc(HttpCase, DistExceptionCase):
    _cost_rule = TestModelGuards._cost_rule

    """The same refusals for an integration or a script over XML-RPC."""

    @mute_logger("odoo.http")
    def _rpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args))

    def test_exception_and_request_fields_refused_over_rpc(self):
        exc = self._create_exception()
        for vals in ({"state": "resolved"}, {"escalation_level": 0}, {"sla_status": "on_track"}, {"hold_date": False}):
            with self.subTest(vals=vals), self.assertRaisesRegex(Fault, "only through its buttons"):
                self._rpc(self.colleague, "dist.exception", "write", [exc.id], vals)
        self.assertEqual(exc.state, "new")
        rule = self._cost_rule()
        values = {"rule_id": rule.id, "res_model": "res.partner", "res_id": self.customer.id, "value": 500}
        with self.assertRaisesRegex(Fault, "filed pending"):
            self._rpc(self.rep, "dist.approval.request", "create", dict(values, state="approved"))
        with self.assertRaisesRegex(Fault, "own name"):
            self._rpc(self.leader, "dist.approval.request", "create", dict(values, requested_by_id=self.rep.id))
        self.assertFalse(
            self.env["dist.approval.request"].search([("rule_id", "=", rule.id), ("res_model", "=", "res.partner")])
        )
        request_id = self._rpc(self.rep, "dist.approval.request", "create", values)
        with self.assertRaisesRegex(Fault, "Approve and Reject"):
            self._rpc(self.leader, "dist.approval.request", "write", [request_id], {"state": "approved"})
        request = self.env["dist.approval.request"].browse(request_id)
        self.assertEqual((request.state, request.requested_by_id), ("pending", self.rep))
        with self.assertRaisesRegex(Fault, "overlap"):
            self._rpc(
                self.leader,
                "dist.approval.band",
                "create",
                {"rule_id": rule.id, "min_value": 50, "max_value": 200, "group_id": self.env.ref(GROUP_MANAGER).id},
            )
        self.assertEqual(len(rule.band_ids), 1)


@tagged("post_install", "-at_install")
class TestRaisePaths(DistExceptionCase):
    """Raising at the moment a problem happens follows the rules of the detector pass."""

    def test_raise_follows_type_activity_and_company(self):
        company_b = self.env["res.company"].create({"name": "Distributor B"})
        other_company_customer = self.env["res.partner"].create({"name": "B's customer", "company_id": company_b.id})
        shared_customer = self.env["res.partner"].create({"name": "Shared customer"})
        exceptions = self.env["dist.exception"].sudo()
        self.exc_type.company_id = self.company
        created = exceptions._dist_raise(self.exc_type, other_company_customer | shared_customer)
        self.assertEqual(created.mapped("res_id"), shared_customer.ids)
        self.exc_type.active = False
        self.assertFalse(exceptions._dist_raise(self.exc_type, self.customer))
        self.assertFalse(exceptions.search([("type_id", "=", self.exc_type.id), ("res_id", "=", self.customer.id)]))
