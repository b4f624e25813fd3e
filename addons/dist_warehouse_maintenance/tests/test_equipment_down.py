# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DistMaintenanceCase


@tagged("post_install", "-at_install")
class TestEquipmentDown(DistMaintenanceCase):
    def test_detector_raises_one_per_breakdown(self):
        """One exception per open breakdown of warehouse equipment, none for a preventive
        request or equipment outside a warehouse; a second pass changes nothing. The type's
        team and owner are assigned, the owner only where they work."""
        created, _cleared = self._run()
        raised = created.filtered(lambda e: e.res_id in self._all_requests().ids)
        self.assertEqual(sorted(raised.mapped("res_id")), sorted((self.breakdown | self.breakdown_b).ids))
        again, _cleared = self._run()
        self.assertFalse(again)
        self.assertEqual(self._open(self._all_requests()), raised)
        exc = self._open(self.breakdown)
        self.assertEqual(len(exc), 1)
        self.assertFalse(self._open(self.preventive | self.printer_breakdown))
        self.assertEqual(
            (exc.equipment_id, exc.maintenance_request_id, exc.warehouse_id, exc.company_id),
            (self.forklift, self.breakdown, self.warehouse, self.company),
        )
        self.assertEqual((exc.team_id, exc.user_id), (self.team, self.lead))
        self.assertFalse(exc.blocking)
        self.assertEqual(exc.severity, "2", "the forklift's downtime delays deliveries: high")
        self.assertIn("Test forklift", exc.description)
        exc_b = self._open(self.breakdown_b)
        self.assertEqual(exc_b.company_id, self.company_b)
        self.assertEqual(exc_b.team_id, self.team)
        self.assertFalse(exc_b.user_id, "the lead does not work for the second company")
        self.assertEqual(exc_b.severity, "1", "no delivery of the second company fell late while its forklift was down")
        self.assertEqual(self.breakdown.dist_exception_count, 1)

    def test_delayed_deliveries(self):
        """The deliveries of the forklift's warehouse scheduled while it was down and late past
        the dispatch grace, shown on the request and on the exception; their dispatch delays
        name the breakdown."""
        expected = self._expected_delayed(self.breakdown, self.now)
        self.assertEqual(expected, self.late_ready | self.late_waiting | self.shipped_late, "the fixture's story")
        self.assertEqual(self.breakdown.dist_delayed_picking_ids, expected)
        self.assertEqual(self.breakdown.dist_delayed_picking_count, 3)
        self.assertFalse(self.breakdown_b.dist_delayed_picking_ids)
        self.assertFalse(self.preventive.dist_delayed_picking_ids, "a preventive request delays nothing")
        self.assertEqual(
            self.env["maintenance.request"].search(
                [("id", "in", self._all_requests().ids), ("dist_delays_dispatch", "=", True)]
            ),
            self.breakdown,
        )
        self._run()
        exc = self._open(self.breakdown)
        self.assertEqual(exc.equipment_delayed_picking_ids, expected)
        self.assertEqual(exc.equipment_delayed_picking_count, 3)
        action = exc.action_view_equipment_delayed_pickings()
        self.assertEqual(self.env["stock.picking"].search(action["domain"]), expected)
        action = self.breakdown.action_view_dist_delayed_pickings()
        self.assertEqual(self.env["stock.picking"].search(action["domain"]), expected)

        self._run("dispatch_delay")
        delays = self.env["dist.exception"].search(
            [
                ("type_id.code", "=", "dispatch_delay"),
                ("res_model", "=", "stock.picking"),
                ("res_id", "in", self.transfers.ids),
            ]
        )
        self.assertEqual(
            set(delays.mapped("res_id")),
            set((self.late_ready | self.before_window | self.other_warehouse | self.other_company).ids),
        )
        linked = delays.filtered("downtime_exception_ids")
        self.assertEqual(linked.mapped("res_id"), self.late_ready.ids)
        self.assertEqual(linked.downtime_exception_ids, exc)

    def test_close_records_downtime(self):
        """Repairing the forklift 8.5 hours after it broke resolves its exception at once with
        that downtime; the window stops there. Cancelling a request resolves it too, and a
        reopened one is raised again by the next pass."""
        self._run()
        exc = self._open(self.breakdown)
        close = self.now + timedelta(minutes=30)
        with freeze_time(close):
            self.breakdown.stage_id = self.done_stage
            self.assertEqual(exc.state, "resolved")
            self.assertEqual(exc.root_cause_id, self.env.ref("dist_exception_core.dist_root_cause_condition_cleared"))
            self.assertIn("back in service", exc.resolution_note)
            self.assertEqual(self.breakdown.dist_back_in_service, close)
            self.assertAlmostEqual(self.breakdown.dist_downtime_hours, 8.5)
            self.assertAlmostEqual(exc.equipment_downtime_hours, 8.5)
            self.assertEqual(exc.equipment_back_in_service, close)
        later = self.now + timedelta(hours=5)
        with freeze_time(later):
            # Still late later on, but scheduled after the repair: not this breakdown's.
            late_after = self._transfer(self.warehouse, hours_ago=-0.75)
            self.transfers |= late_after
            self.breakdown.invalidate_recordset(["dist_delayed_picking_ids"])
            self.assertEqual(self.breakdown.dist_delayed_picking_ids, self._expected_delayed(self.breakdown, later))
            self.assertNotIn(late_after, self.breakdown.dist_delayed_picking_ids)

            exc_b = self._open(self.breakdown_b)
            self.breakdown_b.archive_equipment_request()
            self.assertEqual(exc_b.state, "resolved")
            self.assertIn("cancelled", exc_b.resolution_note)
            self.assertAlmostEqual(self.breakdown_b.dist_downtime_hours, 8.0)

            self.breakdown_b.reset_equipment_request()
            self.assertFalse(self.breakdown_b.dist_back_in_service)
            self.assertEqual(self.breakdown_b.dist_downtime_hours, 0.0)
            created, _cleared = self._run()
            self.assertEqual(created & self._open(self.breakdown_b), self._open(self.breakdown_b))
            self.assertEqual(len(self._open(self.breakdown_b)), 1)

    def test_detector_clears_when_the_breakdown_leaves_the_warehouse(self):
        """Equipment taken out of the warehouse: the next pass resolves its open exception."""
        self._run()
        exc = self._open(self.breakdown)
        self.forklift.dist_warehouse_id = False
        _created, cleared = self._run()
        self.assertIn(exc, cleared)
        self.assertEqual(exc.state, "resolved")

    def test_bad_input(self):
        """A warehouse of another company, equipment without a company in a warehouse, a
        breakdown in the future or after the repair, and the engine's fields are refused."""
        with self.assertRaisesRegex(ValidationError, "a warehouse of Harbour Foods"), self.env.cr.savepoint():
            self.forklift.dist_warehouse_id = self.warehouse_b
        with self.assertRaisesRegex(ValidationError, "a warehouse of"), self.env.cr.savepoint():
            self.env["maintenance.equipment"].create(
                {"name": "Shared scanner", "company_id": False, "dist_warehouse_id": self.warehouse.id}
            )
        with self.assertRaisesRegex(ValidationError, "a warehouse of"), self.env.cr.savepoint():
            self.forklift.company_id = self.company_b
        with self.assertRaisesRegex(ValidationError, "in the future"), self.env.cr.savepoint():
            self.breakdown.dist_down_since = self.now + timedelta(days=1)
        self.assertEqual(self.forklift.dist_warehouse_id, self.warehouse)

        user = new_test_user(self.env, login="dist_mnt_plain", groups="base.group_user")
        request = self.breakdown.with_user(user)
        with self.assertRaisesRegex(UserError, "Back in Service is set when"), self.env.cr.savepoint():
            self.env["maintenance.request"].with_user(user).create(
                {"name": "Faked", "equipment_id": self.forklift.id, "dist_back_in_service": self.now}
            )
        self.breakdown.owner_user_id = user
        with self.assertRaisesRegex(UserError, "Back in Service is set when"), self.env.cr.savepoint():
            request.write({"dist_back_in_service": self.now})
        self.assertFalse(self.breakdown.dist_back_in_service)
        with self.assertRaises(NotImplementedError):
            self.env["maintenance.request"].search([("dist_delays_dispatch", ">", 1)])

        self._run()
        exc = self._open(self.breakdown).with_user(self.lead)
        with self.assertRaisesRegex(UserError, "cannot be set by hand"), self.env.cr.savepoint():
            exc.write({"equipment_id": self.printer.id})
        with self.assertRaisesRegex(UserError, "cannot be set by hand"), self.env.cr.savepoint():
            exc.create({"type_id": self.exc_type.id, "maintenance_request_id": self.preventive.id})
        self.assertEqual(exc.equipment_id, self.forklift)

    def test_maintenance_user_without_suite_role(self):
        """An employee with Maintenance's own rights only reports and closes their breakdown:
        the exception closes on their behalf; the deliveries stay for Inventory users, and
        another company's exceptions stay out of sight of the lead."""
        user = new_test_user(self.env, login="dist_mnt_employee", groups="base.group_user")
        self._run()
        exc = self._open(self.breakdown)
        self.breakdown.owner_user_id = user
        request = self.breakdown.with_user(user)
        self.assertEqual(request.dist_downtime_hours, 0.0)
        with self.assertRaises(AccessError):
            request.read(["dist_delayed_picking_ids"])
        self.assertTrue(request.read(["dist_down_since", "dist_delays_dispatch"])[0]["dist_delays_dispatch"])
        request.stage_id = self.done_stage
        self.assertEqual(exc.state, "resolved")
        self.assertTrue(request.dist_back_in_service)
        exceptions = self.env["dist.exception"].with_user(self.lead)
        self.assertFalse(exceptions.search([("id", "in", self._open(self.breakdown_b).ids)]))

    def _all_requests(self):
        return self.breakdown | self.preventive | self.printer_breakdown | self.breakdown_b
