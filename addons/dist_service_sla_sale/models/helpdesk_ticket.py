# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

STOCK_USER = "stock.group_stock_user"


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    dist_sale_order_id = fields.Many2one(comodel_name="sale.order", string="Sales Order", index="btree_not_null")
    dist_picking_id = fields.Many2one(comodel_name="stock.picking", string="Delivery", index="btree_not_null")
    dist_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        index="btree_not_null",
        domain=[("move_type", "in", ("out_invoice", "out_refund"))],
    )
    # Agents without Inventory rights work tickets too: the returns are shown to those who
    # may open them.
    dist_return_ids = fields.One2many(
        comodel_name="stock.picking", inverse_name="dist_ticket_id", string="Returns", groups=STOCK_USER
    )
    dist_return_count = fields.Integer(compute="_compute_dist_return_count", groups=STOCK_USER)

    @api.depends("dist_sale_order_id.name", "dist_picking_id.name", "dist_invoice_id.name")
    def _compute_dist_documents_label(self):
        # The customer emails name the documents to agents who may not open them, as the form does.
        for ticket in self:
            sudo_ticket = ticket.sudo()
            ticket.dist_documents_label = ", ".join(
                f"{kind} {document.name}"
                for kind, document in (
                    (self.env._("order"), sudo_ticket.dist_sale_order_id),
                    (self.env._("delivery"), sudo_ticket.dist_picking_id),
                    (self.env._("invoice"), sudo_ticket.dist_invoice_id),
                )
                if document
            )

    def _compute_dist_return_count(self):
        groups = self.env["stock.picking"]._read_group(
            [("dist_ticket_id", "in", self.ids)], groupby=["dist_ticket_id"], aggregates=["__count"]
        )
        counts = {ticket.id: count for ticket, count in groups}
        for ticket in self:
            ticket.dist_return_count = counts.get(ticket.id, 0)

    @api.model
    def _dist_document_fields(self):
        return dict(
            super()._dist_document_fields(),
            **{
                "sale.order": "dist_sale_order_id",
                "stock.picking": "dist_picking_id",
                "account.move": "dist_invoice_id",
            },
        )

    def action_dist_start_return(self):
        self.ensure_one()
        picking = self.dist_picking_id
        if not picking or picking.picking_type_code != "outgoing" or picking.state != "done":
            raise UserError(self.env._("A return starts from a delivery that was shipped: set the ticket's delivery."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return for %s", self.display_name),
            "res_model": "stock.return.picking",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_id": picking.id,
                "active_ids": picking.ids,
                "active_model": "stock.picking",
                "dist_ticket_id": self.id,
            },
        }

    def action_dist_view_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("dist_ticket_id", "=", self.id)]
        action["context"] = {}
        return action
