# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Tickets are escalated by the core's one SLA pass now: the helpdesk's own scheduled
    action (noupdate, so not removed by the upgrade) calls a method that is gone."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("dist_service_sla.ir_cron_dist_ticket_sla", raise_if_not_found=False)
    if cron:
        cron.unlink()
