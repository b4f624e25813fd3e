# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import KPIS
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

# The periods a workspace shows its KPIs over, in days (each a date option of the analyses).
PERIODS = (7, 30, 90)


class DistKpi(models.Model):
    """The catalogue of KPIs: what each one measures, how, and where to analyse it. The
    codes are core's KPIS, the KPI an exception type impacts; a KPI that needs another
    suite module comes with that module's bridge (dist_visibility_dashboards_*)."""

    _name = "dist.kpi"
    _description = "Key Performance Indicator"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(selection=KPIS, required=True)
    sequence = fields.Integer(default=10)
    definition = fields.Text(translate=True, help="What is measured, from which records, and the formula.")
    target = fields.Char(help="The level the business aims for, as text (e.g. “above 95 %”).")
    has_target = fields.Boolean(
        string="Numeric Target",
        help="The headline is held against Target Value: the workspace colours it by whether it meets it.",
    )
    target_value = fields.Float(
        digits=(16, 2),
        help="At least this when higher is better, at most this when lower is better.",
    )
    better = fields.Selection(
        selection=[("higher", "Higher is better"), ("lower", "Lower is better")],
        string="Better When",
        required=True,
        default="higher",
        help="Which way the figure improves: the workspaces colour its trend accordingly.",
    )
    available = fields.Boolean(
        compute="_compute_available",
        search="_search_available",
        help="Its figures model is installed (a KPI added by hand may name one that is not).",
    )
    action_xmlid = fields.Char(string="Analysis Action", help="External id of the pivot/graph action.")
    res_model = fields.Char(string="Figures From", help="Model whose records the KPI aggregates.")
    measure = fields.Char(help="Field aggregated to give the headline figure.")
    aggregate = fields.Selection(
        selection=[
            ("avg", "Average"),
            ("sum", "Sum"),
            ("count", "Count"),
            ("age", "Average Age of Open Items"),
        ],
        default="avg",
        help="Average, Sum, Count: of the measure over the records dated in the period. Average Age of Open "
        "Items: the average age, in days, at the period's end, of the records open then (dated before it, with "
        "no Closed date or one after it): the model needs Date and Closed Date fields.",
    )
    unit = fields.Char(default="%")
    domain = fields.Char(default="[]", help="Records counted in the headline figure.")
    value = fields.Float(string="Last 30 Days", compute="_compute_value", digits=(16, 1))
    previous_value = fields.Float(string="30 Days Before", compute="_compute_value", digits=(16, 1))
    has_data = fields.Boolean(compute="_compute_value", help="Some records were measured in the last 30 days.")
    previous_has_data = fields.Boolean(
        compute="_compute_value", help="Some records were measured in the 30 days before the last 30."
    )

    _sql_constraints = [("code_uniq", "unique(code)", "A KPI code must be unique.")]

    def _compute_available(self):
        for kpi in self:
            kpi.available = kpi.res_model in self.env

    def _search_available(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Only = True and = False are supported on this field."))
        models = [name for name in self.search_fetch([], ["res_model"]).mapped("res_model") if name in self.env]
        return [("res_model", "in" if (operator == "=") == value else "not in", models)]

    @api.depends_context("dist_kpi_days")
    def _compute_value(self):
        days = self._dist_period_days()
        now = fields.Datetime.now()
        start, before = fields.Datetime.subtract(now, days=days), fields.Datetime.subtract(now, days=2 * days)
        # One query per group of KPIs over the same records, both periods at once.
        groups = defaultdict(self.browse)
        for kpi in self:
            if kpi.available:
                groups[kpi.res_model, kpi.domain or "[]", kpi.aggregate == "age"] |= kpi
        figures = {}
        for kpis in groups.values():
            figures.update(kpis._dist_headlines([(before, start), (start, now)]))
        for kpi in self:
            previous, current = figures.get(kpi, (None, None))
            # A period without data has no figure ("no data"), not 0: has_data tells them apart.
            kpi.value = current or 0.0
            kpi.previous_value = previous or 0.0
            kpi.has_data = current is not None
            kpi.previous_has_data = previous is not None

    @api.model
    def _dist_period_days(self):
        """The period the figures cover, in days: 30 unless the context's ``dist_kpi_days``
        picks one of PERIODS; any other value is refused."""
        days = self.env.context.get("dist_kpi_days", 30)
        if days not in PERIODS:
            raise UserError(self.env._("A KPI period is one of %s days.", ", ".join(map(str, PERIODS))))
        return days

    def _dist_trend(self):
        """What the workspace's graph of the last 12 weeks reads: the KPI's records and
        measure, by week."""
        self.ensure_one()
        since = fields.Datetime.subtract(fields.Datetime.now(), weeks=12)
        return {
            "res_model": self.res_model,
            "domain": [*safe_eval(self.domain or "[]"), ("date", ">=", fields.Datetime.to_string(since))],
            "measure": self.measure if self.aggregate != "count" else "__count",
        }

    def _dist_target_status(self):
        """'met' or 'missed' for the period against the numeric target; '' without a
        target or without data."""
        self.ensure_one()
        if not (self.has_target and self.has_data):
            return ""
        meets = self.value >= self.target_value if self.better == "higher" else self.value <= self.target_value
        return "met" if meets else "missed"

    def _dist_headline(self, since, until):
        """The KPI over the records dated from ``since`` to ``until`` (None without any), in one query.

        An aging KPI (aggregate ``age``) is a snapshot at ``until``: the average age then of
        everything open then, whenever it was created."""
        self.ensure_one()
        return self._dist_headlines([(since, until)])[self][0]

    def _dist_headlines(self, periods):
        """{kpi: [its headline over each (since, until) of ``periods``]}, in one query over
        the records of all of them: KPIs of the same model and domain, all aging or none."""
        # The figures come from SQL views over other models: write pending changes first.
        self.env.flush_all()
        model = self.env[self[0].res_model]
        aging = self[0].aggregate == "age"
        first, last = min(since for since, _until in periods), max(until for _since, until in periods)
        domain = safe_eval(self[0].domain or "[]")
        if aging:
            # Open at some period's end: dated before it, not closed before it.
            domain = [*domain, ("date", "<", last), "|", ("closed_date", "=", False), ("closed_date", ">=", first)]
        else:
            domain = [*domain, ("date", ">=", first), ("date", "<", last)]
        query = model._search(domain)
        figures = [(kpi, kpi._dist_figure_sql(query, since, until)) for kpi in self for since, until in periods]
        # One aggregate over a year's rows costs the planner enough to compile it (JIT): at
        # year scale the compilation took 30 to 40 ms of a 170 ms headline. Off for the rest
        # of the transaction, a read of the figures.
        self.env.cr.execute(SQL("SET LOCAL jit = off; %s", query.select(*(figure for _kpi, figure in figures))))
        headlines = defaultdict(list)
        for (kpi, _figure), value in zip(figures, self.env.cr.fetchone(), strict=True):
            headlines[kpi].append(None if value is None else float(value))
        return headlines

    def _dist_figure_sql(self, query, since, until):
        """The SQL aggregate of the KPI over the rows of ``query`` (on its model) of its period."""
        self.ensure_one()
        model = self.env[self.res_model]
        date = model._field_to_sql(model._table, "date", query)
        if self.aggregate == "age":
            closed = model._field_to_sql(model._table, "closed_date", query)
            return SQL(
                """AVG(EXTRACT(EPOCH FROM (%(until)s - %(date)s)))
                       FILTER (WHERE %(date)s < %(until)s AND (%(closed)s IS NULL OR %(closed)s >= %(until)s))
                   / 86400""",
                until=until,
                date=date,
                closed=closed,
            )
        where = SQL("%s >= %s AND %s < %s", date, since, date, until)
        if self.aggregate == "count":
            return SQL("COUNT(*) FILTER (WHERE %s)", where)
        measure = model._field_to_sql(model._table, self.measure, query)
        function = SQL("AVG") if self.aggregate == "avg" else SQL("SUM")
        return SQL("%s(%s) FILTER (WHERE %s)", function, measure, where)

    def action_open_analysis(self):
        self.ensure_one()
        if not self.available or not self.action_xmlid:
            raise UserError(self.env._("“%s” reads a model that is not installed.", self.name))
        action = self.env["ir.actions.act_window"]._for_xml_id(self.action_xmlid)
        # Opened from a tile, the analysis shows the tile's figure: its records (the KPI's
        # domain) over its period (the workspace's, by default 30 days), or for an aging KPI
        # what is open now.
        context = safe_eval(action.get("context") or "{}", {"uid": self.env.uid})
        context.pop("search_default_filter_date", None)
        if self.aggregate == "age":
            context["search_default_filter_open"] = 1
        else:
            context["search_default_filter_date"] = f"custom_last_{self._dist_period_days()}_days"
        action["context"] = context
        action["domain"] = safe_eval(self.domain or "[]")
        return action
