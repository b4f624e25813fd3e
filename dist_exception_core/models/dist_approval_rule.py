# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from itertools import pairwise

from odoo import api, fields, models, tools
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round, get_lang
from odoo.tools.misc import NON_BREAKING_SPACE

MEASURES = [
    ("amount", "Amount"),
    ("discount", "Discount (%)"),
    ("margin", "Margin below target (%)"),
    ("quantity", "Quantity"),
    ("quantity_variance", "Quantity variance"),
    ("value_variance", "Value variance"),
    ("days", "Days"),
]


def approval_code_field(codes):
    """The extension of ``dist.approval.rule.code`` that declares ``codes`` ({code: (model
    it guards, label)}): a module sets it next to ``_dist_approval_codes = codes``."""
    return fields.Selection(
        selection_add=[(code, label) for code, (_model, label) in codes.items()],
        ondelete=dict.fromkeys(codes, "cascade"),
    )


class DistApprovalRule(models.Model):
    _name = "dist.approval.rule"
    _description = "Approval Threshold Rule"
    _order = "company_id, name"

    name = fields.Char(required=True, translate=True)
    # Each module declares the codes it guards (selection_add) and their model
    # (_dist_code_models): an undeclared code is refused at save, never read as "no rule".
    _dist_approval_codes = {
        "exception_cost": ("dist.exception", "Exception cost acceptance"),
        "expedited_freight": ("dist.expedited.freight", "Expedited freight"),
    }

    code = fields.Selection(
        selection=[(code, label) for code, (_model, label) in _dist_approval_codes.items()],
        required=True,
        help="The guarded action this threshold applies to. One rule per code and company.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    model_id = fields.Many2one(
        comodel_name="ir.model",
        string="Document",
        required=True,
        ondelete="cascade",
        domain=[("transient", "=", False)],
    )
    res_model = fields.Char(related="model_id.model", store=True)
    measure = fields.Selection(selection=MEASURES, required=True, default="amount")
    currency_id = fields.Many2one(related="company_id.currency_id")
    precision = fields.Integer(compute="_compute_precision")
    description = fields.Text(translate=True, help="The policy this rule enforces, shown to requesters.")
    band_ids = fields.One2many(
        comodel_name="dist.approval.band",
        inverse_name="rule_id",
        string="Bands",
        copy=True,
    )
    request_ids = fields.One2many(comodel_name="dist.approval.request", inverse_name="rule_id")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "Each company has one approval rule per code."),
    ]

    @api.depends("measure", "currency_id")
    def _compute_precision(self):
        for rule in self:
            rule.precision = rule._dist_precision(rule.measure, rule.currency_id)

    @api.constrains("code", "model_id")
    def _check_code_model(self):
        models_by_code = self._dist_code_models()
        for rule in self:
            if rule.model_id.model != models_by_code[rule.code]:
                raise ValidationError(
                    self.env._(
                        "The threshold “%(rule)s” (%(code)s) guards %(expected)s documents, not %(model)s.",
                        rule=rule.name,
                        code=rule.code,
                        expected=models_by_code[rule.code],
                        model=rule.model_id.model,
                    )
                )

    @api.constrains("band_ids")
    def _check_bands(self):
        for rule in self:
            bands = rule.band_ids.sorted("min_value")
            for lower, upper in pairwise(bands):
                if not lower.max_value or float_compare(lower.max_value, upper.min_value, 2) > 0:
                    raise ValidationError(
                        self.env._(
                            "The bands of “%(rule)s” overlap: %(a)s and %(b)s. "
                            "Each value must fall in one band at most.",
                            rule=rule.name,
                            a=lower.display_name,
                            b=upper.display_name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()  # _dist_threshold
        rules._check_bands()
        return rules

    def write(self, vals):
        kept = {(rule.code, rule.company_id) for rule in self}
        # Bands replaced in one write (clear, then create) are checked once the write is done.
        result = super(DistApprovalRule, self.with_context(dist_rule_write=True)).write(vals)
        self.env.registry.clear_cache()  # _dist_threshold
        if "band_ids" in vals:
            self.band_ids._check_steps()
        if {"active", "code", "company_id", "band_ids"} & vals.keys():
            self._dist_check_still_used(kept | {(rule.code, rule.company_id) for rule in self})
        return result

    def unlink(self):
        kept = {(rule.code, rule.company_id) for rule in self}
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            # Uninstalling the module of a threshold takes the requests filed under it.
            self.env["dist.approval.request"].sudo().search([("rule_id", "in", self.ids)]).unlink()
        result = super().unlink()
        self.env.registry.clear_cache()  # _dist_threshold
        self._dist_check_still_used(kept)
        return result

    @api.model
    def _dist_check_still_used(self, pairs):
        """A threshold a switched-on control needs cannot be archived, renamed or deleted
        (except by uninstalling its module, which takes the control away too)."""
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            return
        for code, company in pairs:
            company.sudo()._dist_check_controls(codes={code})

    @api.model
    def _dist_code_models(self):
        """{approval code: model it guards}, from the ``_dist_approval_codes`` each module's
        extension of this model declares next to its ``selection_add``."""
        return {
            code: model
            for cls in reversed(type(self).__mro__)
            for code, (model, _label) in vars(cls).get("_dist_approval_codes", {}).items()
        }

    @api.model
    def _dist_check_code(self, code, model):
        """Raise unless ``code`` is a declared approval code guarding ``model``: asking for
        another code is a programming error, and must never read as 'no approval needed'."""
        expected = self._dist_code_models().get(code)
        if expected != model:
            raise ValueError(
                f"Approval code {code!r} is not declared for {model}"
                + (f" (it guards {expected})" if expected else "")
                + ": declare it in _dist_approval_codes and with selection_add on dist.approval.rule.code."
            )

    def _register_hook(self):
        """Every declared code has a model that takes approvals, and every mapped code is
        declared: a mismatch stops the registry from loading instead of failing open."""
        super()._register_hook()
        declared = {value for value, _label in self._fields["code"].selection}
        models_by_code = self._dist_code_models()
        if declared != models_by_code.keys():
            raise ValueError(
                f"Approval codes declared on dist.approval.rule.code {sorted(declared)} differ from those "
                f"_dist_approval_codes binds to a model {sorted(models_by_code)}."
            )
        for code, model in models_by_code.items():
            if model not in self.env or not hasattr(self.env[model], "_dist_approval_statuses"):
                raise ValueError(f"Approval code {code!r} guards {model}, which is not a dist.approval.mixin model.")

    @api.model
    @tools.ormcache("code", "company_id")
    def _dist_threshold(self, code, company_id):
        """(rule id, measure, ((band id, minimum, maximum), ...) highest minimum first) of the
        company's active ``code`` threshold, (0, None, ()) without one. Every guarded action
        reads it: cached until a threshold or a band is created, changed or deleted."""
        # Thresholds are company policy: every user's guarded action reads them.
        rule = self.sudo().search([("code", "=", code), ("company_id", "=", company_id)], limit=1)
        return rule.id, rule.measure or None, rule._dist_band_bounds()

    def _dist_band_bounds(self):
        """((band id, minimum, maximum), ...) of the rule's bands, highest minimum first."""
        bands = self.band_ids.sorted("min_value", reverse=True)
        return tuple((band.id, band.min_value, band.max_value) for band in bands)

    @api.model
    def _dist_precision(self, measure, currency):
        """Digits a measure is compared at: the currency's for amounts, 2 for the others."""
        return currency.decimal_places if measure in ("amount", "value_variance") else 2

    @api.model
    def _dist_get(self, code, company):
        rule_id = self._dist_threshold(code, company.id)[0]
        return self.sudo().browse(rule_id or [])

    @api.model
    def _dist_check_usable(self, code, company, control):
        """Raise unless ``company`` has an active ``code`` threshold with at least one band."""
        rule = self._dist_get(code, company)
        if not rule.band_ids:
            raise ValidationError(
                self.env._(
                    "%(control)s is on for %(company)s, but it has no approval threshold “%(code)s” with a band: "
                    "create it in Exceptions > Configuration > Approval Thresholds, or switch the control off.",
                    control=control,
                    company=company.name,
                    code=code,
                )
            )
        return rule

    @api.model
    def _dist_get_required(self, code, company):
        """The ``code`` threshold of a switched-on control; missing, the action stops, never runs open."""
        rule = self._dist_get(code, company)
        if not rule:
            raise UserError(
                self.env._(
                    "No approval threshold “%(code)s” exists for %(company)s although its control is on: "
                    "ask an exception manager to create it.",
                    code=code,
                    company=company.name,
                )
            )
        return rule

    def _dist_band_for(self, value):
        """Return the band covering ``value`` (above its minimum, up to its maximum)."""
        if not self:
            return self.env["dist.approval.band"]
        self.ensure_one()
        rule_id, _measure, bands = self._dist_threshold(self.code, self.company_id.id)
        if rule_id != self.id:
            # An archived threshold (the one a past request was filed under): its own bands.
            bands = self._dist_band_bounds()
        return self._dist_pick_band(bands, self.measure, self.company_id, value)

    @api.model
    def _dist_band_in(self, code, company, value):
        """The band of the ``code`` threshold of ``company`` covering ``value``, or no band
        (no threshold either): from the cached thresholds, without a query."""
        _rule_id, measure, bands = self._dist_threshold(code, company.id)
        return self._dist_pick_band(bands, measure, company, value)

    @api.model
    def _dist_pick_band(self, bands, measure, company, value):
        precision = self._dist_precision(measure, company.currency_id)
        for band_id, min_value, max_value in bands:
            above_min = float_compare(value, min_value, precision_digits=precision) > 0
            within_max = not max_value or float_compare(value, max_value, precision_digits=precision) <= 0
            if above_min and within_max:
                return self.env["dist.approval.band"].browse(band_id)
        return self.env["dist.approval.band"]

    def _dist_format_value(self, value):
        return self._dist_format_values([value])[0]

    def _dist_format_values(self, values):
        """``values`` as formatLang shows them in the reader's language, with the currency
        of an amount and the percent sign of a rate. The language is looked up once:
        formatLang looks it up per value, and a detector pass formats thousands."""
        self.ensure_one()
        lang = self.env["res.lang"].browse(get_lang(self.env).id)
        currency = self.currency_id if self.measure in ("amount", "value_variance") else None
        digits = currency.decimal_places if currency else 2
        texts = []
        for value in values:
            text = lang.format(
                f"%.{digits}f", float_round(value, precision_digits=digits, rounding_method="HALF-EVEN"), grouping=True
            )
            if currency and currency.symbol:
                pieces = (text, NON_BREAKING_SPACE, currency.symbol)
                text = "".join(pieces if currency.position == "after" else pieces[::-1])
            elif self.measure in ("discount", "margin"):
                text = f"{text} %"
            texts.append(text)
        return texts
