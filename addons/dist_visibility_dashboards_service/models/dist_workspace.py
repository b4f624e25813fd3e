# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class DistWorkspace(models.AbstractModel):
    _inherit = "dist.workspace"

    @api.model
    def _dist_service_sections(self):
        """The open tickets by SLA status first."""
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
        return [*ticket_tiles, *tiles], lists

    @api.model
    def _dist_customer_facing_domain(self):
        # The types dist_service_sla flags as seen by the customer.
        return [("type_id.customer_facing", "=", True)]
