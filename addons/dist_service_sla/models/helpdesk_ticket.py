# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES, SLA_STATUSES
from odoo.addons.helpdesk_mgmt.models.helpdesk_ticket import HelpdeskTicket as MgmtTicket
from odoo.exceptions import UserError
from odoo.tools import SQL

EXCEPTION_USER = "dist_exception_core.dist_exception_core_group_user"


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "dist.sla.mixin", "dist.followup.mixin"]
    _dist_sla_fields = {
        "start": "dist_sla_start_date",
        "response_date": "dist_responded_date",
        "closed_date": "closed_date",
        "hold_date": "dist_sla_hold_date",
        "paused_hours": "dist_sla_paused_hours",
        "response_deadline": "dist_response_deadline",
        "resolution_deadline": "dist_resolution_deadline",
        "response_risk_date": "dist_response_risk_date",
        "resolution_risk_date": "dist_resolution_risk_date",
        "status": "dist_sla_status",
        "breached": "dist_sla_breached",
        "escalation_level": "dist_escalation_level",
        "last_escalation_date": None,
        "owner": "user_id",
    }

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
    dist_product_id = fields.Many2one(comodel_name="product.product", string="Product", index="btree_not_null")
    # Agents without an Exception Management level work tickets too: the links to
    # exceptions are shown to those who may open them.
    dist_exception_ids = fields.One2many(
        comodel_name="dist.exception", inverse_name="ticket_id", string="Exceptions", groups=EXCEPTION_USER
    )
    dist_exception_count = fields.Integer(compute="_compute_dist_exception_count", groups=EXCEPTION_USER)
    dist_documents_label = fields.Char(
        string="About",
        compute="_compute_dist_documents_label",
        help="The documents the ticket is about, as the customer emails name them.",
    )
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

    @api.depends("team_id")
    def _compute_stage_id(self):
        # helpdesk_mgmt's rule (keep a stage the team still uses, else its first one), with
        # each team's stages looked up once for the batch instead of once per ticket.
        stages = {}
        for ticket in self:
            team = ticket.team_id
            if team not in stages:
                stages[team] = team._get_applicable_stages()
            if ticket.stage_id not in stages[team]:
                ticket.stage_id = stages[team][:1]

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
        self._dist_sla_compute_deadlines()

    @api.depends_context("uid")
    def _compute_dist_sla_remaining_hours(self):
        now = fields.Datetime.now()
        for ticket in self:
            deadline = ticket._dist_next_deadline()
            if not deadline or ticket.closed or ticket.dist_sla_hold_date:
                ticket.dist_sla_remaining_hours = 0.0
                continue
            calendar = ticket._dist_sla_calendar()
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

    def _compute_dist_documents_label(self):
        # Tickets link no document here: the bridges linking orders, deliveries... name them.
        self.dist_documents_label = False

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
        self._dist_prepare_batch(vals_list)
        tickets = super().create(vals_list)
        # Only an owner given on purpose is kept: one set by default (helpdesk's auto-assignment
        # makes the creator the owner, be it the mail gateway or the engine) is routed.
        unassigned = [ticket.id for ticket, vals in zip(tickets, vals_list, strict=True) if not vals.get("user_id")]
        self.browse(unassigned)._dist_route()
        if not self.env.context.get("dist_no_acknowledgement"):
            tickets._dist_send_acknowledgement()
        tickets._dist_followup_start(
            {
                ticket: ticket.team_id.dist_followup_sequence_id
                for ticket in tickets.sudo()
                if ticket.team_id.dist_followup_sequence_id._dist_usable_for(ticket.company_id) and not ticket.closed
            }
        )
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

    def action_dist_view_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_exception_action")
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------- SLA hooks

    def _dist_sla_target(self):
        self.ensure_one()
        policy = self.dist_sla_policy_id
        return (policy.response_hours, policy.resolution_hours, policy.at_risk_percent) if policy else None

    def _dist_sla_calendar(self):
        self.ensure_one()
        return self.team_id.dist_calendar_id or self.company_id.resource_calendar_id

    @api.model
    def _dist_sla_sql(self):
        self.env["helpdesk.ticket.stage"].flush_model(["closed"])
        return dict(
            super()._dist_sla_sql(),
            **{
                "from": SQL("helpdesk_ticket t LEFT JOIN helpdesk_ticket_stage stage ON stage.id = t.stage_id"),
                "untracked": SQL("t.dist_sla_policy_id IS NULL"),
                "closed": SQL("COALESCE(stage.closed, FALSE)"),
            },
        )

    @api.model
    def _dist_sla_trigger_fields(self):
        return super()._dist_sla_trigger_fields() | {
            "stage_id",
            "dist_sla_policy_id",
            "team_id",
            "priority",
            "category_id",
            "partner_id",
        }

    @api.model
    def _dist_escalation_domain(self, ladder):
        return [
            ("dist_sla_policy_id.ladder_id", "=", ladder.id),
            ("stage_id.closed", "=", False),
            ("dist_sla_hold_date", "=", False),
        ]

    def _dist_escalation_team_users(self):
        return {ticket.id: ticket.team_id.user_ids | ticket.team_id.user_id for ticket in self}

    def _dist_escalation_team_leader(self):
        return {ticket.id: ticket.team_id.user_id for ticket in self}

    def _dist_escalation_raise_severity(self):
        for priority in ("2", "1", "0"):
            self.filtered(lambda t, p=priority: (t.priority or "0") == p).write({"priority": str(int(priority) + 1)})

    # ------------------------------------------------------- business methods

    @api.model
    def _dist_prepare_batch(self, vals_list):
        """Number and stage a batch of new tickets as helpdesk_mgmt's create does one by
        one, for fewer queries: the numbers come from its sequence in one query per company
        (unless a module numbers tickets its own way), each team's first stage is looked
        up once."""
        if len(vals_list) < 2:
            return
        if type(self)._prepare_ticket_number is MgmtTicket._prepare_ticket_number:
            by_company = {}
            for vals in vals_list:
                if vals.get("number", "/") == "/":
                    by_company.setdefault(vals.get("company_id") or self.env.company.id, []).append(vals)
            for company_id, group in by_company.items():
                numbers = (
                    self.env["res.company"]
                    .browse(company_id)
                    ._dist_next_numbers("helpdesk.ticket.sequence", len(group))
                )
                for vals, number in zip(group, numbers, strict=True):
                    vals["number"] = number
        first_stages = {}
        for vals in vals_list:
            if vals.get("team_id") and "stage_id" not in vals:
                if vals["team_id"] not in first_stages:
                    team = self.env["helpdesk.ticket.team"].browse(vals["team_id"])
                    first_stages[vals["team_id"]] = team._get_applicable_stages()[:1].id
                vals["stage_id"] = first_stages[vals["team_id"]]

    @api.model
    def _dist_document_fields(self):
        """{model: ticket field} of the documents a ticket can be about, the broadest first
        (an order before its delivery): the exceptions on them, or pointing to them, join
        the customer's open ticket about the same document. None here: bridge modules add
        theirs."""
        return {}

    def _dist_documents(self):
        """{model: record} of the documents the ticket is about."""
        self.ensure_one()
        return {model: self[name] for model, name in self._dist_document_fields().items() if self[name]}

    def _dist_source_model(self):
        """The model of the most specific document the ticket is about, for routing."""
        self.ensure_one()
        return next(reversed(self._dist_documents()), False)

    def _dist_move_clock(self, stage, now):
        """Stop the SLA clock entering a pausing stage; restart it, deadlines pushed back
        by the working hours spent there, on leaving it (closing included)."""
        for ticket in self.filtered(lambda t: t.dist_sla_hold_date or stage.dist_sla_pause):
            if ticket.dist_sla_hold_date and (not stage.dist_sla_pause or stage.closed):
                ticket.write(ticket._dist_sla_resume_values(now))
            elif not ticket.dist_sla_hold_date and stage.dist_sla_pause and not stage.closed:
                ticket.write(ticket._dist_sla_pause_values(now))

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
        # A ticket logged after its clock started (taken by phone, say) may be past its first
        # deadline already: its acknowledgement promises no time that has passed.
        now = fields.Datetime.now()
        late = to_ack.filtered(lambda t: t.dist_response_deadline and t.dist_response_deadline <= now)
        for tickets, passed in ((to_ack - late, False), (late, True)):
            tickets.with_context(dist_sla_automatic=True, dist_deadline_passed=passed)._dist_post_template(
                "dist_service_sla.mail_template_ticket_acknowledgement"
            )

    def _dist_post_template(self, xmlid):
        """Email the customer one of the shipped templates from each ticket of ``self``, in
        the current user's name.

        The templates name the documents of the ticket (an order, a delivery...): an agent
        without rights on them still sends them, so they are rendered as the engine, once
        the caller's access to the tickets themselves is checked."""
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template or not self:
            return self.env["mail.message"]
        if not self.env.su:
            self.check_access("read")
        return self.sudo().message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _dist_on_close(self):
        """A closed ticket resolves its open exceptions and tells the customer.

        The exceptions go through their own lifecycle, as their closer: one the closer
        may not resolve (not its owner, team or an exception manager), one whose cost
        impact waits for approval, or one whose detector still finds the problem on its
        document stays open, with a note saying why, for its owner to finish. So a ticket
        closed on a document that still breaks the rule does not come back as a new
        exception and a new ticket at the next detector pass."""
        self.sudo().write({"dist_followup_next_date": False})
        exceptions = self.sudo().dist_exception_ids.filtered(lambda e: e.state in OPEN_STATES)
        if exceptions and not self.env.context.get("dist_from_exception"):
            default_cause = self.env.ref("dist_exception_core.dist_root_cause_customer_request")
            for ticket in self:
                mine = exceptions.filtered(lambda e, t=ticket: e.ticket_id == t)
                if mine:
                    mine.with_env(self.env).with_context(dist_from_ticket=True)._dist_resolve_from_ticket(
                        ticket, ticket.dist_root_cause_id or default_cause
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

    def _dist_followup_open_domain(self):
        return [("stage_id.closed", "=", False)]

    @api.model
    def _dist_detect_ticket_sla_breach(self, _exception_type):
        """Open tickets whose SLA is breached."""
        return self.search([("dist_sla_status", "=", "breached"), ("stage_id.closed", "=", False)])

    def _dist_exception_values(self, exception_type):
        values = self.env["dist.exception"]._dist_source_values(self)
        for ticket in self:
            # The breach is the helpdesk team's to answer for: its leader owns it (the
            # ticket's agent without one), unless the exception type names an owner.
            owner = ticket.team_id.user_id or ticket.user_id
            if owner and not exception_type.user_id and ticket.company_id in owner.company_ids:
                values[ticket.id]["user_id"] = owner.id
            values[ticket.id].update(
                {
                    "partner_id": ticket.commercial_partner_id.id or False,
                    "product_id": ticket.dist_product_id.id or False,
                    "description": self.env._(
                        "%(ticket)s (%(team)s, %(owner)s): resolution was due %(deadline)s.",
                        ticket=ticket.display_name,
                        team=ticket.team_id.name or "-",
                        owner=ticket.user_id.name or self.env._("unassigned"),
                        deadline=(ticket.company_id or self.env.company)._dist_format_datetime(
                            ticket.dist_resolution_deadline
                        ),
                    ),
                }
            )
        return values
