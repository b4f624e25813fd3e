# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from xmlrpc.client import Fault

from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

# XML-RPC fault code of a UserError (and ValidationError); an AccessError would be 4.
FAULT_USER_ERROR = 2


@tagged("post_install", "-at_install")
class TestGuardsOverXmlRpc(HttpCase):
    """An equipment manager working in two companies, who also works exceptions, meets
    the same guards over the external API as on the screens, and nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "RPC Foods B.V."})
        cls.warehouse = cls.env["stock.warehouse"].create({"name": "RPC DC", "code": "RPCD"})
        cls.warehouse_b = cls.env["stock.warehouse"].search([("company_id", "=", cls.company_b.id)], limit=1)
        cls.manager = new_test_user(
            cls.env,
            login="dist_rpc_mnt",
            password="dist_rpc_mnt",
            groups="maintenance.group_equipment_manager,stock.group_stock_user,"
            "dist_exception_core.dist_exception_core_group_manager",
            company_ids=[Command.set((cls.company | cls.company_b).ids)],
        )
        cls.forklift = cls.env["maintenance.equipment"].create(
            {"name": "RPC forklift", "company_id": cls.company.id, "dist_warehouse_id": cls.warehouse.id}
        )
        cls.request = cls.env["maintenance.request"].create(
            {"name": "RPC forklift broken", "equipment_id": cls.forklift.id, "maintenance_type": "corrective"}
        )
        cls.exc_type = cls.env.ref("dist_warehouse_maintenance.dist_exception_type_equipment_down")
        cls.exc_type._dist_run_detector()
        cls.exception = cls.env["dist.exception"].search(
            [
                ("type_id", "=", cls.exc_type.id),
                ("res_model", "=", "maintenance.request"),
                ("res_id", "=", cls.request.id),
            ]
        )

    def _call(self, model, method, args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.manager.id, "dist_rpc_mnt", model, method, args, kwargs
        )

    def assertRefused(self, message, model, method, args, **kwargs):
        # The server logs each refused call as a warning: expected here.
        with self.assertRaises(Fault) as caught, mute_logger("odoo.http"):
            self._call(model, method, args, **kwargs)
        self.assertEqual(caught.exception.faultCode, FAULT_USER_ERROR, caught.exception.faultString)
        self.assertIn(message, caught.exception.faultString)
        self.env.invalidate_all()

    def test_equipment_in_another_company_warehouse(self):
        self.assertRefused(
            "a warehouse of RPC Foods",
            "maintenance.equipment",
            "write",
            [[self.forklift.id], {"dist_warehouse_id": self.warehouse_b.id}],
        )
        self.assertRefused(
            "a warehouse of RPC Foods",
            "maintenance.equipment",
            "create",
            [{"name": "Misplaced scanner", "company_id": self.company.id, "dist_warehouse_id": self.warehouse_b.id}],
        )
        rows = self._call("maintenance.equipment", "read", [[self.forklift.id], ["dist_warehouse_id"]])
        self.assertEqual(rows[0]["dist_warehouse_id"][0], self.warehouse.id)
        self.assertFalse(self.env["maintenance.equipment"].search([("name", "=", "Misplaced scanner")]))

    def test_back_in_service_is_the_engines(self):
        self.assertRefused(
            "Back in Service is set when",
            "maintenance.request",
            "write",
            [[self.request.id], {"dist_back_in_service": "2026-01-01 08:00:00"}],
        )
        rows = self._call("maintenance.request", "read", [[self.request.id], ["dist_back_in_service"]])
        self.assertFalse(rows[0]["dist_back_in_service"])
        self.assertEqual(self.exception.state, "new")

    def test_exception_equipment_is_the_detectors(self):
        other = self.env["maintenance.equipment"].create({"name": "RPC printer", "company_id": self.company.id})
        self.assertRefused(
            "cannot be set by hand", "dist.exception", "write", [[self.exception.id], {"equipment_id": other.id}]
        )
        rows = self._call("dist.exception", "read", [[self.exception.id], ["equipment_id", "maintenance_request_id"]])
        self.assertEqual(rows[0]["equipment_id"][0], self.forklift.id)
        self.assertEqual(rows[0]["maintenance_request_id"][0], self.request.id)
