# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.resource.models.utils import make_aware
from odoo.tools import SQL, split_every

from .selection import SLA_STATUSES

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Namespace of the transaction-level advisory lock of the escalation pass.
ESCALATION_LOCK = 31_337_002
DEADLINE_ROLES = ("response_deadline", "resolution_deadline", "response_risk_date", "resolution_risk_date")
# The roles an inheriting model maps to its own fields in ``_dist_sla_fields``.
SLA_ROLES = frozenset(
    {
        "start",
        "response_date",
        "closed_date",
        "hold_date",
        "paused_hours",
        "status",
        "breached",
        "escalation_level",
        "last_escalation_date",
        "owner",
        *DEADLINE_ROLES,
    }
)


class DistSlaMixin(models.AbstractModel):
    """SLA clock on a working calendar and escalation ladder for any record.

    The inheriting model declares its own fields (their names and labels are its own)
    and maps each role of ``SLA_ROLES`` to one of them in ``_dist_sla_fields``; it then
    answers a few hooks: ``_dist_sla_target`` (hours and at-risk share, or nothing when
    the record has no SLA), ``_dist_sla_calendar``, ``_dist_sla_sql`` (how its table
    tells closed, paused and untracked rows apart) and ``_dist_escalation_domain`` (its
    records a ladder applies to). Deadlines, pauses, the status in SQL, the sticky
    breach, ladder claims, the escalation log and notifications are the mixin's, and
    the one scheduled pass (``_cron_escalate``) escalates every model that inherits it.
    """

    _name = "dist.sla.mixin"
    _description = "Record with an SLA Clock and Escalation Ladder"

    # Role -> field name on the inheriting model; ``last_escalation_date`` may map to None.
    _dist_sla_fields = {}

    dist_sla_live_status = fields.Selection(
        selection=SLA_STATUSES,
        string="SLA Now",
        compute="_compute_dist_sla_live_status",
        help="The SLA status at this moment, from the deadlines: right the moment a deadline passes. "
        "The stored status (refreshed on each change and by the scheduled pass) drives escalation and filters.",
    )
    dist_sla_next_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_dist_sla_live_status",
        help="The deadline the record runs against now: the response one until it is answered, then "
        "the resolution one; empty once closed, while paused or without an SLA.",
    )

    def _register_hook(self):
        # A model that maps a role to nothing, or to a field it lacks, fails at load, not in the cron.
        result = super()._register_hook()
        if not self._abstract:
            names = self._dist_sla_fields
            missing = sorted(role for role in SLA_ROLES - {"last_escalation_date"} if not names.get(role))
            unknown = sorted(name for name in names.values() if name and name not in self._fields)
            if missing or unknown or set(names) - SLA_ROLES:
                raise TypeError(
                    f"{self._name}._dist_sla_fields: roles {missing} missing, fields {unknown} unknown, "
                    f"roles {sorted(set(names) - SLA_ROLES)} not SLA roles"
                )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._dist_refresh_sla_status()
        return records

    def write(self, vals):
        result = super().write(vals)
        if self._dist_sla_trigger_fields() & vals.keys():
            self._dist_refresh_sla_status()
        return result

    @api.depends(
        lambda self: (
            [self._dist_sla_fields[role] for role in ("status", "response_date", "closed_date", *DEADLINE_ROLES)]
            if self._dist_sla_fields
            else []
        )
    )
    def _compute_dist_sla_live_status(self):
        """A running record's stored status is at most one refresh old, and nothing but the
        clock changed since (every change of its start, answer, hold or closing refreshes
        it): only the time comparisons are redone here."""
        names = self._dist_sla_fields
        now = fields.Datetime.now()
        for record in self:
            stored = record[names["status"]]
            running = stored in ("on_track", "at_risk")
            answered = bool(record[names["response_date"]])
            # A running record has a next deadline, a breached one too (it says how late it is);
            # a paused one has none until its clock resumes and moves it.
            closed = bool(record[names["closed_date"]])
            record.dist_sla_next_deadline = (
                record._dist_next_deadline() if stored in ("on_track", "at_risk", "breached") and not closed else False
            )
            if not running:
                record.dist_sla_live_status = stored
                continue

            dates = {role: record[names[role]] for role in DEADLINE_ROLES}
            record.dist_sla_live_status = self._dist_sla_running_status(dates, answered, now)

    @api.model
    def _dist_sla_running_status(self, dates, answered, now):
        """'breached', 'at_risk' or 'on_track': the status SQL's verdict on a running record
        (neither paused nor closed nor breached before) with the deadline ``dates``
        ({role: datetime}), answered or not, at ``now``. A deadline is missed after it, a
        risk date reached on it."""
        missed = {role: bool(dates[role]) and dates[role] < now for role in DEADLINE_ROLES}
        reached = {role: bool(dates[role]) and dates[role] <= now for role in DEADLINE_ROLES}
        if missed["resolution_deadline"] or (not answered and missed["response_deadline"]):
            return "breached"
        if reached["resolution_risk_date"] or (not answered and reached["response_risk_date"]):
            return "at_risk"
        return "on_track"

    # ---------------------------------------------------------------- hooks

    def _dist_sla_target(self):
        """(response hours, resolution hours, at-risk percent) of this record, or None."""
        self.ensure_one()
        raise NotImplementedError(f"{self._name} inherits dist.sla.mixin but defines no _dist_sla_target")

    def _dist_sla_calendar(self):
        """Working calendar of this record's clock (24/7 when empty)."""
        self.ensure_one()
        if "company_id" not in self._fields:
            return self.env["resource.calendar"]
        return self._dist_sla_company_calendar(self.company_id)

    @api.model
    def _dist_sla_company_calendar(self, company):
        """Working calendar of the clocks of ``company``'s records."""
        return company.resource_calendar_id

    @api.model
    def _dist_sla_sql(self):
        """SQL of the status refresh, on the model's table aliased ``t``: ``from`` (the
        table and any joins) and the conditions ``untracked`` (no SLA: no status),
        ``closed`` and ``paused`` of a row. The scheduled pass refreshes the rows neither
        untracked nor closed."""
        hold = SQL.identifier("t", self._dist_sla_fields["hold_date"])
        return {
            "from": SQL("%s t", SQL.identifier(self._table)),
            "untracked": SQL("FALSE"),
            "closed": SQL("%s IS NOT NULL", SQL.identifier("t", self._dist_sla_fields["closed_date"])),
            "paused": SQL("%s IS NOT NULL", hold),
        }

    @api.model
    def _dist_escalation_domain(self, ladder):
        """Records whose clock runs and that ``ladder`` applies to."""
        raise NotImplementedError(f"{self._name} inherits dist.sla.mixin but defines no _dist_escalation_domain")

    def _dist_escalation_team_users(self):
        """{record id: users} a level targeting the team addresses."""
        return {record.id: self.env["res.users"] for record in self}

    def _dist_escalation_team_leader(self):
        """{record id: user} leading the record's team (the owner's manager)."""
        return {record.id: self.env["res.users"] for record in self}

    def _dist_escalation_raise_severity(self):
        """Raise ``self`` one step (called as the engine, tracking off)."""

    @api.model
    def _dist_sla_trigger_fields(self):
        """Fields whose change refreshes the status at once (the scheduled pass does the rest)."""
        names = self._dist_sla_fields
        return {names[role] for role in ("start", "response_date", "closed_date", "hold_date", "paused_hours")}

    # ---------------------------------------------------------------- deadlines

    @api.model
    def _dist_plan_hours(self, calendar, start, hours):
        """Deadline ``hours`` working hours after ``start`` on ``calendar`` (24/7 without one)."""
        if not calendar:
            return start + timedelta(hours=hours)
        deadline = calendar.plan_hours(hours, start, compute_leaves=True)
        return deadline.replace(tzinfo=None) if deadline else start + timedelta(hours=hours)

    @api.model
    def _dist_plan_hours_batch(self, calendar, start, hours_list):
        """{hours: deadline} for each of ``hours_list``: as ``_dist_plan_hours`` gives it,
        but reading the calendar's working intervals (attendances and leaves) once for all
        of them, where ``plan_hours`` reads them again for each."""
        wanted = set(hours_list)
        if not calendar or any(hours < 0 for hours in wanted):
            return {hours: self._dist_plan_hours(calendar, start, hours) for hours in wanted}
        day_dt, revert = make_aware(start)
        # Each target counts down the intervals as plan_hours does (same subtractions, same result).
        remaining = {hours: hours for hours in wanted}
        planned = {}
        delta = timedelta(days=14)
        for n in range(100):
            if not remaining:
                break
            window = day_dt + delta * n
            for interval_start, interval_stop, _meta in calendar._work_intervals_batch(window, window + delta)[False]:
                interval_hours = (interval_stop - interval_start).total_seconds() / 3600
                for hours, left in list(remaining.items()):
                    if left <= interval_hours:
                        planned[hours] = revert(interval_start + timedelta(hours=left)).replace(tzinfo=None)
                        del remaining[hours]
                    else:
                        remaining[hours] = left - interval_hours
                if not remaining:
                    break
        # As plan_hours: a calendar without working time in 100 windows gives wall-clock hours.
        planned.update({hours: start + timedelta(hours=hours) for hours in remaining})
        return planned

    @api.model
    def _dist_working_hours(self, calendar, start, end):
        """Working hours between ``start`` and ``end`` on ``calendar`` (wall-clock without one)."""
        if not start or end <= start:
            return 0.0
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    def _dist_sla_compute_deadlines(self):
        """Set the four deadline fields; the inheriting model's compute calls it with its
        own ``@api.depends``."""
        names = self._dist_sla_fields
        clocks = []
        for record in self:
            start = record[names["start"]]
            target = record._dist_sla_target() if start else None
            calendar = record._dist_sla_calendar() if target else None
            clocks.append((start, target, record[names["paused_hours"]] or 0.0, calendar))
        for record, values in zip(self, self._dist_sla_deadline_values(clocks), strict=True):
            record.update(values)

    @api.model
    def _dist_sla_deadline_values(self, clocks):
        """The deadline fields' values ({field: datetime or False}) of each clock of
        ``clocks``: (start, target as ``_dist_sla_target`` gives it or None, working hours
        paused, calendar). Set-wise: the records of one pass share their start, so the
        calendar is walked once per (calendar, start) for every target hour of the group."""
        names = self._dist_sla_fields
        hours_by_clock = {}
        rows = []
        for start, target, paused, calendar in clocks:
            if not target:
                rows.append(None)
                continue
            response_hours, resolution_hours, at_risk_percent = target
            safe_share = 1 - at_risk_percent / 100.0
            hours = {
                "response_deadline": response_hours + paused,
                "resolution_deadline": resolution_hours + paused,
                "response_risk_date": response_hours * safe_share + paused,
                "resolution_risk_date": resolution_hours * safe_share + paused,
            }
            hours_by_clock.setdefault((calendar, start), set()).update(hours.values())
            rows.append(((calendar, start), hours))
        planned = {
            clock: self._dist_plan_hours_batch(clock[0], clock[1], hours) for clock, hours in hours_by_clock.items()
        }
        return [
            {names[role]: planned[row[0]][value] for role, value in row[1].items()}
            if row
            else dict.fromkeys((names[role] for role in DEADLINE_ROLES), False)
            for row in rows
        ]

    def _dist_sla_pause_values(self, now):
        """Values that stop the clock of ``self``."""
        return {self._dist_sla_fields["hold_date"]: now}

    def _dist_sla_resume_values(self, now):
        """Values that restart the clock of this record: its working hours on hold push the deadlines back."""
        self.ensure_one()
        names = self._dist_sla_fields
        paused = self._dist_working_hours(self._dist_sla_calendar(), self[names["hold_date"]], now)
        return {names["hold_date"]: False, names["paused_hours"]: (self[names["paused_hours"]] or 0.0) + paused}

    def _dist_next_deadline(self):
        """The deadline the record runs against now: the response one until it is answered."""
        self.ensure_one()
        names = self._dist_sla_fields
        if not self[names["response_date"]] and self[names["response_deadline"]]:
            return self[names["response_deadline"]]
        return self[names["resolution_deadline"]]

    # ---------------------------------------------------------------- status

    @api.model
    def _dist_sla_status_sql(self, now):
        """SQL ``CASE`` giving 'met', 'breached', 'paused', 'at_risk', 'on_track' or NULL for a row ``t``."""
        sql = self._dist_sla_sql()

        def column(role):
            return SQL.identifier("t", self._dist_sla_fields[role])

        return SQL(
            """
            CASE
                WHEN %(untracked)s THEN NULL
                WHEN %(closed)s THEN
                    CASE WHEN COALESCE(%(breached)s, FALSE)
                           OR %(closed_date)s > %(resolution_deadline)s
                           OR COALESCE(%(response_date)s, %(closed_date)s) > %(response_deadline)s
                         THEN 'breached' ELSE 'met' END
                WHEN COALESCE(%(breached)s, FALSE) THEN 'breached'
                -- the clock is stopped: deadlines move when it resumes
                WHEN %(paused)s THEN 'paused'
                WHEN %(resolution_deadline)s < %(now)s
                  OR COALESCE(%(response_date)s, %(now)s) > %(response_deadline)s
                  THEN 'breached'
                WHEN %(resolution_risk_date)s <= %(now)s
                  OR (%(response_date)s IS NULL AND %(response_risk_date)s <= %(now)s)
                  THEN 'at_risk'
                ELSE 'on_track'
            END
            """,
            now=now,
            untracked=sql["untracked"],
            closed=sql["closed"],
            paused=sql["paused"],
            **{role: column(role) for role in ("breached", "closed_date", "response_date", *DEADLINE_ROLES)},
        )

    def _dist_refresh_sla_status(self, now=None, all_open=False):
        """Recompute the SLA status of ``self`` (or of every running record) in one statement.

        Returns the ids whose status changed.
        """
        if not self and not all_open:
            return []
        now = now or fields.Datetime.now()
        # The statement reads this model's table (and what _dist_sla_sql joins, flushed there).
        sql = self._dist_sla_sql()
        self.flush_model()
        status = SQL.identifier(self._dist_sla_fields["status"])
        breached = SQL.identifier(self._dist_sla_fields["breached"])
        scope = (
            SQL("NOT (%s) AND NOT (%s)", sql["untracked"], sql["closed"])
            if all_open
            else SQL("t.id = ANY(%s)", self.ids)
        )
        self.env.cr.execute(
            SQL(
                """
                WITH computed AS (
                    SELECT t.id, %(case)s AS status
                      FROM %(source)s
                     WHERE %(scope)s
                )
                UPDATE %(table)s t
                   SET %(status)s = c.status,
                       %(breached)s = COALESCE(t.%(breached)s, FALSE) OR c.status = 'breached'
                  FROM computed c
                 WHERE c.id = t.id
                   AND (t.%(status)s IS DISTINCT FROM c.status
                        OR (c.status = 'breached' AND NOT COALESCE(t.%(breached)s, FALSE)))
             RETURNING t.id
                """,
                case=self._dist_sla_status_sql(now),
                source=sql["from"],
                scope=scope,
                table=SQL.identifier(self._table),
                status=status,
                breached=breached,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.invalidate_model([self._dist_sla_fields["status"], self._dist_sla_fields["breached"]])
        return changed

    # ---------------------------------------------------------------- escalation

    @api.model
    def _dist_try_lock(self, namespace, key):
        """Take the transaction-level advisory lock (``namespace``, ``key``) if it is free."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [namespace, key])
        return self.env.cr.fetchone()[0]

    @api.model
    def _dist_sla_models(self):
        """Every concrete model with an SLA clock."""
        return [
            name
            for name in self.env.registry.descendants(["dist.sla.mixin"], "_inherit")
            if not self.env[name]._abstract
        ]

    @api.model
    def _cron_escalate(self):
        """Refresh SLA statuses, then climb the escalation ladders, for every model with an
        SLA clock (exceptions, tickets...), one worker at a time.

        Returns {model name: escalated records}.
        """
        if not self._dist_try_lock(ESCALATION_LOCK, 0):
            _logger.info("The escalation pass is running in another worker: skipped")
            return {}
        now = fields.Datetime.now()
        levels = self.env["dist.escalation.level"].search([("ladder_id.active", "=", True)], order="ladder_id, level")
        escalated = {}
        for model_name in self._dist_sla_models():
            model = self.env[model_name]
            model._dist_refresh_sla_status(now=now, all_open=True)
            records = model.browse()
            for level in levels:
                records |= model._dist_escalate_level(level, now)
            escalated[model_name] = records
        return escalated

    @api.model
    def _dist_escalate_level(self, level, now):
        names = self._dist_sla_fields
        deadline_field = names["response_deadline"] if level.deadline == "response" else names["resolution_deadline"]
        domain = [
            *self._dist_escalation_domain(level.ladder_id),
            (names["escalation_level"], "<", level.level),
            (deadline_field, "<=", now - timedelta(hours=level.delay_hours)),
        ]
        if level.deadline == "response":
            domain.append((names["response_date"], "=", False))
        escalated = self.browse()
        for batch in split_every(BATCH_SIZE, self.search(domain, order="id").ids, self.browse):
            try:
                with self.env.cr.savepoint():
                    escalated |= batch._dist_apply_level(level, now)
            except Exception:
                _logger.exception("Escalation to level %s failed for a batch; retrying one by one", level.level)
                for record in batch:
                    try:
                        with self.env.cr.savepoint():
                            escalated |= record._dist_apply_level(level, now)
                    except Exception:
                        _logger.exception("Could not escalate %s to level %s", record.display_name, level.level)
        return escalated

    def _dist_apply_level(self, level, now):
        """Claim ``self`` for ``level`` (skipping any another worker claimed) and act on it."""
        names = self._dist_sla_fields
        level_column = SQL.identifier(names["escalation_level"])
        assignments = SQL("%s = %s", level_column, level.level)
        if names.get("last_escalation_date"):
            assignments = SQL("%s, %s = %s", assignments, SQL.identifier(names["last_escalation_date"]), now)
        self.flush_recordset([names["escalation_level"]])
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE id = ANY(%s) AND COALESCE(%s, 0) < %s RETURNING id",
                SQL.identifier(self._table),
                assignments,
                self.ids,
                level_column,
                level.level,
            )
        )
        claimed = self.browse([row[0] for row in self.env.cr.fetchall()])
        claimed.invalidate_recordset(
            [name for name in (names["escalation_level"], names.get("last_escalation_date")) if name]
        )
        if not claimed:
            return claimed
        targets = level._dist_target_users(claimed)
        # The escalation note logs what changed: per-record tracking would not scale.
        engine = claimed.sudo().with_context(dist_engine=True, tracking_disable=True)
        if level.raise_severity:
            engine._dist_escalation_raise_severity()
        if level.action == "reassign":
            owner_field = names["owner"]
            by_owner = {}
            for record in engine:
                new_owner = targets[record.id][:1]
                if new_owner and new_owner != record[owner_field]:
                    by_owner.setdefault(new_owner, engine.browse())
                    by_owner[new_owner] |= record
            for owner, group in by_owner.items():
                group.write({owner_field: owner.id})
        claimed._dist_log_escalation(level, targets)
        return claimed

    def _dist_log_escalation(self, level, targets):
        """Log the escalation on each record and give each target a to-do, notified by
        their preference (e-mail or Odoo inbox) with a link to the record."""
        action_labels = dict(level._fields["action"]._description_selection(self.env))
        deadline_labels = dict(level._fields["deadline"]._description_selection(self.env))
        bodies = {}
        todos = {}
        for record in self:
            users = targets.get(record.id) or self.env["res.users"]
            bodies[record.id] = self.env._(
                "Escalated to level %(level)s (%(action)s %(users)s): %(deadline)s passed.%(note)s",
                level=level.level,
                action=action_labels[level.action].lower(),
                users=", ".join(users.mapped("name")) or self.env._("nobody: no target found"),
                deadline=deadline_labels[level.deadline].lower(),
                note=f" {level.note}" if level.note else "",
            )
            todos[record.id] = users
        self._message_log_batch(bodies=bodies)
        self._dist_assign_todos(
            self.env.ref("dist_exception_core.mail_activity_type_escalation"),
            todos,
            lambda record: self.env._(
                "Escalation level %(level)s: %(record)s", level=level.level, record=record.display_name
            ),
            note=level.note,
        )

    def _dist_assign_todos(self, activity_type, users_by_record, summary, note=False, deadline=None):
        """Give ``users_by_record`` ({record id: users}) a to-do of ``activity_type`` on
        each record, and notify each person once, by their preference (e-mail or Odoo
        inbox): Odoo's own assignment notice for a single to-do, one digest listing them
        when a pass gives the person several. A person keeps one to-do per record: one
        of the engine's already open there becomes the new one (its type, summary and the
        earlier deadline).
        The cost grows with the people, not the records."""
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        open_todos = self._dist_open_todos(self.env["res.users"].union(*filter(None, users_by_record.values())))
        # The to-dos' stored computed fields, given for the batch: inserted complete, not updated after.
        names = {record.id: record.display_name for record in self.sudo()}
        vals_by_user = {}
        for record in self:
            for user in users_by_record.get(record.id) or ():
                if user.share or not user.active:
                    continue
                vals_by_user.setdefault(user, []).append(
                    {
                        "activity_type_id": activity_type.id,
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "user_id": user.id,
                        "summary": summary(record),
                        "note": note or False,
                        "date_deadline": deadline(record) if deadline else today,
                        "res_name": names[record.id],
                        "user_tz": user.tz,
                        "date_done": False,
                    }
                )
        single = [vals_list[0] for vals_list in vals_by_user.values() if len(vals_list) == 1]
        if single:
            self._dist_create_or_merge_todos(single, open_todos, notify=True)
        several = {user: vals_list for user, vals_list in vals_by_user.items() if len(vals_list) > 1}
        if several:
            self._dist_create_or_merge_todos(
                [vals for vals_list in several.values() for vals in vals_list], open_todos, notify=False
            )
            for user, vals_list in several.items():
                self.browse([vals["res_id"] for vals in vals_list])._dist_send_digest(user, activity_type)

    def _dist_open_todos(self, users):
        """{(record id, user id): activity}: the engine's own open to-dos of ``users`` on
        ``self`` (one a person planned by hand is theirs, never merged), the oldest kept
        where a person has several."""
        return {
            (activity.res_id, activity.user_id.id): activity
            for activity in self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("user_id", "in", users.ids),
                    ("activity_type_id", "in", self._dist_todo_activity_types().ids),
                ],
                order="id desc",
            )
        }

    @api.model
    def _dist_todo_activity_types(self):
        return self.env.ref("dist_exception_core.mail_activity_type_exception") | self.env.ref(
            "dist_exception_core.mail_activity_type_escalation"
        )

    def _dist_create_or_merge_todos(self, vals_list, open_todos, notify):
        """Create the to-dos of ``vals_list``, except where the person already has one open
        on the record (``open_todos``: {(record id, user id): activity}), which takes the new
        type, summary and note and keeps the earlier deadline. ``notify``: Odoo's assignment
        notice for each (else the caller sends a digest)."""
        activities = self.env["mail.activity"].sudo()
        if not notify:
            activities = activities.with_context(mail_activity_quick_update=True)
        new_vals = []
        for vals in vals_list:
            todo = open_todos.get((vals["res_id"], vals["user_id"]))
            if not todo:
                new_vals.append(vals)
                continue
            notes = [note for note in (todo.note, vals["note"]) if note]
            todo.with_context(mail_activity_quick_update=True).write(
                {
                    "activity_type_id": vals["activity_type_id"],
                    "summary": vals["summary"],
                    "note": Markup("<br/>").join(notes) if notes else False,
                    "date_deadline": min(todo.date_deadline, vals["date_deadline"]),
                }
            )
            if notify:
                todo.action_notify()
        self._dist_subscribe_todo_owners(new_vals)
        activities.create(new_vals)

    def _dist_subscribe_todo_owners(self, vals_list):
        """Make the people of the new to-dos ``vals_list`` followers of their records with
        the model's default subtypes, as creating the to-dos would, in one query: the
        to-dos then find them subscribed instead of creating thousands of followers one
        record each. Only internal users are given to-dos (no customer subtypes)."""
        pairs = {(vals["res_id"], vals["user_id"]) for vals in vals_list}
        if not pairs:
            return
        users = self.env["res.users"].sudo().browse({user_id for _res_id, user_id in pairs})
        partners = {user.id: user.partner_id.id for user in users}
        res_ids, partner_ids = zip(*((res_id, partners[user_id]) for res_id, user_id in sorted(pairs)), strict=True)
        subtype_ids = self.env["mail.message.subtype"]._default_subtypes(self._name)[0]
        self.env["mail.followers"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH new AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, pair.res_id, pair.partner_id
                      FROM unnest(%(res_ids)s::int[], %(partner_ids)s::int[]) AS pair(res_id, partner_id)
                        ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
                 RETURNING id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel (mail_followers_id, mail_message_subtype_id)
                SELECT new.id, subtype.id FROM new, unnest(%(subtype_ids)s::int[]) AS subtype(id)
                """,
                model=self._name,
                res_ids=list(res_ids),
                partner_ids=list(partner_ids),
                subtype_ids=subtype_ids,
            )
        )
        self.env["mail.followers"].invalidate_model()
        self.browse({res_id for res_id, _user_id in pairs}).invalidate_recordset(
            ["message_follower_ids", "message_partner_ids", "message_is_follower"]
        )

    def _dist_send_digest(self, user, activity_type):
        """One message to ``user`` listing ``self``, by their notification preference."""
        links = Markup("").join(
            Markup('<li><a href="%s">%s</a></li>') % (record._notify_get_action_link("view"), record.display_name)
            for record in self[:100]
        )
        more = len(self) - 100
        body = Markup("<p>%s</p><ul>%s</ul>%s") % (
            self.env._(
                "%(count)s new to-dos (%(type)s) on %(model)s:",
                count=len(self),
                type=activity_type.name,
                model=self.env["ir.model"]._get(self._name).display_name,
            ),
            links,
            Markup("<p>%s</p>") % self.env._("and %s more: see your activities.", more) if more > 0 else "",
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=self.env._("%(count)s to-dos: %(type)s", count=len(self), type=activity_type.name),
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )
