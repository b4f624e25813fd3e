# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    dist_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        # Not "Working Hours": OCA helpdesk_mgmt_sla's calendar of its own SLAs has that label.
        string="SLA Calendar",
        help="Calendar the SLA clocks of this team's tickets run on; the company's when empty.",
    )
    dist_send_acknowledgement = fields.Boolean(
        string="Acknowledge New Tickets",
        help="Email the customer an acknowledgement with the SLA when they open a ticket.",
    )
    dist_send_resolution = fields.Boolean(
        string="Email the Resolution",
        help="Email the customer the resolution, with whether the SLA was met, when a ticket is "
        "closed. The closing stages may send helpdesk's own email as well: clear their template "
        "to send only this one.",
    )
    dist_followup_sequence_id = fields.Many2one(
        comodel_name="dist.followup.sequence",
        string="Customer Follow-ups",
        domain="[('res_model', '=', 'helpdesk.ticket'), ('company_id', 'in', (company_id, False))]",
        help="Updates the customer gets on a schedule until their ticket is closed, each with a link to the "
        "ticket on the portal. Empty: no scheduled updates.",
    )
    dist_last_assigned_id = fields.Many2one(
        comodel_name="res.users",
        string="Last Assigned (round-robin)",
        readonly=True,
    )

    @api.constrains("dist_followup_sequence_id")
    def _check_dist_followup_sequence(self):
        for team in self:
            team.dist_followup_sequence_id._dist_check_follows("helpdesk.ticket", self.env._("tickets"))
