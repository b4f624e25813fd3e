# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.addons.dist_visibility_dashboards.models.dist_workspace import OPEN


class DistWorkspace(models.AbstractModel):
    _inherit = "dist.workspace"

    @api.model
    def _dist_warehouse_sections(self):
        """The warehouse queue by zone: the location dist_warehouse_exceptions records on
        an exception."""
        tiles, lists = super()._dist_warehouse_sections()
        queue = lists[0]
        by_zone = self.env["dist.exception"]._read_group(
            [("layer", "=", "warehouse"), *OPEN],
            groupby=["location_id"],
            aggregates=["__count"],
            order="__count desc",
            limit=8,
        )
        queue["owners"] = [
            {"name": location.display_name or self.env._("no zone"), "count": count} for location, count in by_zone
        ]
        queue["owners_title"] = self.env._("By zone")
        return tiles, lists

    @api.model
    def _dist_links(self, role):
        links = super()._dist_links(role)
        scanner = self.env.ref("dist_warehouse_exceptions.dist_warehouse_scanner_action")
        if role == "warehouse" and self.env.user.has_group("dist_exception_core.dist_exception_core_group_user"):
            links.append({"label": self.env._("Open the scanner"), "action": scanner.id, "icon": "fa-barcode"})
        return links
