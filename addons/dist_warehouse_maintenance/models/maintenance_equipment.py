# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MaintenanceEquipment(models.Model):
    _inherit = "maintenance.equipment"

    dist_warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        string="Warehouse",
        index="btree_not_null",
        tracking=True,
        domain="[('company_id', '=', company_id)]",
        help="The warehouse this equipment works in: its breakdowns are warehouse exceptions and are "
        "linked to the deliveries of this warehouse delayed while it is down.",
    )

    @api.constrains("dist_warehouse_id", "company_id")
    def _check_dist_warehouse_company(self):
        for equipment in self.filtered("dist_warehouse_id"):
            if equipment.dist_warehouse_id.company_id != equipment.company_id:
                raise ValidationError(
                    self.env._(
                        "%(equipment)s works in %(warehouse)s, a warehouse of %(company)s: give the equipment "
                        "that company, or choose a warehouse of its own company.",
                        equipment=equipment.display_name,
                        warehouse=equipment.dist_warehouse_id.name,
                        company=equipment.dist_warehouse_id.company_id.name,
                    )
                )
