# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class DistException(models.Model):
    _inherit = "dist.exception"

    def _dist_ticket_documents(self, source):
        documents = super()._dist_ticket_documents(source)
        # A ticket about a delivery or an invoice is about its order too, so that the
        # exceptions on the order, its deliveries and its invoices share one ticket.
        if "sale.order" not in documents:
            order = (
                documents.get("stock.picking", self.env["stock.picking"]).sale_id
                or documents.get("account.move", self.env["account.move"]).line_ids.sale_line_ids.order_id[:1]
            )
            if order:
                documents["sale.order"] = order
        return documents
