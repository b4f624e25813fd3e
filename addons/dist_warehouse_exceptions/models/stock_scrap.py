# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
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

    def do_scrap(self):
        result = super().do_scrap()
        damaged = self.filtered("dist_reason_id")
        exc_type = self.env.ref("dist_warehouse_exceptions.dist_exception_type_stock_damage", raise_if_not_found=False)
        if exc_type and damaged:
            self.env["dist.exception"].sudo()._dist_raise(exc_type, damaged)
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
                        "%(qty)s %(product)s scrapped from %(location)s: %(reason)s.",
                        qty=formatLang(self.env, scrap.scrap_qty),
                        product=scrap.product_id.display_name,
                        location=scrap.location_id.display_name,
                        reason=scrap.dist_reason_id.display_name,
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
        pickings = moves.picking_id
        created = self.env["dist.exception"].sudo()._dist_raise(exc_type, pickings)
        damage = "<br/>".join(
            self.env._(
                "%(qty)s %(product)s scrapped from %(location)s (%(reason)s, %(scrap)s).",
                qty=formatLang(self.env, scrap.scrap_qty),
                product=scrap.product_id.display_name,
                location=scrap.location_id.display_name,
                reason=scrap.dist_reason_id.display_name or self.env._("no reason given"),
                scrap=scrap.name,
            )
            for scrap in self
        )
        for exc in created:
            exc.description = damage + "<br/>" + self.env._("This delivery is no longer covered by stock.")
            root_cause = self.dist_reason_id.root_cause_id[:1]
            if root_cause:
                exc.root_cause_id = root_cause
