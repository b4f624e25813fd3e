# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

ESCALATION_KEY = "dist_escalation"


class DistException(models.Model):
    _inherit = "dist.exception"

    @api.model
    def _search(self, domain, *args, **kwargs):
        # A detector job brings one company's exceptions in line with what it finds there:
        # the core's sync then sees only that company's open exceptions, not those the
        # job of another company keeps open.
        company_id = self.env.context.get("dist_job_company_id")
        if company_id:
            domain = [*domain, ("company_id", "=", company_id)]
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _cron_escalate(self):
        """With a job runner, the scheduled action enqueues the escalation pass as a job
        (one waiting at a time); the core's lock keeps it to one pass running."""
        if self.env.context.get("dist_escalation_job") or not self.env["dist.exception.type"]._dist_job_runner_serves():
            return super()._cron_escalate()
        self.with_delay(
            identity_key=ESCALATION_KEY, description=self.env._("Refresh SLA and escalate")
        )._dist_escalation_job()
        return {}

    @api.model
    def _dist_escalation_job(self):
        """The core's escalation pass, run as a queue job."""
        escalated = self.with_context(dist_escalation_job=True)._cron_escalate()
        return ", ".join(f"{model}: {len(records)} escalated" for model, records in escalated.items()) or "skipped"
