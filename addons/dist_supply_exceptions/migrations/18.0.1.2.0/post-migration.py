# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api
from odoo.addons.dist_exception_core.upgrade import set_detectors


def migrate(cr, version):
    """Detectors are declared now, not found from the type's code."""
    set_detectors(api.Environment(cr, SUPERUSER_ID, {}), "dist_supply_exceptions")
