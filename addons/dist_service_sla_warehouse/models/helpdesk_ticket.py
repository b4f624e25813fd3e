# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

STOCK_USER = "stock.group_stock_user"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    dist_return_authorization_ids = fields.One2many(
        comodel_name="dist.return.authorization",
        inverse_name="ticket_id",
        string="Return Authorizations",
        groups=STOCK_USER,
    )

    def action_dist_authorize_return(self):
        """A return authorization of the ticket's shipped delivery, for the ticket."""
        self.ensure_one()
        picking = self.dist_picking_id
        if not picking or picking.picking_type_code != "outgoing" or picking.state != "done":
            raise UserError(
                self.env._("A return is authorized for a delivery that was shipped: set the ticket's delivery.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Authorization"),
            "res_model": "dist.return.authorization",
            "view_mode": "form",
            "context": {"default_picking_id": picking.id, "default_ticket_id": self.id},
        }

    def action_dist_view_return_authorizations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dist_warehouse_exceptions.dist_return_authorization_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id, "default_picking_id": self.dist_picking_id.id}
        return action
