# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

GROUP_WAREHOUSE = "dist_exception_core.dist_exception_core_group_warehouse"
GROUP_MANAGER = "dist_exception_core.dist_exception_core_group_manager"


@tagged("post_install", "-at_install")
class DistMaintenanceCase(TransactionCase):
    """Two warehouses of the main company (dispatch grace 4 h and 2 h) and one of a second
    company; a forklift in the first one broke down 8 hours ago, and eleven transfers around
    that window: late and on time, shipped and not, before and inside the window, a receipt,
    a cancelled one, one of the other warehouse and one of the other company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.now = fields.Datetime.now().replace(microsecond=0)
        cls.company = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Harbour Foods B.V."})
        cls.warehouse = cls.env["stock.warehouse"].create(
            {"name": "Downtime DC", "code": "DDC", "dist_dispatch_grace_hours": 4}
        )
        cls.warehouse_2 = cls.env["stock.warehouse"].create(
            {"name": "Second DC", "code": "SDC", "dist_dispatch_grace_hours": 2}
        )
        cls.warehouse_b = cls.env["stock.warehouse"].search([("company_id", "=", cls.company_b.id)], limit=1)
        cls.warehouse_b.dist_dispatch_grace_hours = 4
        cls.lead = new_test_user(
            cls.env, login="dist_mnt_lead", name="Lena Lead", groups=f"stock.group_stock_manager,{GROUP_MANAGER}"
        )
        cls.team = cls.env["dist.exception.team"].create(
            {"name": "Dock team", "user_id": cls.lead.id, "company_id": False}
        )
        cls.exc_type = cls.env.ref("dist_warehouse_maintenance.dist_exception_type_equipment_down")
        cls.exc_type.write({"team_id": cls.team.id, "user_id": cls.lead.id})
        cls.done_stage = cls.env["maintenance.stage"].search([("done", "=", True)], order="sequence", limit=1)
        cls.new_stage = cls.env["maintenance.stage"].search([("done", "=", False)], order="sequence", limit=1)
        Equipment = cls.env["maintenance.equipment"]
        cls.forklift = Equipment.create(
            {"name": "Test forklift", "company_id": cls.company.id, "dist_warehouse_id": cls.warehouse.id}
        )
        cls.reach_truck = Equipment.create(
            {"name": "Test reach truck", "company_id": cls.company.id, "dist_warehouse_id": cls.warehouse_2.id}
        )
        cls.printer = Equipment.create({"name": "Office printer", "company_id": cls.company.id})
        team_b = cls.env["maintenance.team"].create({"name": "Harbour maintenance", "company_id": cls.company_b.id})
        cls.forklift_b = Equipment.with_company(cls.company_b).create(
            {
                "name": "Forklift B",
                "company_id": cls.company_b.id,
                "dist_warehouse_id": cls.warehouse_b.id,
                "maintenance_team_id": team_b.id,
            }
        )
        cls.breakdown = cls._request(cls.forklift, hours_ago=8)
        cls.preventive = cls._request(cls.forklift, hours_ago=8, maintenance_type="preventive")
        cls.printer_breakdown = cls._request(cls.printer, hours_ago=8)
        cls.breakdown_b = cls._request(cls.forklift_b, hours_ago=3)

        cls.customer = cls.env["res.partner"].create({"name": "Priority Clinic", "dist_customer_tier": "priority"})
        cls.product = cls.env["product.product"].create({"name": "Exam gloves", "is_storable": True})
        cls.no_stock = cls.env["product.product"].create({"name": "Floor cleaner", "is_storable": True})
        for warehouse in (cls.warehouse, cls.warehouse_2, cls.warehouse_b):
            cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, 100)
        cls.late_ready = cls._transfer(cls.warehouse, hours_ago=7)
        cls.late_waiting = cls._transfer(cls.warehouse, hours_ago=6, product=cls.no_stock)
        cls.recent = cls._transfer(cls.warehouse, hours_ago=2)
        cls.before_window = cls._transfer(cls.warehouse, hours_ago=10)
        cls.shipped_late = cls._transfer(cls.warehouse, hours_ago=7.5, shipped_hours_ago=1)
        cls.shipped_on_time = cls._transfer(cls.warehouse, hours_ago=7, shipped_hours_ago=5)
        cls.cancelled = cls._transfer(cls.warehouse, hours_ago=6)
        cls.cancelled.action_cancel()
        cls.receipt = cls._transfer(cls.warehouse, hours_ago=6, picking_type=cls.warehouse.in_type_id)
        cls.other_warehouse = cls._transfer(cls.warehouse_2, hours_ago=6)
        cls.other_company = cls._transfer(cls.warehouse_b, hours_ago=6)
        cls.other_company_in_window = cls._transfer(cls.warehouse_b, hours_ago=2.5)
        cls.transfers = (
            cls.late_ready
            | cls.late_waiting
            | cls.recent
            | cls.before_window
            | cls.shipped_late
            | cls.shipped_on_time
            | cls.cancelled
            | cls.receipt
            | cls.other_warehouse
            | cls.other_company
            | cls.other_company_in_window
        )

    @classmethod
    def _request(cls, equipment, hours_ago, maintenance_type="corrective"):
        return (
            cls.env["maintenance.request"]
            .with_company(equipment.company_id)
            .create(
                {
                    "name": f"{equipment.name} {maintenance_type}",
                    "equipment_id": equipment.id,
                    "company_id": equipment.company_id.id,
                    "maintenance_type": maintenance_type,
                    "maintenance_team_id": equipment.maintenance_team_id.id
                    or cls.env["maintenance.team"]
                    .search([("company_id", "in", (equipment.company_id.id, False))], limit=1)
                    .id,
                    "stage_id": cls.new_stage.id,
                    "dist_down_since": cls.now - timedelta(hours=hours_ago),
                }
            )
        )

    @classmethod
    def _transfer(cls, warehouse, hours_ago, product=None, shipped_hours_ago=None, picking_type=None):
        """A transfer of ``warehouse`` scheduled ``hours_ago``, shipped ``shipped_hours_ago`` if given."""
        product = product or cls.product
        picking_type = picking_type or warehouse.out_type_id
        scheduled = cls.now - timedelta(hours=hours_ago)
        if picking_type.code == "incoming":
            source, destination = cls.env.ref("stock.stock_location_suppliers"), warehouse.lot_stock_id
        else:
            source, destination = warehouse.lot_stock_id, cls.env.ref("stock.stock_location_customers")
        picking = (
            cls.env["stock.picking"]
            .with_company(warehouse.company_id)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": destination.id,
                    "scheduled_date": scheduled,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 5,
                                "product_uom": product.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": destination.id,
                                "date": scheduled,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        if shipped_hours_ago is not None:
            with freeze_time(cls.now - timedelta(hours=shipped_hours_ago)):
                picking.move_ids.write({"quantity": 5, "picked": True})
                picking._action_done()
        return picking

    @classmethod
    def _expected_delayed(cls, request, now):
        """The deliveries ``request`` delayed, worked out from each transfer's own fields."""

        def late(picking):
            grace = timedelta(hours=picking.picking_type_id.warehouse_id.dist_dispatch_grace_hours)
            shipped_or_now = picking.date_done if picking.state == "done" else now
            return shipped_or_now > picking.scheduled_date + grace

        end = request.dist_back_in_service or now
        return cls.transfers.filtered(
            lambda p: (
                p.picking_type_id.code == "outgoing"
                and p.picking_type_id.warehouse_id == request.equipment_id.dist_warehouse_id
                and p.state != "cancel"
                and request.dist_down_since <= p.scheduled_date <= end
                and late(p)
            )
        )

    def _open(self, requests):
        return self.env["dist.exception"].search(
            [
                ("type_id", "=", self.exc_type.id),
                ("res_model", "=", "maintenance.request"),
                ("res_id", "in", requests.ids),
                ("state", "in", OPEN_STATES),
            ]
        )

    def _run(self, code="equipment_down"):
        exc_type = (
            self.exc_type if code == "equipment_down" else self.env["dist.exception.type"].search([("code", "=", code)])
        )
        return exc_type._dist_run_detector()
