# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES, SLA_STATUSES
from odoo.addons.dist_exception_core.models.sla_sql import sla_status_case
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

EXCEPTION_USER = "dist_exception_core.dist_exception_core_group_user"
STOCK_USER = "stock.group_stock_user"

TICKET_SLA_COLUMNS = {
    "untracked": "t.dist_sla_policy_id IS NULL",
    "closed": "COALESCE(stage.closed, FALSE)",
    "paused": "t.dist_sla_hold_date IS NOT NULL",
    "breached": "t.dist_sla_breached",
    "closed_date": "t.closed_date",
    "response_date": "t.dist_responded_date",
    "response_deadline": "t.dist_response_deadline",
    "resolution_deadline": "t.dist_resolution_deadline",
    "response_risk_date": "t.dist_response_risk_date",
    "resolution_risk_date": "t.dist_resolution_risk_date",
}
SLA_FIELDS = (
    "dist_response_deadline",
    "dist_resolution_deadline",
    "dist_response_risk_date",
    "dist_resolution_risk_date",
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    dist_sla_policy_id = fields.Many2one(
        comodel_name="dist.ticket.sla.policy",
        string="SLA Policy",
        compute="_compute_dist_sla_policy_id",
        store=True,
        readonly=False,
        tracking=True,
        index="btree_not_null",
    )
    dist_sla_start_date = fields.Datetime(
        string="SLA Start",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
    )
    dist_response_deadline = fields.Datetime(
        string="First Response Due", compute="_compute_dist_deadlines", store=True, copy=False
    )
    dist_resolution_deadline = fields.Datetime(
        string="Resolution Due", compute="_compute_dist_deadlines", store=True, copy=False, index=True
    )
    dist_response_risk_date = fields.Datetime(compute="_compute_dist_deadlines", store=True, copy=False)
    dist_resolution_risk_date = fields.Datetime(compute="_compute_dist_deadlines", store=True, copy=False)
    dist_responded_date = fields.Datetime(
        string="First Response On",
        readonly=True,
        copy=False,
        help="First public reply of an employee to the customer.",
    )
    dist_sla_hold_date = fields.Datetime(string="SLA Paused Since", readonly=True, copy=False)
    dist_sla_paused_hours = fields.Float(string="SLA Paused (working hours)", readonly=True, copy=False)
    dist_sla_status = fields.Selection(selection=SLA_STATUSES, string="SLA", readonly=True, copy=False, index=True)
    dist_sla_breached = fields.Boolean(
        string="SLA Failed",
        readonly=True,
        copy=False,
        help="Stays set once a deadline was missed, even after the ticket is solved.",
    )
    dist_sla_remaining_hours = fields.Float(
        string="Time Left",
        compute="_compute_dist_sla_remaining_hours",
        help="Working hours left before the next deadline (negative once passed).",
    )
    dist_escalation_level = fields.Integer(
        string="Escalation Level", default=0, readonly=True, copy=False, tracking=True
    )
    dist_sale_order_id = fields.Many2one(comodel_name="sale.order", string="Sales Order", index="btree_not_null")
    dist_picking_id = fields.Many2one(comodel_name="stock.picking", string="Delivery", index="btree_not_null")
    dist_invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        index="btree_not_null",
        domain=[("move_type", "in", ("out_invoice", "out_refund"))],
    )
    dist_product_id = fields.Many2one(comodel_name="product.product", string="Product", index="btree_not_null")
    # Agents without an Exception Management level or Inventory rights work tickets too:
    # the links to exceptions and returns are shown to those who may open them.
    dist_exception_ids = fields.One2many(
        comodel_name="dist.exception", inverse_name="ticket_id", string="Exceptions", groups=EXCEPTION_USER
    )
    dist_exception_count = fields.Integer(compute="_compute_dist_exception_count", groups=EXCEPTION_USER)
    dist_return_ids = fields.One2many(
        comodel_name="stock.picking", inverse_name="dist_ticket_id", string="Returns", groups=STOCK_USER
    )
    dist_return_count = fields.Integer(compute="_compute_dist_return_count", groups=STOCK_USER)
    dist_root_cause_id = fields.Many2one(
        comodel_name="dist.root.cause",
        string="Root Cause",
        tracking=True,
        help="Why the customer had to contact us; recurrences are counted per customer, product and cause.",
    )
    dist_recurrence_count = fields.Integer(
        string="Earlier Occurrences",
        compute="_compute_dist_recurrence",
        store=True,
        help="Tickets of the same customer, product and root cause in the recurrence window before this one.",
    )
    dist_is_recurrence = fields.Boolean(string="Recurrence", compute="_compute_dist_recurrence", store=True)

    @api.depends("team_id", "category_id", "priority", "partner_id", "company_id")
    def _compute_dist_sla_policy_id(self):
        open_tickets = self.filtered(lambda t: not t.closed)
        policies = self.env["dist.ticket.sla.policy"]._dist_policy_for(open_tickets)
        for ticket in open_tickets:
            ticket.dist_sla_policy_id = policies[ticket.id]

    @api.depends(
        "dist_sla_policy_id",
        "dist_sla_start_date",
        "dist_sla_paused_hours",
        "team_id.dist_calendar_id",
        "company_id.resource_calendar_id",
    )
    def _compute_dist_deadlines(self):
        planner = self.env["dist.exception"]
        for ticket in self:
            policy = ticket.dist_sla_policy_id
            if not policy or not ticket.dist_sla_start_date:
                ticket.update(dict.fromkeys(SLA_FIELDS, False))
                continue
            calendar = ticket._dist_calendar()
            safe_share = 1 - policy.at_risk_percent / 100.0
            start, paused = ticket.dist_sla_start_date, ticket.dist_sla_paused_hours
            ticket.update(
                {
                    "dist_response_deadline": planner._dist_plan_hours(calendar, start, policy.response_hours + paused),
                    "dist_resolution_deadline": planner._dist_plan_hours(
                        calendar, start, policy.resolution_hours + paused
                    ),
                    "dist_response_risk_date": planner._dist_plan_hours(
                        calendar, start, policy.response_hours * safe_share + paused
                    ),
                    "dist_resolution_risk_date": planner._dist_plan_hours(
                        calendar, start, policy.resolution_hours * safe_share + paused
                    ),
                }
            )

    @api.depends_context("uid")
    def _compute_dist_sla_remaining_hours(self):
        now = fields.Datetime.now()
        for ticket in self:
            deadline = ticket._dist_next_deadline()
            if not deadline or ticket.closed or ticket.dist_sla_hold_date:
                ticket.dist_sla_remaining_hours = 0.0
                continue
            calendar = ticket._dist_calendar()
            if deadline >= now:
                ticket.dist_sla_remaining_hours = ticket._dist_working_hours(calendar, now, deadline)
            else:
                ticket.dist_sla_remaining_hours = -ticket._dist_working_hours(calendar, deadline, now)

    def _compute_dist_exception_count(self):
        groups = self.env["dist.exception"]._read_group(
            [("ticket_id", "in", self.ids)], groupby=["ticket_id"], aggregates=["__count"]
        )
        counts = {ticket.id: count for ticket, count in groups}
        for ticket in self:
            ticket.dist_exception_count = counts.get(ticket.id, 0)

    def _compute_dist_return_count(self):
        groups = self.env["stock.picking"]._read_group(
            [("dist_ticket_id", "in", self.ids)], groupby=["dist_ticket_id"], aggregates=["__count"]
        )
        counts = {ticket.id: count for ticket, count in groups}
        for ticket in self:
            ticket.dist_return_count = counts.get(ticket.id, 0)

    @api.depends("commercial_partner_id", "dist_product_id", "dist_root_cause_id", "dist_sla_start_date")
    def _compute_dist_recurrence(self):
        keyed = self.filtered(lambda t: t.commercial_partner_id and t.dist_root_cause_id and t.id)
        # Stored: counted over every ticket of the customer, not only those the current user sees.
        history = self.sudo().search(
            [
                ("commercial_partner_id", "in", keyed.commercial_partner_id.ids),
                ("dist_root_cause_id", "in", keyed.dist_root_cause_id.ids),
            ]
        )
        by_key = {}
        for other in history:
            key = (other.commercial_partner_id.id, other.dist_product_id.id, other.dist_root_cause_id.id)
            by_key.setdefault(key, []).append(other)
        for ticket in self:
            count = 0
            if ticket in keyed:
                window = timedelta(days=ticket.company_id.dist_recurrence_days)
                key = (ticket.commercial_partner_id.id, ticket.dist_product_id.id, ticket.dist_root_cause_id.id)
                count = sum(
                    1
                    for other in by_key.get(key, [])
                    if ticket.dist_sla_start_date - window <= other.dist_sla_start_date
                    and (other.dist_sla_start_date, other.id) < (ticket.dist_sla_start_date, ticket.id)
                )
            ticket.dist_recurrence_count = count
            ticket.dist_is_recurrence = bool(count)

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        # Only an owner given on purpose is kept: one set by default (helpdesk's auto-assignment
        # makes the creator the owner, be it the mail gateway or the engine) is routed.
        unassigned = [ticket.id for ticket, vals in zip(tickets, vals_list, strict=True) if not vals.get("user_id")]
        self.browse(unassigned)._dist_route()
        tickets._dist_refresh_sla_status()
        if not self.env.context.get("dist_no_acknowledgement"):
            tickets._dist_send_acknowledgement()
        return tickets

    def write(self, vals):
        now = fields.Datetime.now()
        stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]) if vals.get("stage_id") else None
        if stage is not None:
            self._dist_move_clock(stage, now)
        was_open = self.filtered(lambda t: not t.closed) if stage is not None else self.browse()
        result = super().write(vals)
        if stage is not None and stage.closed:
            just_closed = was_open.filtered("closed")
            if just_closed:
                just_closed._dist_on_close()
        if {"stage_id", "dist_sla_policy_id", "team_id", "priority", "category_id", "partner_id"} & vals.keys():
            self._dist_refresh_sla_status()
        return result

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        self._dist_note_first_response(message)
        return message

    # ---------------------------------------------------------------- actions

    def action_dist_send_status_update(self):
        self.ensure_one()
        if not self.partner_id.email:
            raise UserError(self.env._("%s has no customer email to send the update to.", self.display_name))
        self._dist_post_template("dist_service_sla.mail_template_ticket_status")
        return True

    def action_dist_start_return(self):
        self.ensure_one()
        picking = self.dist_picking_id
        if not picking or picking.picking_type_code != "outgoing" or picking.state != "done":
            raise UserError(self.env._("A return starts from a delivery that was shipped: set the ticket's delivery."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return for %s", self.display_name),
            "res_model": "stock.return.picking",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_id": picking.id,
                "active_ids": picking.ids,
                "active_model": "stock.picking",
                "dist_ticket_id": self.id,
            },
        }

    def action_dist_view_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_exception_action")
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_dist_view_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("dist_ticket_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------- business methods

    def _dist_calendar(self):
        self.ensure_one()
        return self.team_id.dist_calendar_id or self.company_id.resource_calendar_id

    @staticmethod
    def _dist_working_hours(calendar, start, end):
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    def _dist_next_deadline(self):
        self.ensure_one()
        if not self.dist_responded_date and self.dist_response_deadline:
            return self.dist_response_deadline
        return self.dist_resolution_deadline

    def _dist_source_model(self):
        self.ensure_one()
        if self.dist_invoice_id:
            return "account.move"
        if self.dist_picking_id:
            return "stock.picking"
        if self.dist_sale_order_id:
            return "sale.order"
        return False

    def _dist_move_clock(self, stage, now):
        """Stop the SLA clock entering a pausing stage; restart it, deadlines pushed back
        by the working hours spent there, on leaving it (closing included)."""
        for ticket in self.filtered(lambda t: t.dist_sla_hold_date or stage.dist_sla_pause):
            if ticket.dist_sla_hold_date and (not stage.dist_sla_pause or stage.closed):
                paused = ticket._dist_working_hours(ticket._dist_calendar(), ticket.dist_sla_hold_date, now)
                ticket.write(
                    {"dist_sla_hold_date": False, "dist_sla_paused_hours": ticket.dist_sla_paused_hours + paused}
                )
            elif not ticket.dist_sla_hold_date and stage.dist_sla_pause and not stage.closed:
                ticket.write({"dist_sla_hold_date": now})

    def _dist_note_first_response(self, message):
        # Any message to the followers from an employee answers; internal notes do not.
        if self.env.context.get("dist_sla_automatic"):
            return
        if message.subtype_id != self.env.ref("mail.mt_comment") or not message.author_id.user_ids.filtered(
            lambda u: not u.share
        ):
            return
        waiting = self.filtered(lambda t: not t.dist_responded_date)
        if waiting:
            # Bookkeeping of the SLA clock: any employee who may post on the ticket answers,
            # also one with read access only (helpdesk lets them post).
            waiting.sudo().write({"dist_responded_date": message.date or fields.Datetime.now()})
            waiting._dist_refresh_sla_status()

    def _dist_route(self):
        """Team and owner from the first matching routing rule; tickets of a batch that get
        the same team and owner are written together.

        Routing is the company's policy, applied whoever opens the ticket (a customer on the
        portal, an agent who then may not see it any more): it reads the rules and the
        team's load, and writes the result, as the engine."""
        engine = self.sudo()
        rules = engine.env["dist.ticket.routing.rule"].search([("company_id", "in", engine.company_id.ids)])
        given, load, routed, notes = {}, {}, {}, {}
        for ticket in engine:
            rule = next((r for r in rules if r._dist_matches(ticket)), None)
            if not rule:
                continue
            owner = rule._dist_pick_owner(given, load)
            if owner:
                given[owner.id] = given.get(owner.id, 0) + 1
            routed.setdefault((rule.team_id, owner), engine.browse())
            routed[(rule.team_id, owner)] |= ticket
            notes[ticket.id] = self.env._("Routed by the rule “%s”.", rule.name)
        for (team, owner), tickets in routed.items():
            tickets.filtered(lambda t, tm=team: t.team_id != tm).write({"team_id": team.id})
            if owner:
                tickets.write({"user_id": owner.id})
        if notes:
            engine.browse(list(notes))._message_log_batch(bodies=notes)

    def _dist_send_acknowledgement(self):
        to_ack = self.sudo().filtered(lambda t: t.team_id.dist_send_acknowledgement and t.partner_id.email)
        to_ack.with_context(dist_sla_automatic=True)._dist_post_template(
            "dist_service_sla.mail_template_ticket_acknowledgement"
        )

    def _dist_post_template(self, xmlid):
        """Email the customer one of the shipped templates from each ticket of ``self``, in
        the current user's name.

        The templates show the order, delivery and invoice of the ticket: an agent without
        Sales, Inventory or Invoicing rights still sends them, so they are rendered as the
        engine, once the caller's access to the tickets themselves is checked."""
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template or not self:
            return self.env["mail.message"]
        if not self.env.su:
            self.check_access("read")
        return self.sudo().message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _dist_on_close(self):
        """A closed ticket closes its open exceptions and tells the customer.

        Closing a ticket is the helpdesk's decision, taken by agents who may have no
        Exception Management level: the linked exceptions are resolved by the core's engine
        path (sudo, automatic resolution), as a detector closes them when their condition clears."""
        exceptions = self.sudo().dist_exception_ids.filtered(lambda e: e.state in OPEN_STATES)
        if exceptions and not self.env.context.get("dist_from_exception"):
            default_cause = self.env.ref("dist_exception_core.dist_root_cause_customer_request")
            for ticket in self:
                mine = exceptions.filtered(lambda e, t=ticket: e.ticket_id == t)
                if mine:
                    mine.with_context(dist_from_ticket=True).sudo()._dist_resolve(
                        ticket.dist_root_cause_id or default_cause,
                        self.env._("Closed with ticket %s.", ticket.number),
                        auto=True,
                    )
        to_tell = self.sudo().filtered(lambda t: t.team_id.dist_send_resolution and t.partner_id.email)
        self.browse(to_tell.ids).with_context(dist_sla_automatic=True)._dist_post_template(
            "dist_service_sla.mail_template_ticket_resolution"
        )

    def _dist_close(self, note):
        """Move to the first closing stage of each ticket's team."""
        for ticket in self.filtered(lambda t: not t.closed):
            stage = ticket.team_id._get_applicable_stages().filtered("closed")[:1] or self.env[
                "helpdesk.ticket.stage"
            ].search([("closed", "=", True)], limit=1)
            if stage:
                ticket.message_post(body=note, subtype_xmlid="mail.mt_note")
                ticket.with_context(dist_from_exception=True).stage_id = stage

    def _dist_refresh_sla_status(self, now=None, all_open=False):
        """Recompute the SLA status of ``self`` (or of every ticket under a policy) in one statement."""
        if not self and not all_open:
            return []
        self.flush_model()
        self.env["helpdesk.ticket.stage"].flush_model(["closed"])
        now = now or fields.Datetime.now()
        scope = (
            SQL("t.dist_sla_policy_id IS NOT NULL AND NOT COALESCE(stage.closed, FALSE)")
            if all_open
            else SQL("t.id = ANY(%s)", self.ids)
        )
        self.env.cr.execute(
            SQL(
                """
                WITH computed AS (
                    SELECT t.id, %(status)s AS status
                      FROM helpdesk_ticket t
                      LEFT JOIN helpdesk_ticket_stage stage ON stage.id = t.stage_id
                     WHERE %(scope)s
                )
                UPDATE helpdesk_ticket t
                   SET dist_sla_status = c.status,
                       dist_sla_breached = COALESCE(t.dist_sla_breached, FALSE) OR c.status = 'breached'
                  FROM computed c
                 WHERE c.id = t.id
                   AND (t.dist_sla_status IS DISTINCT FROM c.status
                        OR (c.status = 'breached' AND NOT COALESCE(t.dist_sla_breached, FALSE)))
             RETURNING t.id
                """,
                status=sla_status_case(TICKET_SLA_COLUMNS, now),
                scope=scope,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.invalidate_model(["dist_sla_status", "dist_sla_breached"])
        return changed

    @api.model
    def _cron_dist_ticket_sla(self):
        """Refresh every open ticket's SLA status, then climb the policies' escalation ladders."""
        now = fields.Datetime.now()
        self._dist_refresh_sla_status(now=now, all_open=True)
        ladders = self.env["dist.ticket.sla.policy"].search([("ladder_id", "!=", False)]).ladder_id
        escalated = self.browse()
        for level in ladders.level_ids.sorted(lambda lv: (lv.ladder_id.id, lv.level)):
            escalated |= self._dist_escalate_level(level, now)
        return escalated

    @api.model
    def _dist_escalate_level(self, level, now):
        deadline_field = "dist_response_deadline" if level.deadline == "response" else "dist_resolution_deadline"
        domain = [
            ("dist_sla_policy_id.ladder_id", "=", level.ladder_id.id),
            ("stage_id.closed", "=", False),
            ("dist_sla_hold_date", "=", False),
            ("dist_escalation_level", "<", level.level),
            (deadline_field, "<=", now - timedelta(hours=level.delay_hours)),
        ]
        if level.deadline == "response":
            domain.append(("dist_responded_date", "=", False))
        escalated = self.browse()
        for batch in split_every(1000, self.search(domain, order="id").ids, self.browse):
            try:
                with self.env.cr.savepoint():
                    escalated |= batch._dist_apply_level(level, now)
            except Exception:
                _logger.exception("Ticket escalation to level %s failed for a batch", level.level)
        return escalated

    def _dist_apply_level(self, level, now):
        """Claim ``self`` for ``level`` (skipping tickets another worker claimed) and act."""
        self.flush_recordset(["dist_escalation_level"])
        self.env.cr.execute(
            """
            UPDATE helpdesk_ticket SET dist_escalation_level = %s
             WHERE id = ANY(%s) AND COALESCE(dist_escalation_level, 0) < %s
         RETURNING id
            """,
            (level.level, self.ids, level.level),
        )
        claimed = self.browse([row[0] for row in self.env.cr.fetchall()])
        claimed.invalidate_recordset(["dist_escalation_level"])
        activity_type = self.env.ref("dist_exception_core.mail_activity_type_escalation")
        activities = []
        for ticket in claimed:
            targets = ticket._dist_escalation_targets(level)
            changes = {}
            if level.action == "reassign" and targets[:1] and targets[:1] != ticket.user_id:
                changes["user_id"] = targets[:1].id
            if level.raise_severity and (ticket.priority or "0") < "3":
                changes["priority"] = str(int(ticket.priority or "0") + 1)
            if changes:
                ticket.with_context(tracking_disable=True).write(changes)
            ticket.message_post(
                body=self.env._(
                    "SLA escalation level %(level)s: %(deadline)s passed; %(users)s.%(note)s",
                    level=level.level,
                    deadline=dict(level._fields["deadline"]._description_selection(self.env))[level.deadline].lower(),
                    users=", ".join(targets.mapped("name")) or self.env._("nobody to notify"),
                    note=f" {level.note}" if level.note else "",
                ),
                subtype_xmlid="mail.mt_note",
            )
            activities += [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": ticket.id,
                    "user_id": user.id,
                    "summary": self.env._(
                        "SLA escalation level %(level)s: %(ticket)s", level=level.level, ticket=ticket.number
                    ),
                    "note": level.note or False,
                    "date_deadline": fields.Date.context_today(self),
                }
                for user in targets
                if not user.share
            ]
        if activities:
            self.env["mail.activity"].sudo().create(activities)
        return claimed

    def _dist_escalation_targets(self, level):
        self.ensure_one()
        if level.target == "user":
            return level.user_id
        if level.target == "group":
            return level.group_id.users
        if level.target == "team":
            return self.team_id.user_ids | self.team_id.user_id
        leader = self.team_id.user_id
        if not leader or leader == self.user_id:
            leader = self.env["dist.exception.team"]._dist_leader_of(self.user_id).get(self.user_id.id, leader)
        return leader or self.env["res.users"]

    @api.model
    def _dist_detect_ticket_sla_breach(self, _exception_type):
        """Open tickets whose SLA is breached."""
        return self.search([("dist_sla_status", "=", "breached"), ("stage_id.closed", "=", False)])

    def _dist_exception_values(self, exception_type):
        values = self.env["dist.exception"]._dist_source_values(self)
        for ticket in self:
            values[ticket.id].update(
                {
                    "partner_id": ticket.commercial_partner_id.id or False,
                    "product_id": ticket.dist_product_id.id or False,
                    "description": self.env._(
                        "%(ticket)s (%(team)s, %(owner)s): resolution was due %(deadline)s.",
                        ticket=ticket.display_name,
                        team=ticket.team_id.name or "-",
                        owner=ticket.user_id.name or self.env._("unassigned"),
                        deadline=fields.Datetime.to_string(ticket.dist_resolution_deadline),
                    ),
                }
            )
        return values
