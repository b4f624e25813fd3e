# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class StockBackorderConfirmation(models.TransientModel):
    _inherit = "stock.backorder.confirmation"

    dist_short_reason_id = fields.Many2one(
        comodel_name="dist.stock.reason",
        string="Short Pick Reason",
        domain=[("usage", "=", "short_pick")],
    )
    dist_short_reason_required = fields.Boolean(compute="_compute_dist_short_reason_required")

    @api.constrains("dist_short_reason_id")
    def _check_dist_reason_usage(self):
        self.dist_short_reason_id._dist_check_usage("short_pick")

    @api.depends("pick_ids")
    def _compute_dist_short_reason_required(self):
        for wizard in self:
            wizard.dist_short_reason_required = any(
                picking.dist_short_reason_required and not picking.dist_short_reason_id for picking in wizard.pick_ids
            )

    def _dist_record_reason(self):
        if self.dist_short_reason_required and not self.dist_short_reason_id and not self.env.su:
            raise UserError(
                self.env._(
                    "Say why %(pickings)s is short: %(warehouses)s requires it. Choose a short pick reason in "
                    "this dialog, then validate again.",
                    pickings=", ".join(self.pick_ids.mapped("name")),
                    warehouses=", ".join(
                        self.pick_ids.filtered("dist_short_reason_required").picking_type_id.warehouse_id.mapped("name")
                    ),
                )
            )
        if self.dist_short_reason_id:
            self.pick_ids.filtered(lambda p: p.dist_short_reason_required and not p.dist_short_reason_id).write(
                {"dist_short_reason_id": self.dist_short_reason_id.id}
            )

    def process(self):
        self._dist_record_reason()
        return super().process()

    def process_cancel_backorder(self):
        self._dist_record_reason()
        return super().process_cancel_backorder()
