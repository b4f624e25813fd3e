# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import formatLang


class StockScrap(models.Model):
    _name = "stock.scrap"
    _inherit = ["stock.scrap", "dist.exception.mixin"]

    dist_reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Damage Reason",
        domain=[("usage", "=", "damage")],
        tracking=True,
        help="What damaged the goods: it becomes the root cause of the exceptions the damage causes.",
    )

    dist_reason_required = fields.Boolean(
        compute="_compute_dist_reason_required",
        string="Damage Reason Required",
        help="The warehouse of the source location scraps only with a damage reason.",
    )

    @api.constrains("dist_reason_id")
    def _check_dist_reason_usage(self):
        self.dist_reason_id._dist_check_usage("damage")

    @api.depends("location_id")
    def _compute_dist_reason_required(self):
        for scrap in self:
            scrap.dist_reason_required = bool(scrap.location_id.sudo().warehouse_id.dist_damage_reason_required)

    @api.model_create_multi
    def create(self, vals_list):
        scraps = super().create(vals_list)
        # A scrap created as done (over the API, say) skips do_scrap: it keeps the rule too.
        scraps.filtered(lambda s: s.state == "done")._dist_check_damage_reason()
        return scraps

    def write(self, vals):
        result = super().write(vals)
        if {"state", "dist_reason_id", "location_id"} & vals.keys():
            self.filtered(lambda s: s.state == "done")._dist_check_damage_reason()
        return result

    def _dist_check_damage_reason(self):
        """Refuse scrapping without a damage reason from a warehouse that requires one."""
        if self.env.su:
            return
        missing = self.filtered(lambda s: s.dist_reason_required and not s.dist_reason_id)
        if missing:
            raise UserError(
                self.env._(
                    "Say what damaged the goods before scrapping them: %(warehouses)s requires a Damage Reason "
                    "on every scrap. Choose one on %(scraps)s and validate again.",
                    warehouses=", ".join(missing.location_id.sudo().warehouse_id.mapped("name")),
                    scraps=", ".join(
                        f"{s.product_id.display_name} @ {s.location_id.display_name}" for s in missing[:10]
                    ),
                )
            )

    def action_validate(self):
        # Before the insufficient-quantity dialog: it would validate without asking again.
        self._dist_check_damage_reason()
        return super().action_validate()

    def do_scrap(self):
        self._dist_check_damage_reason()
        result = super().do_scrap()
        damaged = self.filtered("dist_reason_id")
        exc_type = self.env.ref("dist_warehouse_exceptions.dist_exception_type_stock_damage", raise_if_not_found=False)
        if exc_type and damaged:
            self.env["dist.exception"].sudo()._dist_raise(exc_type.sudo(), damaged.sudo())
        self._dist_flag_hit_deliveries()
        return result

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for scrap in self:
            values[scrap.id].update(
                {
                    "warehouse_id": scrap.location_id.warehouse_id.id or False,
                    "location_id": scrap.location_id.id,
                    "root_cause_id": scrap.dist_reason_id.root_cause_id.id or False,
                    "description": self.env._(
                        "%(qty)s %(uom)s of %(product)s scrapped from %(location)s: %(reason)s.",
                        qty=formatLang(self.env, scrap.scrap_qty),
                        uom=scrap.product_uom_id.name,
                        product=scrap.product_id.display_name,
                        location=scrap.location_id.display_name,
                        reason=scrap.dist_reason_id.display_name or self.env._("no reason given"),
                    ),
                }
            )
        return values

    def _dist_flag_hit_deliveries(self):
        """Open an exception on every customer delivery of the scrapped products that
        the remaining stock of the warehouse no longer covers."""
        exc_type = self.env.ref(
            "dist_warehouse_exceptions.dist_exception_type_damage_order_impact", raise_if_not_found=False
        )
        if not exc_type:
            return
        moves = self.env["stock.move"].search(
            [
                ("product_id", "in", self.product_id.ids),
                ("sale_line_id", "!=", False),
                ("picking_code", "=", "outgoing"),
                ("location_id.warehouse_id", "in", self.location_id.warehouse_id.ids),
                ("state", "in", ("confirmed", "partially_available", "waiting")),
            ]
        )
        if not moves:
            return
        pickings = moves.picking_id.sudo()
        created = self.env["dist.exception"].sudo()._dist_raise(exc_type.sudo(), pickings)
        damage = "<br/>".join(
            self.env._(
                "%(qty)s %(uom)s of %(product)s scrapped from %(location)s (%(reason)s, %(scrap)s).",
                qty=formatLang(self.env, scrap.scrap_qty),
                uom=scrap.product_uom_id.name,
                product=scrap.product_id.display_name,
                location=scrap.location_id.display_name,
                reason=scrap.dist_reason_id.display_name or self.env._("no reason given"),
                scrap=scrap.name,
            )
            for scrap in self
        )
        for exc in created:
            exc.description = damage + "<br/>" + self.env._("This delivery is no longer covered by stock.")
            root_cause = self.sudo().dist_reason_id.root_cause_id[:1]
            if root_cause:
                exc.root_cause_id = root_cause
