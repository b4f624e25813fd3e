# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Set when the request closes (a done stage, or cancelled): only the engine writes it.
ENGINE_FIELDS = {"dist_back_in_service"}
GROUP_STOCK_USER = "stock.group_stock_user"
# What the downtime-to-delay query reads, by model.
DELAY_FIELDS = {
    "maintenance.request": (
        "equipment_id",
        "maintenance_type",
        "company_id",
        "dist_down_since",
        "dist_back_in_service",
    ),
    "maintenance.equipment": ("dist_warehouse_id",),
    "stock.warehouse": ("dist_dispatch_grace_hours",),
    "stock.picking.type": ("warehouse_id", "code"),
    "stock.picking": ("picking_type_id", "company_id", "state", "scheduled_date", "date_done"),
}


class MaintenanceRequest(models.Model):
    _name = "maintenance.request"
    _inherit = ["maintenance.request", "dist.exception.mixin"]

    dist_warehouse_id = fields.Many2one(
        related="equipment_id.dist_warehouse_id",
        string="Warehouse",
    )
    dist_down_since = fields.Datetime(
        string="Down Since",
        compute="_compute_dist_down_since",
        store=True,
        readonly=False,
        help="When the equipment broke down: the request's creation, or the start of its request date "
        "when that is earlier. Correct it if the breakdown was reported late.",
    )
    dist_back_in_service = fields.Datetime(
        string="Back in Service",
        readonly=True,
        copy=False,
        help="When the request reached a done stage or was cancelled.",
    )
    dist_downtime_hours = fields.Float(
        string="Downtime (hours)",
        compute="_compute_dist_downtime_hours",
        store=True,
        digits=(16, 1),
        help="Hours from Down Since to Back in Service, once the request is closed.",
    )
    dist_delayed_picking_ids = fields.Many2many(
        comodel_name="stock.picking",
        string="Delayed Deliveries",
        compute="_compute_dist_delayed_picking_ids",
        groups=GROUP_STOCK_USER,
        help="Deliveries of the equipment's warehouse scheduled while it was down that shipped, or are "
        "still to ship, later than their scheduled date plus the warehouse's dispatch grace.",
    )
    dist_delayed_picking_count = fields.Integer(
        string="Delayed Deliveries Count",
        compute="_compute_dist_delayed_picking_ids",
        groups=GROUP_STOCK_USER,
    )
    dist_delays_dispatch = fields.Boolean(
        string="Delays Deliveries",
        compute="_compute_dist_delayed_picking_ids",
        search="_search_dist_delays_dispatch",
        help="A breakdown during which deliveries of the warehouse are late (severity rules use it).",
    )

    @api.depends("request_date")
    def _compute_dist_down_since(self):
        now = fields.Datetime.now()
        for request in self:
            start = request.create_date or now
            if request.request_date and request.request_date < start.date():
                start = datetime.combine(request.request_date, time.min)
            request.dist_down_since = start

    @api.depends("dist_down_since", "dist_back_in_service")
    def _compute_dist_downtime_hours(self):
        for request in self:
            if request.dist_down_since and request.dist_back_in_service:
                seconds = (request.dist_back_in_service - request.dist_down_since).total_seconds()
                request.dist_downtime_hours = max(seconds, 0.0) / 3600.0
            else:
                request.dist_downtime_hours = 0.0

    def _compute_dist_delayed_picking_ids(self):
        pickings = self.env["stock.picking"]
        by_request = {}
        saved = self.filtered("id")
        if saved:
            query = SQL(
                "SELECT r.id, p.id %s AND r.id IN %s ORDER BY p.scheduled_date, p.id",
                self._dist_delay_sql(),
                tuple(saved.ids),
            )
            for request_id, picking_id in self.env.execute_query(query):
                by_request.setdefault(request_id, []).append(picking_id)
        for request in self:
            delayed = pickings.browse(by_request.get(request.id, []))
            request.dist_delayed_picking_ids = delayed
            request.dist_delayed_picking_count = len(delayed)
            request.dist_delays_dispatch = bool(delayed)

    def _search_dist_delays_dispatch(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Only = True and = False are supported on this field."))
        positive = (operator == "=") == value
        subquery = SQL("(SELECT r.id %s)", self._dist_delay_sql())
        return [("id", "in" if positive else "not in", subquery)]

    @api.constrains("dist_down_since", "dist_back_in_service")
    def _check_dist_down_since(self):
        # Datetime.now() drops the microseconds that a creation date keeps: a request created
        # this very second would otherwise be down since "the future".
        now = fields.Datetime.now() + timedelta(seconds=1)
        for request in self.filtered("dist_down_since"):
            if request.dist_down_since > (request.dist_back_in_service or now):
                raise ValidationError(
                    self.env._(
                        "%s: the equipment cannot be down since a moment after it was back in service, "
                        "or in the future.",
                        request.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(ENGINE_FIELDS & vals.keys() for vals in vals_list):
            raise UserError(self._dist_engine_field_message())
        requests = super().create(vals_list)
        requests._dist_track_downtime()
        return requests

    def write(self, vals):
        if not self.env.su and ENGINE_FIELDS & vals.keys():
            raise UserError(self._dist_engine_field_message())
        result = super().write(vals)
        if {"stage_id", "archive"} & vals.keys():
            self._dist_track_downtime()
        return result

    def action_view_dist_delayed_pickings(self):
        self.ensure_one()
        return self.dist_delayed_picking_ids._dist_action_view_delayed(self.env._("Delayed by %s", self.name))

    @api.model
    def _dist_engine_field_message(self):
        return self.env._(
            "Back in Service is set when the request reaches a done stage or is cancelled: move the request "
            "to its stage instead."
        )

    def _dist_is_closed(self):
        self.ensure_one()
        return self.archive or self.stage_id.done

    def _dist_track_downtime(self):
        """Stamp Back in Service on the requests that closed (and clear it on those reopened),
        and close their equipment-down exceptions at once instead of at the next pass."""
        closing = self.filtered(lambda r: r._dist_is_closed() and not r.dist_back_in_service)
        reopened = self.filtered(lambda r: not r._dist_is_closed() and r.dist_back_in_service)
        if closing:
            closing.sudo().write({"dist_back_in_service": fields.Datetime.now()})
        if reopened:
            reopened.sudo().write({"dist_back_in_service": False})
        if not closing:
            return
        exc_type = self.env["dist.exception.type"].sudo().search([("code", "=", "equipment_down")], limit=1)
        if not exc_type:
            return
        exceptions = self.env["dist.exception"].sudo()
        cancelled = closing.filtered("archive")
        if closing - cancelled:
            exceptions._dist_clear(
                exc_type,
                (closing - cancelled).sudo(),
                self.env._("The maintenance request reached a done stage: the equipment is back in service."),
            )
        if cancelled:
            exceptions._dist_clear(exc_type, cancelled.sudo(), self.env._("The maintenance request was cancelled."))

    @api.model
    def _dist_delay_sql(self):
        """FROM and WHERE clauses pairing breakdown requests ``r`` with the late deliveries
        ``p`` of their equipment's warehouse scheduled in the downtime window: late means
        shipped, or still not shipped now, after the scheduled date plus the dispatch grace."""
        now = fields.Datetime.now()
        # The fields read below, flushed before the query runs (also inside a search domain).
        to_flush = SQL().join(
            SQL("", to_flush=self.env[model]._fields[name]) for model, names in DELAY_FIELDS.items() for name in names
        )
        return SQL(
            """%(fields_read)s
              FROM maintenance_request r
              JOIN maintenance_equipment e ON e.id = r.equipment_id
              JOIN stock_warehouse w ON w.id = e.dist_warehouse_id
              JOIN stock_picking_type t ON t.warehouse_id = w.id AND t.code = 'outgoing'
              JOIN stock_picking p ON p.picking_type_id = t.id AND p.company_id = r.company_id
             WHERE r.maintenance_type = 'corrective'
               AND p.state != 'cancel'
               AND p.scheduled_date >= r.dist_down_since
               AND p.scheduled_date <= COALESCE(r.dist_back_in_service, %(now)s)
               AND CASE WHEN p.state = 'done' THEN p.date_done ELSE %(now)s END
                   > p.scheduled_date + make_interval(secs => COALESCE(w.dist_dispatch_grace_hours, 0) * 3600)
            """,
            fields_read=to_flush,
            now=now,
        )

    @api.model
    def _dist_detect_equipment_down(self, _exception_type):
        """Open breakdowns of warehouse equipment."""
        return self.search(
            [
                ("maintenance_type", "=", "corrective"),
                ("archive", "=", False),
                ("stage_id.done", "=", False),
                ("equipment_id.dist_warehouse_id", "!=", False),
            ]
        )

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for request in self:
            values[request.id].update(
                equipment_id=request.equipment_id.id,
                maintenance_request_id=request.id,
                warehouse_id=request.equipment_id.dist_warehouse_id.id,
            )
        return values

    def _dist_exception_values_equipment_down(self, _exception_type):
        return {
            request.id: {
                "description": self.env._(
                    "%(equipment)s is down since %(since)s (%(request)s, team %(team)s, technician %(technician)s).",
                    equipment=request.equipment_id.display_name,
                    since=request.company_id._dist_format_datetime(request.dist_down_since),
                    request=request.name,
                    team=request.maintenance_team_id.name or "-",
                    technician=request.user_id.name or "-",
                )
            }
            for request in self
        }
