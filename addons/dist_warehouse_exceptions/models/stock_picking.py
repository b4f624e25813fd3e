# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, formatLang


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "dist.exception.mixin"]

    dist_short_reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Short Pick Reason",
        domain=[("usage", "=", "short_pick")],
        copy=False,
        tracking=True,
        help="Why less than the demand was picked. Asked at validation when the warehouse requires it.",
    )
    dist_short_reason_required = fields.Boolean(compute="_compute_dist_short_reason_required")
    dist_is_short = fields.Boolean(
        string="Short Picked",
        compute="_compute_dist_is_short",
        store=True,
        help="Validated with less than the demand.",
    )
    dist_return_reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Return Reason",
        domain=[("usage", "=", "return")],
        copy=False,
        readonly=True,
        tracking=True,
    )

    dist_return_authorization_id = fields.Many2one(
        comodel_name="dist.return.authorization",
        string="Return Authorization",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The authorization this customer return was created under.",
        groups="stock.group_stock_user",
    )
    dist_return_authorization_ids = fields.One2many(
        comodel_name="dist.return.authorization",
        inverse_name="picking_id",
        string="Return Authorizations",
        groups="stock.group_stock_user",
    )

    @api.constrains("dist_short_reason_id", "dist_return_reason_id")
    def _check_dist_reason_usage(self):
        self.dist_short_reason_id._dist_check_usage("short_pick")
        self.dist_return_reason_id._dist_check_usage("return")

    @api.depends("picking_type_id", "picking_type_id.warehouse_id.dist_short_reason_required")
    def _compute_dist_short_reason_required(self):
        for picking in self:
            picking.dist_short_reason_required = picking._dist_is_pick_operation() and bool(
                picking.picking_type_id.warehouse_id.dist_short_reason_required
            )

    @api.depends("move_ids.dist_short_qty")
    def _compute_dist_is_short(self):
        for picking in self:
            picking.dist_is_short = any(move.dist_short_qty > 0 for move in picking.move_ids)

    @api.model_create_multi
    def create(self, vals_list):
        self._dist_check_return_authorizations(vals_list)
        pickings = super().create(vals_list)
        # Read as superuser: whoever creates a transfer may lack the Inventory group of the field.
        returns = pickings.filtered(lambda p: p.sudo().dist_return_authorization_id)
        for picking in returns:
            authorization = picking.sudo().dist_return_authorization_id
            authorization.write({"state": "used", "return_picking_id": picking.id})
            authorization.message_post(body=self.env._("Returned with %s.", picking.name))
        returns._dist_check_authorized_quantities()
        return pickings

    def write(self, vals):
        if not self.env.su:
            if "dist_return_authorization_id" in vals:
                raise UserError(self.env._("A return is linked to its authorization when it is created, never after."))
            if "return_id" in vals:
                if self.sudo().filtered("dist_return_authorization_id"):
                    raise UserError(self.env._("A return made under an authorization keeps the delivery it returns."))
                if vals["return_id"]:
                    self._dist_check_return_authorizations([{"return_id": vals["return_id"]}])
        return super().write(vals)

    def action_cancel(self):
        result = super().action_cancel()
        self._dist_reopen_authorizations()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_reopen_authorizations(self):
        self._dist_reopen_authorizations(deleted=True)

    def _dist_reopen_authorizations(self, deleted=False):
        """A return cancelled or deleted gives its authorization back."""
        returns = self.sudo().filtered(
            lambda p: p.dist_return_authorization_id.state == "used" and (deleted or p.state == "cancel")
        )
        returns.dist_return_authorization_id._dist_reopen()

    @api.model
    def _dist_check_return_authorizations(self, vals_list):
        """Refuse a return of a customer delivery, in a warehouse requiring it, without an
        authorized return authorization of that delivery, whatever path creates it; an
        authorization covers one return."""
        given = [
            vals.get("dist_return_authorization_id") for vals in vals_list if vals.get("dist_return_authorization_id")
        ]
        if len(given) != len(set(given)):
            raise UserError(self.env._("A return authorization covers one return."))
        for vals in vals_list:
            origin = self.browse(vals.get("return_id") or [])
            authorization = self.env["dist.return.authorization"].browse(vals.get("dist_return_authorization_id") or [])
            if authorization:
                if not origin:
                    raise UserError(self.env._("%s authorizes a return, not this transfer.", authorization.sudo().name))
                authorization.sudo()._dist_check_covers(origin, {})
                continue
            if not origin or origin.picking_type_code != "outgoing" or self.env.su:
                continue
            if origin.picking_type_id.warehouse_id.dist_return_authorization_required:
                raise UserError(
                    self.env._(
                        "%(warehouse)s takes customer returns only under a return authorization: authorize the "
                        "return of %(picking)s first (Authorize Return on the delivery), then return it with it.",
                        warehouse=origin.picking_type_id.warehouse_id.name,
                        picking=origin.name,
                    )
                )

    def _dist_check_authorized_quantities(self):
        """The moves of returns made under an authorization stay within it, however they
        are added or changed."""
        if self.env.su:
            return
        for picking in self.sudo().filtered(lambda p: p.dist_return_authorization_id and p.state != "cancel"):
            quantities = {}
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                quantity = max(move.product_uom_qty, move.quantity)
                quantity = move.product_uom._compute_quantity(quantity, move.product_id.uom_id)
                quantities[move.product_id] = quantities.get(move.product_id, 0.0) + quantity
            picking.dist_return_authorization_id._dist_check_covers(picking.return_id, quantities, used=True)

    def _dist_is_pick_operation(self):
        """Deliveries and the pick step of a multi-step delivery: where a short pick hurts a customer."""
        self.ensure_one()
        picking_type = self.picking_type_id
        return picking_type.code == "outgoing" or picking_type == picking_type.warehouse_id.pick_type_id

    def _dist_short_moves(self):
        """{move: missing quantity} for the moves of ``self`` picked below their demand."""
        shortages = {}
        for picking in self:
            if not picking._dist_is_pick_operation():
                continue
            # Nothing marked picked means every quantity counts, as Odoo validates it.
            none_picked = not any(picking.move_ids.mapped("picked"))
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                rounding = move.product_uom.rounding
                picked = move.quantity if move.picked or none_picked else 0.0
                if float_compare(picked, move.product_uom_qty, precision_rounding=rounding) < 0:
                    shortages[move] = move.product_uom_qty - picked
        return shortages

    def _pre_action_done_hook(self):
        result = super()._pre_action_done_hook()
        if result is not True or self.env.su:
            # The backorder dialog asks for the short-pick reason itself; data files and
            # Odoo's own sudo'ed flows validate without a person to ask.
            return result
        short_pickings = self.browse({move.picking_id.id for move in self._dist_short_moves()})
        missing = short_pickings.filtered(lambda p: p.dist_short_reason_required and not p.dist_short_reason_id)
        if missing:
            raise UserError(
                self.env._(
                    "%(pickings)s is short of its demand and %(warehouses)s asks why: set the Short Pick Reason "
                    "on the transfer, then validate again.",
                    pickings=", ".join(missing.mapped("name")),
                    warehouses=", ".join(missing.picking_type_id.warehouse_id.mapped("name")),
                )
            )
        return result

    def _action_done(self):
        shortages = self._dist_short_moves()
        returns = self.filtered(lambda p: p.dist_return_reason_id.raise_exception and p.state != "done")
        result = super()._action_done()
        for move, qty in shortages.items():
            move.dist_short_qty = qty
        short_pickings = self.browse({move.picking_id.id for move in shortages})
        if short_pickings:
            self._dist_raise_or_note("short_pick", short_pickings)
        if returns:
            self._dist_raise_or_note("customer_return", returns.filtered(lambda p: p.state == "done"))
        return result

    def action_dist_authorize_return(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Authorization"),
            "res_model": "dist.return.authorization",
            "view_mode": "form",
            "context": {"default_picking_id": self.id},
        }

    def action_dist_view_return_authorizations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_warehouse_exceptions.dist_return_authorization_action"
        )
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {"default_picking_id": self.id}
        return action

    def _dist_raise_or_note(self, code, pickings):
        """Open an exception of type ``code`` on ``pickings``; a picking that already has
        one open (reported from the scanner, say) gets the new facts in its chatter."""
        # Exceptions are the suite's records: warehouse staff without a suite role raise them
        # by validating transfers, so they are read and written with sudo on their behalf.
        exc_type = self.env["dist.exception.type"].sudo().search([("code", "=", code)], limit=1)
        if not exc_type or not pickings:
            return self.env["dist.exception"]
        pickings = pickings.sudo()
        exceptions = self.env["dist.exception"].sudo()
        created = exceptions._dist_raise(exc_type, pickings)
        existing = exceptions.search(
            [
                ("type_id", "=", exc_type.id),
                ("res_model", "=", self._name),
                ("res_id", "in", (pickings - pickings.browse(created.mapped("res_id"))).ids),
                ("state", "in", ("new", "acknowledged", "in_progress", "on_hold")),
            ]
        )
        descriptions = pickings._dist_exception_values(exc_type)
        for exc in existing:
            exc.message_post(body=descriptions[exc.res_id].get("description") or "")
        return created | existing

    @api.model
    def _dist_overdue_by_warehouse(self, domain, hours_field):
        """Pickings matching ``domain`` whose scheduled date is older than their active
        warehouse's ``hours_field`` allows: one query, each warehouse's allowance read in SQL."""
        self.env["stock.warehouse"].flush_model([hours_field, "active"])
        self.env["stock.picking.type"].flush_model(["warehouse_id"])
        self.flush_model(["scheduled_date", "picking_type_id"])
        query = self._search(domain)
        picking_type = query.join(self._table, "picking_type_id", "stock_picking_type", "id", "dist_type")
        warehouse = query.join(picking_type, "warehouse_id", "stock_warehouse", "id", "dist_warehouse")
        query.add_where(
            SQL(
                "%s AND %s < %s - COALESCE(%s, 0) * INTERVAL '1 hour'",
                SQL.identifier(warehouse, "active"),
                SQL.identifier(self._table, "scheduled_date"),
                fields.Datetime.now(),
                SQL.identifier(warehouse, hours_field),
            )
        )
        return self.browse(id_ for (id_,) in self.env.execute_query(query.select()))

    @api.model
    def _dist_detect_transfer_blocked(self, _exception_type):
        """Deliveries and internal transfers still waiting for stock or for another
        operation long after their scheduled date."""
        return self._dist_overdue_by_warehouse(
            [("state", "in", ("confirmed", "waiting")), ("picking_type_code", "in", ("outgoing", "internal"))],
            "dist_blocked_hours",
        )

    @api.model
    def _dist_detect_dispatch_delay(self, _exception_type):
        """Deliveries ready to ship but not shipped after their scheduled date."""
        return self._dist_overdue_by_warehouse(
            [("state", "=", "assigned"), ("picking_type_code", "=", "outgoing")],
            "dist_dispatch_grace_hours",
        )

    @api.model
    def _dist_detect_damage_order_impact(self, exception_type):
        """Deliveries hit by damaged stock stay in the queue until fully reserved again."""
        open_ids = (
            self.env["dist.exception"]
            .search([("type_id", "=", exception_type.id), ("state", "in", OPEN_STATES)])
            .mapped("res_id")
        )
        short_moves = self.env["stock.move"].search(
            [("picking_id", "in", open_ids), ("state", "in", ("confirmed", "partially_available", "waiting"))]
        )
        return short_moves.picking_id

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for picking in self:
            vals = values[picking.id]
            vals["partner_id"] = picking.partner_id.commercial_partner_id.id or False
            vals["warehouse_id"] = picking.picking_type_id.warehouse_id.id or False
            vals["location_id"] = picking.location_id.id
            if len(picking.move_ids.product_id) == 1:
                vals["product_id"] = picking.move_ids.product_id.id
            vals["description"] = self.env._(
                "%(state)s since %(date)s, scheduled %(scheduled)s, source %(origin)s.",
                state=dict(self._fields["state"]._description_selection(self.env))[picking.state],
                date=picking.company_id._dist_format_datetime(picking.write_date),
                scheduled=picking.company_id._dist_format_datetime(picking.scheduled_date),
                origin=picking.origin or "-",
            )
        return values

    def _dist_exception_values_short_pick(self, _exception_type):
        values = {}
        for picking in self:
            lines = [
                self.env._(
                    "%(product)s: %(short)s short of %(demand)s",
                    product=move.product_id.display_name,
                    short=formatLang(self.env, move.dist_short_qty or move.product_uom_qty - move.quantity),
                    demand=formatLang(self.env, move.product_uom_qty + move.dist_short_qty),
                )
                for move in picking.move_ids
                if move.dist_short_qty or move.quantity < move.product_uom_qty
            ]
            reason = picking.dist_short_reason_id.display_name or self.env._("no reason given")
            values[picking.id] = {"description": "<br/>".join([self.env._("Reason: %s", reason), *lines])}
        return values

    def _dist_exception_values_customer_return(self, _exception_type):
        values = {}
        for picking in self:
            lines = [
                self.env._(
                    "%(product)s: %(qty)s returned",
                    product=move.product_id.display_name,
                    qty=formatLang(self.env, move.quantity),
                )
                for move in picking.move_ids
            ]
            header = self.env._(
                "Return of %(origin)s. Reason: %(reason)s",
                origin=picking.return_id.name or picking.origin or "",
                reason=picking.dist_return_reason_id.display_name,
            )
            values[picking.id] = {"description": "<br/>".join([header, *lines])}
        return values
