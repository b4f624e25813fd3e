# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DistExceptionResolve(models.TransientModel):
    _name = "dist.exception.resolve"
    _description = "Resolve Exceptions"

    exception_ids = fields.Many2many(comodel_name="dist.exception", string="Exceptions", required=True)
    layer = fields.Char(compute="_compute_layer")
    root_cause_id = fields.Many2one(comodel_name="dist.root.cause", required=True)
    resolution_note = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "dist.exception" and "exception_ids" in fields_list:
            values["exception_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    @api.depends("exception_ids")
    def _compute_layer(self):
        for wizard in self:
            layers = set(wizard.exception_ids.mapped("layer"))
            wizard.layer = layers.pop() if len(layers) == 1 else False

    def action_resolve(self):
        self.ensure_one()
        self.exception_ids._dist_resolve(self.root_cause_id, self.resolution_note)
        return {"type": "ir.actions.act_window_close"}
