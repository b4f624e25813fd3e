# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo import api, fields, models

from .selection import OPEN_STATES

GROUP_USER = "dist_exception_core.dist_exception_core_group_user"


class DistExceptionMixin(models.AbstractModel):
    """Gives a source document its exceptions: counters, a smart button and a
    banner on its form while a blocking exception is open."""

    _name = "dist.exception.mixin"
    _description = "Document with Exceptions"

    dist_exception_ids = fields.One2many(
        comodel_name="dist.exception",
        inverse_name="res_id",
        # Not "Exceptions": OCA base_exception's exception_ids on the same documents has that label.
        string="Exception Records",
        domain=lambda self: [("res_model", "=", self._name)],
        groups=GROUP_USER,
    )
    dist_exception_count = fields.Integer(
        string="Open Exceptions",
        compute="_compute_dist_exception_state",
        groups=GROUP_USER,
    )
    dist_exception_open = fields.Boolean(
        string="Has Open Exceptions",
        compute="_compute_dist_exception_state",
        search="_search_dist_exception_open",
        groups=GROUP_USER,
    )
    dist_exception_blocking = fields.Boolean(
        string="Blocked by an Exception",
        compute="_compute_dist_exception_state",
        search="_search_dist_exception_blocking",
        groups=GROUP_USER,
    )
    dist_exception_summary = fields.Char(
        string="Blocking Exceptions",
        compute="_compute_dist_exception_state",
        groups=GROUP_USER,
    )

    def _compute_dist_exception_state(self):
        exceptions = self.env["dist.exception"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids), ("state", "in", OPEN_STATES)]
        )
        by_record = {}
        for exc in exceptions:
            by_record.setdefault(exc.res_id, []).append(exc)
        for record in self:
            open_excs = by_record.get(record.id, [])
            blocking = [exc for exc in open_excs if exc.blocking]
            record.dist_exception_count = len(open_excs)
            record.dist_exception_open = bool(open_excs)
            record.dist_exception_blocking = bool(blocking)
            record.dist_exception_summary = ", ".join(f"{exc.name}: {exc.type_id.name}" for exc in blocking)

    def _dist_search_with_exceptions(self, operator, value, extra_domain):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Only = True and = False are supported on this field."))
        query = self.env["dist.exception"]._search(
            [("res_model", "=", self._name), ("state", "in", OPEN_STATES), *extra_domain]
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", query.subselect("res_id"))]

    def _search_dist_exception_open(self, operator, value):
        return self._dist_search_with_exceptions(operator, value, [])

    def _search_dist_exception_blocking(self, operator, value):
        return self._dist_search_with_exceptions(operator, value, [("blocking", "=", True)])

    def action_view_dist_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_exception_action")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {
            "default_res_model": self._name,
            "default_res_id": self.id,
            "search_default_filter_open": 1,
        }
        return action

    def _dist_exception_values(self, exception_type):
        """Return {record id: values} for exceptions of ``exception_type`` raised on ``self``.

        Reads partner, product and company in one query; override to add a
        description or a cost impact.
        """
        return self.env["dist.exception"]._dist_source_values(self)

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form":
            self._dist_inject_exception_nodes(arch)
        return arch, view

    @api.model
    def _dist_inject_exception_nodes(self, arch):
        """Add the exceptions smart button and the blocking banner to the form."""
        button_box = arch.find(".//div[@name='button_box']")
        if button_box is not None:
            button = etree.SubElement(
                button_box,
                "button",
                {
                    "name": "action_view_dist_exceptions",
                    "type": "object",
                    "class": "oe_stat_button",
                    "icon": "fa-exclamation-triangle",
                    "groups": GROUP_USER,
                    "invisible": "not dist_exception_count",
                },
            )
            etree.SubElement(
                button,
                "field",
                {"name": "dist_exception_count", "string": self.env._("Exceptions"), "widget": "statinfo"},
            )
        banner = etree.Element(
            "div",
            {
                "class": "alert alert-danger mb-2",
                "role": "alert",
                "groups": GROUP_USER,
                "invisible": "not dist_exception_blocking",
            },
        )
        etree.SubElement(banner, "strong").text = self.env._("Blocked by an open exception: ")
        etree.SubElement(banner, "field", {"name": "dist_exception_summary", "class": "d-inline"})
        etree.SubElement(banner, "field", {"name": "dist_exception_blocking", "invisible": "1"})
        sheet = arch.find(".//sheet")
        if sheet is not None:
            sheet.insert(0, banner)
        else:
            arch.insert(0, banner)
