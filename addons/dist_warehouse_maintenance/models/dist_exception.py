# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

GROUP_STOCK_USER = "stock.group_stock_user"
# Set by the detector from the maintenance request; nobody else writes them.
ENGINE_FIELDS = {"equipment_id", "maintenance_request_id"}


class DistException(models.Model):
    _inherit = "dist.exception"

    equipment_id = fields.Many2one(
        comodel_name="maintenance.equipment",
        index="btree_not_null",
        readonly=True,
    )
    maintenance_request_id = fields.Many2one(
        comodel_name="maintenance.request",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )
    equipment_down_since = fields.Datetime(related="maintenance_request_id.dist_down_since", string="Down Since")
    equipment_back_in_service = fields.Datetime(
        related="maintenance_request_id.dist_back_in_service", string="Back in Service"
    )
    equipment_downtime_hours = fields.Float(
        related="maintenance_request_id.dist_downtime_hours", string="Downtime (hours)"
    )
    equipment_delayed_picking_ids = fields.Many2many(
        comodel_name="stock.picking",
        string="Delayed Deliveries",
        compute="_compute_equipment_delayed_picking_ids",
        groups=GROUP_STOCK_USER,
        help="Deliveries of the warehouse scheduled while the equipment was down and late past the dispatch grace.",
    )
    equipment_delayed_picking_count = fields.Integer(
        string="Delayed Deliveries Count",
        compute="_compute_equipment_delayed_picking_ids",
        groups=GROUP_STOCK_USER,
    )
    downtime_exception_ids = fields.Many2many(
        comodel_name="dist.exception",
        string="Equipment Downtime",
        compute="_compute_downtime_exception_ids",
        help="Breakdowns of the warehouse's equipment during which this delivery was scheduled and fell late: "
        "a likely root cause.",
    )

    @api.depends("maintenance_request_id")
    def _compute_equipment_delayed_picking_ids(self):
        for exc in self:
            delayed = exc.maintenance_request_id.sudo().dist_delayed_picking_ids
            exc.equipment_delayed_picking_ids = delayed
            exc.equipment_delayed_picking_count = len(delayed)

    @api.depends("res_model", "res_id")
    def _compute_downtime_exception_ids(self):
        on_pickings = self.filtered(lambda e: e.res_model == "stock.picking" and e.res_id)
        requests_by_picking = {}
        if on_pickings:
            query = SQL(
                "SELECT p.id, r.id %s AND p.id IN %s",
                self.env["maintenance.request"]._dist_delay_sql(),
                tuple(set(on_pickings.mapped("res_id"))),
            )
            for picking_id, request_id in self.env.execute_query(query):
                requests_by_picking.setdefault(picking_id, set()).add(request_id)
        downs_by_request = {}
        request_ids = set().union(*requests_by_picking.values()) if requests_by_picking else set()
        if request_ids:
            downs = self.search(
                [
                    ("type_id.code", "=", "equipment_down"),
                    ("res_model", "=", "maintenance.request"),
                    ("res_id", "in", list(request_ids)),
                ]
            )
            for down in downs:
                downs_by_request.setdefault(down.res_id, self.browse())
                downs_by_request[down.res_id] |= down
        for exc in self:
            found = self.browse()
            if exc in on_pickings:
                for request_id in requests_by_picking.get(exc.res_id, ()):
                    found |= downs_by_request.get(request_id, self.browse())
            exc.downtime_exception_ids = found

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get(name) for vals in vals_list for name in ENGINE_FIELDS):
            raise UserError(self._dist_equipment_fields_message())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and ENGINE_FIELDS & vals.keys():
            raise UserError(self._dist_equipment_fields_message())
        return super().write(vals)

    def action_view_equipment_delayed_pickings(self):
        self.ensure_one()
        return self.equipment_delayed_picking_ids._dist_action_view_delayed(
            self.env._("Delayed while %s was down", self.equipment_id.display_name)
        )

    @api.model
    def _dist_equipment_fields_message(self):
        return self.env._(
            "The equipment and the maintenance request of an exception come from the breakdown it was raised "
            "for: they cannot be set by hand."
        )
