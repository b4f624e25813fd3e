# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class DistWorkspace(models.AbstractModel):
    _inherit = "dist.workspace"

    @api.model
    def _dist_service_sections(self):
        """The open tickets by SLA status first, then the ticket queue."""
        tiles, lists = super()._dist_service_sections()
        ticket_model = "helpdesk.ticket"
        open_tickets = [("stage_id.closed", "=", False)]
        ticket_tiles = [
            self._dist_tile(label, ticket_model, [*open_tickets, ("dist_sla_status", "=", status)], tone=tone)
            for label, status, tone in (
                (self.env._("Tickets breached"), "breached", "danger"),
                (self.env._("Tickets at risk"), "at_risk", "warning"),
                (self.env._("Tickets on track"), "on_track", "success"),
                (self.env._("Waiting for the customer"), "paused", "info"),
            )
        ]
        return [*ticket_tiles, *tiles], [self._dist_ticket_queue(open_tickets), *lists]

    @api.model
    def _dist_ticket_queue(self, open_tickets, limit=10):
        """The open tickets with an SLA, breached first, then by their next deadline: the
        queue the ticket tiles count, each row with its status now and when it is due."""
        tickets = self.env["helpdesk.ticket"]
        if not tickets.has_access("read"):
            return None
        domain = [*open_tickets, ("dist_sla_status", "!=", False)]
        # Breached first (the sticky flag), then the earliest resolution deadline.
        found = tickets.search(domain, order="dist_sla_breached desc, dist_resolution_deadline, id", limit=limit)
        return {
            "title": self.env._("Tickets, most urgent first"),
            "model": "helpdesk.ticket",
            "domain": domain,
            "rows": [
                self._dist_sla_row(
                    ticket, ticket.number or ticket.display_name, ticket.name, ticket.partner_id.display_name or ""
                )
                for ticket in found
            ],
            "owners": self._dist_owners(domain, model="helpdesk.ticket"),
        }

    @api.model
    def _dist_customer_facing_domain(self):
        # The types dist_service_sla flags as seen by the customer.
        return [("type_id.customer_facing", "=", True)]
