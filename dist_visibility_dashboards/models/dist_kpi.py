# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval


class DistKpi(models.Model):
    """The catalogue of KPIs: what each one measures, how, and where to analyse it. A KPI
    whose source module is not installed is hidden, not broken."""

    _name = "dist.kpi"
    _description = "Key Performance Indicator"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    definition = fields.Text(translate=True, help="What is measured, from which records, and the formula.")
    target = fields.Char(help="The level the business aims for, as text (e.g. “above 95 %”).")
    better = fields.Selection(
        selection=[("higher", "Higher is better"), ("lower", "Lower is better")],
        string="Better When",
        required=True,
        default="higher",
        help="Which way the figure improves: the workspaces colour its trend accordingly.",
    )
    source_module = fields.Char(help="Technical name of the module whose data the KPI reads.")
    available = fields.Boolean(compute="_compute_available", search="_search_available")
    action_xmlid = fields.Char(string="Analysis Action", help="External id of the pivot/graph action.")
    res_model = fields.Char(string="Figures From", help="Model whose records the KPI aggregates.")
    measure = fields.Char(help="Field aggregated to give the headline figure.")
    aggregate = fields.Selection(selection=[("avg", "Average"), ("sum", "Sum"), ("count", "Count")], default="avg")
    unit = fields.Char(default="%")
    domain = fields.Char(default="[]", help="Records counted in the headline figure.")
    value = fields.Float(string="Last 30 Days", compute="_compute_value", digits=(16, 1))
    previous_value = fields.Float(string="30 Days Before", compute="_compute_value", digits=(16, 1))
    has_data = fields.Boolean(compute="_compute_value", help="Some records were measured in the last 30 days.")

    _sql_constraints = [("code_uniq", "unique(code)", "A KPI code must be unique.")]

    @api.model
    def _installed_modules(self):
        self.env.cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
        return {row[0] for row in self.env.cr.fetchall()}

    def _compute_available(self):
        installed = self._installed_modules()
        for kpi in self:
            kpi.available = not kpi.source_module or kpi.source_module in installed

    def _search_available(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Only = True and = False are supported on this field."))
        installed = self._installed_modules()
        available = self.search_fetch([], ["source_module"]).filtered(
            lambda k: not k.source_module or k.source_module in installed
        )
        return [("id", "in" if (operator == "=") == value else "not in", available.ids)]

    def _compute_value(self):
        now = fields.Datetime.now()
        start, before = fields.Datetime.subtract(now, days=30), fields.Datetime.subtract(now, days=60)
        for kpi in self:
            usable = kpi.available and kpi.res_model in self.env
            current = kpi._dist_headline(start, now) if usable else None
            previous = kpi._dist_headline(before, start) if usable else None
            kpi.value = current or 0.0
            kpi.previous_value = previous or 0.0
            kpi.has_data = current is not None

    def _dist_headline(self, since, until):
        """The KPI over the records dated from ``since`` to ``until`` (None without any), in one query."""
        self.ensure_one()
        # The figures come from SQL views over other models: write pending changes first.
        self.env.flush_all()
        domain = [*safe_eval(self.domain or "[]"), ("date", ">=", since), ("date", "<", until)]
        aggregate = "__count" if self.aggregate == "count" else f"{self.measure}:{self.aggregate}"
        [[figure]] = self.env[self.res_model]._read_group(domain, aggregates=[aggregate])
        return figure

    def action_open_analysis(self):
        self.ensure_one()
        if not self.available or not self.action_xmlid:
            raise UserError(self.env._("“%s” needs a module that is not installed.", self.name))
        return self.env["ir.actions.act_window"]._for_xml_id(self.action_xmlid)
