# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.tools import split_every

from .dist_sla_mixin import BATCH_SIZE
from .selection import OPEN_STATES

_logger = logging.getLogger(__name__)


class DistException(models.Model):
    """How detectors and controls raise and clear exceptions: set-based, in batches,
    one bad record retried on its own."""

    _inherit = "dist.exception"

    @api.model
    def _dist_source_values(self, records):
        """Return {record id: exception values} read from the source ``records`` in one query."""
        wanted = [name for name in ("partner_id", "product_id", "company_id") if name in records._fields]
        values = {record_id: {} for record_id in records.ids}
        if wanted:
            for row in records.read(wanted, load=None):
                values[row["id"]] = {name: row[name] for name in wanted if row[name]}
        return values

    @api.model
    def _dist_new_values(self, exc_type, records):
        """{record id: values} of new ``exc_type`` exceptions on ``records``: the source
        model's ``_dist_exception_values(type)`` (partner, product, company...), then the
        type's own ``_dist_exception_values_<code>(type)`` on top (its description), so
        modules adding types to one model do not overwrite each other's texts."""
        if hasattr(records, "_dist_exception_values"):
            values = records._dist_exception_values(exc_type)
        else:
            values = self._dist_source_values(records)
        describe = getattr(records, f"_dist_exception_values_{exc_type.code}", None)
        if describe:
            for record_id, extra in describe(exc_type).items():
                values[record_id] = {**values.get(record_id, {}), **extra}
        return values

    @api.model
    def _dist_sync(self, exc_type, found):
        """Create the missing open exceptions of ``exc_type`` for the ``found`` source
        records and close (or flag) those whose condition cleared.

        A fixed number of queries per batch of 1,000 new exceptions; a batch that
        fails is retried record by record so one bad record cannot stop the run.
        Returns (created, cleared) exceptions.
        """
        # The caller's env decides (callers pass sudo): a type from env.ref is the user's.
        exc_type = exc_type.with_env(self.env)
        existing = self.search_fetch(
            [("type_id", "=", exc_type.id), ("state", "in", OPEN_STATES), ("res_id", "!=", False)],
            ["res_id", "condition_cleared", "severity_manual"],
        )
        found_ids = set(found.ids)
        known_ids = set(existing.mapped("res_id"))
        still_open = existing.filtered(lambda e: e.res_id in found_ids)
        cleared = existing - still_open
        created = self.browse()
        for batch_ids in split_every(BATCH_SIZE, sorted(found_ids - known_ids)):
            created |= self._dist_create_batch(exc_type, found.browse(batch_ids))
        created._dist_schedule_owner_activities()
        still_open.sudo().filtered("condition_cleared").write({"condition_cleared": False})
        if cleared:
            # One whose cost impact waits for approval is left for review instead of closed.
            to_review = cleared if exc_type.on_clear == "review" else cleared._dist_awaiting_cost_approval()
            if cleared - to_review:
                root_cause = self.env.ref("dist_exception_core.dist_root_cause_condition_cleared")
                (cleared - to_review)._dist_resolve(
                    root_cause, self.env._("The detector no longer finds the problem."), auto=True
                )
            to_review.sudo().filtered(lambda e: not e.condition_cleared).write({"condition_cleared": True})
        if exc_type.severity_rule_ids:
            self._dist_apply_severity(exc_type, still_open.filtered(lambda e: not e.severity_manual))
        return created, cleared

    @api.model
    def _dist_raise(self, exc_type, records):
        """Open an exception of ``exc_type`` on each of ``records`` that has none open yet.

        For controls that detect a problem at the moment it happens (a credit hold at
        confirmation, a backorder at delivery) rather than in a scheduled pass.
        """
        # The caller's env decides (callers pass sudo): a type from env.ref is the user's.
        exc_type = exc_type.with_env(self.env)
        records = exc_type._dist_applicable(records)
        open_ids = set(
            self.search_fetch(
                [("type_id", "=", exc_type.id), ("res_id", "in", records.ids), ("state", "in", OPEN_STATES)],
                ["res_id"],
            ).mapped("res_id")
        )
        created = self._dist_create_batch(exc_type, records.filtered(lambda r: r.id not in open_ids))
        created._dist_schedule_owner_activities()
        return created

    @api.model
    def _dist_clear(self, exc_type, records, note, root_cause=None):
        """Resolve the open exceptions of ``exc_type`` on ``records``; one whose cost impact
        waits for approval is flagged for review instead. Returns those resolved."""
        # The caller's env decides (callers pass sudo): a type from env.ref is the user's.
        exc_type = exc_type.with_env(self.env)
        exceptions = self.search(
            [("type_id", "=", exc_type.id), ("res_id", "in", records.ids), ("state", "in", OPEN_STATES)]
        )
        awaiting = exceptions._dist_awaiting_cost_approval()
        awaiting.sudo().filtered(lambda e: not e.condition_cleared).write({"condition_cleared": True})
        if exceptions - awaiting:
            root_cause = root_cause or self.env.ref("dist_exception_core.dist_root_cause_condition_cleared")
            (exceptions - awaiting)._dist_resolve(root_cause, note, auto=True)
        return exceptions - awaiting

    @api.model
    def _dist_create_batch(self, exc_type, records):
        values = self._dist_new_values(exc_type, records)
        severities = exc_type._dist_severity_for(records) if exc_type.severity_rule_ids else {}
        now = fields.Datetime.now()
        # The company's default made explicit: the batch's values are then complete.
        vals_list = [
            dict(
                {"company_id": self.env.company.id, **values.get(record_id, {})},
                type_id=exc_type.id,
                res_model=exc_type.res_model,
                res_id=record_id,
                detected_date=now,
                severity=severities.get(record_id, exc_type.default_severity),
            )
            for record_id in records.ids
        ]
        # The owner's to-do activity notifies them; per-record follower notifications would not scale.
        # Raising is the engine's path: detection dates and sources are not the caller's to set.
        creator = self.sudo().with_context(dist_engine=True, tracking_disable=True, dist_defer_todos=True)
        try:
            with self.env.cr.savepoint():
                return self.browse(creator.create(vals_list).ids)
        except UniqueViolation:
            # Another worker raised some of them since this pass began (the unique index stops duplicates).
            _logger.info("Some %s exceptions were raised by another worker; creating the others", exc_type.code)
        except Exception:
            _logger.warning("Batch of %s %s exceptions failed; retrying one by one", len(vals_list), exc_type.code)
        created = self.browse()
        raised_elsewhere = 0
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    created |= self.browse(creator.create(vals).ids)
            except UniqueViolation:
                raised_elsewhere += 1
            except Exception:
                _logger.exception(
                    "Could not raise %s exception for %s,%s", exc_type.code, vals["res_model"], vals["res_id"]
                )
        if raised_elsewhere:
            _logger.info("%s %s exceptions were already raised by another worker", raised_elsewhere, exc_type.code)
        return created

    @api.model
    def _dist_apply_severity(self, exc_type, exceptions):
        if not exceptions:
            return
        records = self.env[exc_type.res_model].browse(exceptions.mapped("res_id"))
        severities = exc_type._dist_severity_for(records.exists())
        by_severity = {}
        for exc in exceptions:
            severity = severities.get(exc.res_id)
            if severity and severity != exc.severity:
                by_severity.setdefault(severity, self.browse())
                by_severity[severity] |= exc
        for severity, group in by_severity.items():
            group.with_context(dist_engine=True).write({"severity": severity})
