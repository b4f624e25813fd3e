# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.dist_service_sla_sale.tests.common import DistServiceSaleCase


class DistServiceWarehouseCase(DistServiceSaleCase):
    """Plus short picks and dispatch delays opening tickets for the care desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.short_pick = cls.env.ref("dist_warehouse_exceptions.dist_exception_type_short_pick")
        cls.dispatch = cls.env.ref("dist_warehouse_exceptions.dist_exception_type_dispatch_delay")
        (cls.short_pick | cls.dispatch).write({"ticket_team_id": cls.team.id})

    def _raise(self, exc_type, record):
        return self.env["dist.exception"]._dist_raise(exc_type, record)
