# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import datetime
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP_MANAGEMENT, GROUP_MANAGER, GROUP_SALES
from .test_approval import ApprovalCase

T0 = datetime(2026, 3, 2, 9, 0)  # a Monday morning


class ApprovalStepsCase(ApprovalCase):
    """The 500-5,000 cost band in two steps: an exception manager, then management."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.band = cls.rule._dist_band_for(1200)
        cls.band.step_ids = [
            Command.clear(),
            Command.create({"sequence": 1, "approver_type": "group", "group_id": cls.env.ref(GROUP_MANAGER).id}),
            Command.create({"sequence": 2, "approver_type": "group", "group_id": cls.env.ref(GROUP_MANAGEMENT).id}),
        ]
        cls.second_leader = new_test_user(
            cls.env, login="dist_leader_2", name="Leo Second", groups=f"base.group_user,{GROUP_MANAGER}"
        )

    @contextmanager
    def _refused(self, pattern, exception=ValidationError):
        """Refused with ``pattern`` in the message, and rolled back (Odoo's assertRaises)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _open_top_band(self):
        """Room above the two bands for a third one."""
        self.rule.band_ids.filtered(lambda band: not band.max_value).max_value = 50000

    def _request(self, value=1200, user=None):
        with freeze_time(T0):
            return self.exc.with_user(user or self.rep)._dist_request_approval("exception_cost", value)


@tagged("post_install", "-at_install")
class TestApprovalSteps(ApprovalStepsCase):
    def test_two_steps_in_order_by_two_people(self):
        """The manager's approval moves the request to management; the exception still
        cannot close; the same manager cannot decide the second step; management's
        approval approves it and each step's turnaround is logged."""
        request = self._request()
        self.assertEqual(
            (request.step_index, request.group_id, request.step_progress),
            (1, self.env.ref(GROUP_MANAGER), "Step 1 of 2"),
        )
        with self.assertRaisesRegex(UserError, "only .* can decide"):
            request.with_user(self.colleague).action_approve()
        with freeze_time("2026-03-02 12:00:00"):
            request.with_user(self.leader).action_approve()
        self.assertEqual((request.state, request.step_index), ("pending", 2))
        self.assertEqual(request.group_id, self.env.ref(GROUP_MANAGEMENT))
        self.assertIn(self.director.partner_id, request.message_partner_ids)
        self.assertEqual(self.exc._dist_approval_status("exception_cost", 1200)[0], "pending")
        with self.assertRaisesRegex(UserError, "waits for approval"):
            self.exc.with_user(self.rep)._dist_resolve(self.root_cause, "Shipped overnight.")
        # Four eyes across steps, even for someone in both groups.
        self.leader.groups_id = [Command.link(self.env.ref(GROUP_MANAGEMENT).id)]
        with self.assertRaisesRegex(UserError, "decided a step of"):
            request.with_user(self.leader).action_approve()
        self.assertFalse(request.with_user(self.leader).can_decide)
        with freeze_time("2026-03-02 14:30:00"):
            request.with_user(self.director).action_approve()
        self.assertEqual((request.state, request.decided_by_id), ("approved", self.director))
        decisions = request.decision_ids.sorted("step_sequence")
        self.assertEqual(decisions.mapped("decided_by_id"), self.leader | self.director)
        # 09:00 -> 12:00, then 12:00 -> 14:30.
        self.assertEqual(decisions.mapped("turnaround_hours"), [3.0, 2.5])
        self.exc.with_user(self.rep)._dist_resolve(self.root_cause, "Shipped overnight.")
        self.assertEqual(self.exc.state, "resolved")

    def test_rejection_at_any_step_ends_the_request(self):
        request = self._request()
        request.with_user(self.leader).action_approve()
        as_director = request.with_user(self.director)
        as_director.decision_note = "Cheaper carrier available."
        as_director.action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.decision_ids.mapped("decision"), ["rejected", "approved"])
        self.assertEqual(self.exc._dist_approval_status("exception_cost", 1200)[0], "required")

    def test_waiting_for_me_follows_the_step(self):
        """'To approve' lists the request for the current step's approvers only."""
        request = self._request()
        domain = [("can_decide", "=", True), ("id", "=", request.id)]
        self.assertEqual(self.env["dist.approval.request"].with_user(self.leader).search(domain), request)
        self.assertFalse(self.env["dist.approval.request"].with_user(self.colleague).search(domain))
        request.with_user(self.leader).action_approve()
        self.assertFalse(self.env["dist.approval.request"].with_user(self.leader).search(domain))
        self.assertEqual(self.env["dist.approval.request"].with_user(self.director).search(domain), request)
        not_mine = [("can_decide", "=", False), ("id", "=", request.id)]
        self.assertEqual(self.env["dist.approval.request"].with_user(self.leader).search(not_mine), request)

    def test_approver_from_a_field_of_the_document(self):
        """A step decided by the exception's team leader: that user decides, another
        manager does not; with no team, the step's group decides and the log says so."""
        self.band.step_ids = [
            Command.clear(),
            Command.create(
                {
                    "approver_type": "field",
                    "field_path": "team_id.user_id",
                    "group_id": self.env.ref(GROUP_MANAGEMENT).id,
                }
            ),
        ]
        self.exc.team_id = self.team  # led by Lea Leader
        request = self._request()
        self.assertEqual((request.approver_user_ids, request.group_id), (self.leader, self.env["res.groups"]))
        self.assertEqual(request.approvers_label, "Lea Leader")
        with self.assertRaisesRegex(UserError, "only Lea Leader can decide"):
            request.with_user(self.second_leader).action_approve()
        request.with_user(self.leader).action_approve()
        self.assertEqual(request.state, "approved")

        other = self._create_exception(partner=self.other_customer, cost_amount=900)
        other.team_id = False
        with freeze_time(T0):
            request = other.with_user(self.rep)._dist_request_approval("exception_cost", 900)
        self.assertEqual(
            (request.approver_user_ids, request.group_id), (self.env["res.users"], self.env.ref(GROUP_MANAGEMENT))
        )
        self.assertTrue(any("is empty on the document" in body for body in request.message_ids.mapped("body")))
        request.with_user(self.director).action_approve()
        self.assertEqual(request.state, "approved")

    def test_named_user_step(self):
        self.band.step_ids = [
            Command.clear(),
            Command.create({"approver_type": "user", "user_id": self.second_leader.id}),
        ]
        request = self._request()
        with self.assertRaisesRegex(UserError, "only Leo Second can decide"):
            request.with_user(self.leader).action_approve()
        request.with_user(self.second_leader).action_approve()
        self.assertEqual(request.decided_by_id, self.second_leader)

    def test_misconfigured_steps_refused_at_save(self):
        """A path that is not a chain of many-to-ones to a user, a group step without its
        group, a band without a step: refused, and the band keeps its two steps."""
        bad_paths = {
            "team_id.nonexistent": "not a path",
            "name": "not a path",
            "team_id": "not to a user",
            "": "needs the field's path",
        }
        for path, message in bad_paths.items():
            with self.subTest(path=path), self._refused(message):
                self.band.step_ids = [Command.create({"approver_type": "field", "field_path": path})]
        with self._refused("needs the group"):
            self.band.step_ids = [Command.create({"approver_type": "group"})]
        with self._refused("needs the user"):
            self.band.step_ids = [Command.create({"approver_type": "user"})]
        with self._refused("at least one approval step"):
            self.band.step_ids = [Command.clear()]
        with self._refused("at least one approval step"):
            self.band.step_ids.unlink()
        self._open_top_band()
        with self._refused("at least one approval step"):
            self.env["dist.approval.band"].create({"rule_id": self.rule.id, "min_value": 90000})
        self.assertEqual(len(self.band.step_ids), 2)
        self.assertEqual(len(self.rule.band_ids), 2)

    def test_band_set_by_its_group_has_one_step(self):
        """Data files and the bands list set a one-step band by its group."""
        self._open_top_band()
        band = self.env["dist.approval.band"].create(
            {"rule_id": self.rule.id, "min_value": 90000, "group_id": self.env.ref(GROUP_MANAGER).id}
        )
        self.assertEqual(band.step_ids.mapped("group_id"), self.env.ref(GROUP_MANAGER))
        band.group_id = self.env.ref(GROUP_MANAGEMENT)
        self.assertEqual(band.step_ids.mapped("group_id"), self.env.ref(GROUP_MANAGEMENT))
        self.assertEqual(self.band.steps_label, "Exception Management / Manager, then Distribution Roles / Management")


@tagged("post_install", "-at_install")
class TestApprovalDelegation(ApprovalStepsCase):
    def test_deputy_decides_for_an_absent_approver(self):
        """Management is out of office with a sales colleague as deputy: the colleague
        decides the second step and the log says for whom; back in office, they no longer can."""
        request = self._request()
        request.with_user(self.leader).action_approve()
        self.assertFalse(request.with_user(self.colleague).can_decide)
        self.director.with_user(self.director).write({"dist_out_of_office": True, "dist_deputy_id": self.colleague.id})
        request.invalidate_recordset(["can_decide"])
        self.assertTrue(request.with_user(self.colleague).can_decide)
        domain = [("can_decide", "=", True), ("id", "=", request.id)]
        self.assertEqual(self.env["dist.approval.request"].with_user(self.colleague).search(domain), request)
        self.assertIn(self.colleague.partner_id, request._dist_current_deciders().partner_id)
        request.with_user(self.colleague).action_approve()
        last = request.decision_ids.filtered(lambda d: d.step_sequence == 2)
        self.assertEqual((last.decided_by_id, last.on_behalf_of_id), (self.colleague, self.director))
        self.assertIn("Carl Colleague for Dan Director", request.message_ids.mapped("body")[0])
        self.assertEqual(request.state, "approved")

        self.director.with_user(self.director).dist_out_of_office = False
        second = self._request(value=1300)
        second.with_user(self.leader).action_approve()
        self.assertFalse(second.with_user(self.colleague).can_decide)

    def test_deputy_cannot_approve_their_own_request(self):
        self.leader.with_user(self.leader).write({"dist_out_of_office": True, "dist_deputy_id": self.rep.id})
        request = self._request()
        with self.assertRaisesRegex(UserError, "your own request"):
            request.with_user(self.rep).action_approve()

    def test_out_of_office_needs_a_deputy(self):
        with self._refused("Name an approval deputy"):
            self.director.with_user(self.director).dist_out_of_office = True
        with self._refused("their own approval deputy"):
            self.director.with_user(self.director).dist_deputy_id = self.director
        self.director.invalidate_recordset()
        self.assertEqual(
            (self.director.dist_out_of_office, self.director.dist_deputy_id), (False, self.env["res.users"])
        )


@tagged("post_install", "-at_install")
class TestApprovalReminders(ApprovalStepsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"dist_approval_reminder_hours": 4, "dist_approval_overdue_hours": 24})
        cls.operations = cls.env["res.groups"].create({"name": "Operations director"})
        cls.ops = new_test_user(
            cls.env,
            login="dist_ops",
            name="Olga Ops",
            groups="base.group_user,dist_exception_core.dist_exception_core_group_user",
        )
        cls.ops.groups_id = [Command.link(cls.operations.id)]
        cls.band.step_ids.sorted("sequence")[0].escalation_group_id = cls.operations

    def _cron(self, when):
        with freeze_time(when):
            self.env["dist.approval.request"]._cron_remind_and_escalate()

    def _reminders(self, request):
        return request.message_ids.filtered(lambda m: "Reminder:" in (m.body or ""))

    def test_reminded_then_escalated_once(self):
        """Past 4 hours the manager is reminded, not again an hour later, again 4 hours
        after the reminder; past 24 hours the step is escalated to the operations
        director, once, who may then decide it; the decision is logged as escalated."""
        request = self._request()
        self._cron("2026-03-02 13:00:00")
        self.assertEqual(len(self._reminders(request)), 0)
        self._cron("2026-03-02 13:30:00")
        self.assertEqual(len(self._reminders(request)), 1)
        self.assertIn(self.leader.partner_id, self._reminders(request).partner_ids)
        self._cron("2026-03-02 15:30:00")
        self.assertEqual(len(self._reminders(request)), 1)
        self._cron("2026-03-02 19:00:00")
        self.assertEqual(len(self._reminders(request)), 2)
        self.assertFalse(request.with_user(self.ops).can_decide)
        self._cron("2026-03-03 09:30:00")
        self.assertEqual(request.escalation_group_id, self.operations)
        escalations = request.message_ids.filtered(lambda m: "escalated to" in (m.body or ""))
        self.assertEqual(len(escalations), 1)
        self.assertIn(self.ops.partner_id, escalations.partner_ids)
        self._cron("2026-03-03 10:30:00")
        self.assertEqual(len(request.message_ids.filtered(lambda m: "escalated to" in (m.body or ""))), 1)
        self.assertEqual(
            self.env["dist.approval.request"].with_user(self.ops).search([("can_decide", "=", True)]), request
        )
        with freeze_time("2026-03-03 11:00:00"):
            request.with_user(self.ops).action_approve()
        first = request.decision_ids
        self.assertEqual((first.decided_by_id, first.escalated, first.turnaround_hours), (self.ops, True, 26.0))
        # The second step starts afresh: management decides it, the escalation is gone.
        self.assertEqual((request.step_index, request.escalation_group_id), (2, self.env["res.groups"]))
        self.assertFalse(request.with_user(self.ops).can_decide)
        self.assertTrue(request.with_user(self.director).can_decide)

    def test_no_reminders_when_switched_off(self):
        self.company.dist_approval_reminder_hours = 0
        request = self._request()
        self._cron("2026-03-02 20:00:00")
        self.assertFalse(self._reminders(request))
        with self._refused("cannot be negative"):
            self.company.dist_approval_reminder_hours = -1
        self.company.invalidate_recordset()
        self.assertEqual(self.company.dist_approval_reminder_hours, 0)


@tagged("post_install", "-at_install")
class TestApprovalStepsOverRpc(HttpCase, ApprovalStepsCase):
    """An approver's client cannot skip a step or name itself approver; a user sets
    their own absence and deputy, not someone else's."""

    @mute_logger("odoo.http")
    def _rpc(self, user, model, method, *args):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args))

    def test_steps_not_skipped_over_rpc(self):
        request = self._request()
        for vals in (
            {"step_index": 2},
            {"approver_user_ids": [(6, 0, self.colleague.ids)]},
            {"escalation_group_id": self.env.ref(GROUP_SALES).id},
            {"group_id": self.env.ref(GROUP_SALES).id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(Fault, "Approve and Reject"):
                self._rpc(self.leader, "dist.approval.request", "write", [request.id], vals)
        with self.assertRaisesRegex(Fault, "decision"):
            self._rpc(
                self.leader,
                "dist.approval.decision",
                "create",
                {"request_id": request.id, "decision": "approved", "decided_by_id": self.leader.id},
            )
        self._rpc(self.leader, "dist.approval.request", "action_approve", [request.id])
        with self.assertRaisesRegex(Fault, "decided a step of"):
            self._rpc(self.leader, "dist.approval.request", "action_approve", [request.id])
        request.invalidate_recordset()
        self.assertEqual(
            (request.state, request.step_index, request.group_id), ("pending", 2, self.env.ref(GROUP_MANAGEMENT))
        )
        self.assertEqual(len(request.decision_ids), 1)

    def test_own_absence_over_rpc(self):
        self._rpc(
            self.director,
            "res.users",
            "write",
            [self.director.id],
            {"dist_out_of_office": True, "dist_deputy_id": self.leader.id},
        )
        self.director.invalidate_recordset()
        self.assertEqual((self.director.dist_out_of_office, self.director.dist_deputy_id), (True, self.leader))
        with self.assertRaises(Fault):
            self._rpc(self.rep, "res.users", "write", [self.colleague.id], {"dist_deputy_id": self.rep.id})
        self.colleague.invalidate_recordset()
        self.assertFalse(self.colleague.dist_deputy_id)
