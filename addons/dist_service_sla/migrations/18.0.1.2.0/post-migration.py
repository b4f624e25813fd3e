# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api
from odoo.addons.dist_exception_core.upgrade import set_detectors


def migrate(cr, version):
    """Tickets are escalated by the core's one SLA pass now: the helpdesk's own scheduled
    action (noupdate, so not removed by the upgrade) calls a method that is gone. Detectors
    are declared now, not found from the type's code."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    set_detectors(env, "dist_service_sla")
    cron = env.ref("dist_service_sla.ir_cron_dist_ticket_sla", raise_if_not_found=False)
    if cron:
        cron.unlink()
