# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .kpi_sql import column_exists, create_view, view_reads


class DistKpiComplaint(models.Model):
    """One row per helpdesk ticket (dist_service_sla): recurrence and SLA breach."""

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

    def _register_hook(self):
        # Its source module may have been installed after this one: read it from now on.
        result = super()._register_hook()
        cr = self.env.cr
        if column_exists(cr, "helpdesk_ticket", "dist_is_recurrence") and not view_reads(
            cr, self._table, "dist_is_recurrence"
        ):
            self.init()
        return result

    def init(self):
        if column_exists(self.env.cr, "helpdesk_ticket", "dist_is_recurrence"):
            query = SQL(
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
            )
        else:
            query = SQL(
                """
                SELECT NULL::integer AS id, NULL::timestamp AS date, NULL::integer AS company_id,
                       NULL::integer AS partner_id, NULL::integer AS product_id, NULL::integer AS root_cause_id,
                       NULL::varchar AS ticket_team, NULL::float AS recurrence, NULL::float AS breached
                 WHERE FALSE
                """
            )
        create_view(self.env.cr, self._table, query)
