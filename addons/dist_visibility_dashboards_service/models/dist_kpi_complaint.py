# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.addons.dist_visibility_dashboards.models.kpi_sql import create_view
from odoo.tools import SQL


class DistKpiComplaint(models.Model):
    """One row per helpdesk ticket: recurrence and SLA breach (dist_service_sla)."""

    _name = "dist.kpi.complaint"
    _description = "Complaints and Ticket SLA"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(string="Opened On", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    root_cause_id = fields.Many2one(comodel_name="dist.root.cause", readonly=True)
    ticket_team = fields.Char(string="Helpdesk Team", readonly=True)
    recurrence = fields.Float(string="Recurrence (%)", readonly=True, aggregator="avg")
    breached = fields.Float(string="SLA Breach Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        create_view(
            self.env.cr,
            self._table,
            SQL(
                """
                SELECT ticket.id AS id, ticket.dist_sla_start_date AS date, ticket.company_id,
                       ticket.commercial_partner_id AS partner_id, ticket.dist_product_id AS product_id,
                       ticket.dist_root_cause_id AS root_cause_id, team.name->>'en_US' AS ticket_team,
                       CASE WHEN ticket.dist_is_recurrence THEN 100.0 ELSE 0.0 END AS recurrence,
                       CASE WHEN ticket.dist_sla_policy_id IS NULL THEN NULL
                            WHEN ticket.dist_sla_breached THEN 100.0 ELSE 0.0 END AS breached
                  FROM helpdesk_ticket ticket
                  LEFT JOIN helpdesk_ticket_team team ON team.id = ticket.team_id
                """
            ),
        )
