# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.addons.dist_exception_core.models.selection import EXCEPTION_STATES, KPIS, LAYERS, OPEN_STATES, SEVERITIES
from odoo.tools import SQL

from .kpi_sql import create_view


class DistKpiException(models.Model):
    """One row per exception: aging, resolution time, SLA breach rate, cost by cause.

    Exception aging is the average age of the exceptions open at the period's end
    (dist.kpi's ``age`` aggregate over ``date`` and ``closed_date``); a closed exception's
    time to closure is ``resolution_days``, never mixed with ages."""

    _name = "dist.kpi.exception"
    _description = "Exception KPIs"
    _auto = False
    _order = "date desc"
    _rec_name = "exception_id"

    exception_id = fields.Many2one(comodel_name="dist.exception", readonly=True)
    date = fields.Datetime(string="Detected", readonly=True)
    closed_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    type_id = fields.Many2one(comodel_name="dist.exception.type", readonly=True)
    layer = fields.Selection(selection=LAYERS, readonly=True)
    kpi = fields.Selection(selection=KPIS, string="KPI Impacted", readonly=True)
    severity = fields.Selection(selection=SEVERITIES, readonly=True)
    state = fields.Selection(selection=EXCEPTION_STATES, readonly=True)
    is_open = fields.Boolean(string="Open", readonly=True)
    team_id = fields.Many2one(comodel_name="dist.exception.team", readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Owner", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    root_cause_id = fields.Many2one(comodel_name="dist.root.cause", readonly=True)
    age_days = fields.Float(
        string="Age (days)",
        readonly=True,
        aggregator="avg",
        help="Today's age of an open one; empty once closed.",
    )
    resolution_days = fields.Float(
        string="Resolution Time (days)",
        readonly=True,
        aggregator="avg",
        help="Days from detection to closure of a closed exception; empty while open.",
    )
    breached = fields.Float(string="SLA Breach Rate (%)", readonly=True, aggregator="avg")
    cost_amount = fields.Float(string="Cost", readonly=True)
    cost_type = fields.Selection(
        # The cost types are the exception's, where they are defined.
        selection=lambda self: self.env["dist.exception"]._fields["cost_type"]._description_selection(self.env),
        readonly=True,
    )

    def init(self):
        create_view(
            self.env.cr,
            self._table,
            SQL(
                """
                SELECT exc.id AS id,
                       exc.id AS exception_id,
                       exc.detected_date AS date,
                       exc.resolved_date AS closed_date,
                       exc.company_id,
                       exc.type_id,
                       exc.layer,
                       exc.kpi,
                       exc.severity,
                       exc.state,
                       exc.state IN %s AS is_open,
                       exc.team_id,
                       exc.user_id,
                       exc.partner_id,
                       exc.product_id,
                       exc.root_cause_id,
                       CASE WHEN exc.state IN %s
                            THEN EXTRACT(EPOCH FROM (NOW() AT TIME ZONE 'UTC' - exc.detected_date)) / 86400
                       END AS age_days,
                       CASE WHEN exc.state NOT IN %s AND exc.resolved_date IS NOT NULL
                            THEN EXTRACT(EPOCH FROM (exc.resolved_date - exc.detected_date)) / 86400
                       END AS resolution_days,
                       CASE WHEN exc.state = 'cancelled' THEN NULL
                            WHEN exc.sla_breached THEN 100.0 ELSE 0.0 END AS breached,
                       exc.cost_amount,
                       exc.cost_type
                  FROM dist_exception exc
                """,
                OPEN_STATES,
                OPEN_STATES,
                OPEN_STATES,
            ),
        )

    def action_open_exception(self):
        self.ensure_one()
        return self.exception_id.get_formview_action()
