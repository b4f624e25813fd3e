# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression


class DistException(models.Model):
    _inherit = "dist.exception"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Customer Ticket",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )

    @api.model_create_multi
    def create(self, vals_list):
        exceptions = super().create(vals_list)
        # Whoever reports the exception (a picker without Sales rights, say), the engine opens
        # the ticket: it reads the documents the ticket is about.
        exceptions.sudo().filtered(
            lambda e: e.type_id.customer_facing and e.partner_id and not e.ticket_id
        )._dist_open_tickets()
        return exceptions

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals and not self.env.context.get("dist_from_ticket"):
            self.filtered(lambda e: e.ticket_id and e.state not in OPEN_STATES)._dist_close_tickets()
        return result

    def _dist_followup_portal_record(self):
        # A customer with a ticket follows the problem there.
        ticket = self.sudo().ticket_id
        return ticket or super()._dist_followup_portal_record()

    def _dist_followup_send_next(self, now):
        if self.sudo().ticket_id.dist_followup_next_date:
            self.write({"dist_followup_next_date": False})
            self.message_post(
                body=self.env._(
                    "Customer follow-ups ended: ticket %s keeps the customer informed.", self.sudo().ticket_id.number
                )
            )
            return 0
        return super()._dist_followup_send_next(now)

    def action_dist_open_ticket(self):
        self.ensure_one()
        return self.ticket_id.get_formview_action()

    def _dist_sources(self):
        """{exception id: its source document}, those that still exist: one query per
        source model for the batch (``source_ref`` checks each on its own)."""
        ids_by_model = {}
        for exc in self:
            if exc.res_model in self.env and exc.res_id:
                ids_by_model.setdefault(exc.res_model, set()).add(exc.res_id)
        existing = {
            (model, record.id): record
            for model, ids in ids_by_model.items()
            for record in self.env[model].browse(sorted(ids)).exists()
        }
        return {exc.id: existing[exc.res_model, exc.res_id] for exc in self if (exc.res_model, exc.res_id) in existing}

    def _dist_ticket_documents(self, source):
        """{model: record} of the documents a ticket about this exception refers to, among
        those tickets link (``helpdesk.ticket._dist_document_fields``): its ``source``
        document itself (None when gone), or the ones it points to (a dispute's invoice, say)."""
        self.ensure_one()
        documents = {}
        if not source:
            return documents
        for model in self.env["helpdesk.ticket"]._dist_document_fields():
            if source._name == model:
                documents[model] = source
                continue
            for field in source._fields.values():
                if field.type == "many2one" and field.comodel_name == model and source[field.name]:
                    documents[model] = source[field.name]
                    break
        return documents

    def _dist_ticket_keys(self, documents):
        """What a ticket about this exception is about: (customer, model, document id) of
        each of its ``documents``, the broadest first, or the exception itself without any."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id.id
        return [
            (partner, model, documents[model].id)
            for model in self.env["helpdesk.ticket"]._dist_document_fields()
            if model in documents
        ] or [(partner, self._name, self.id)]

    def _dist_open_tickets(self):
        """Attach each exception to the open ticket of its customer about the same
        document, or open one: a fixed number of queries for the batch, plus what
        helpdesk_mgmt spends numbering each new ticket."""
        tickets = self.env["helpdesk.ticket"].sudo()
        link_fields = tickets._dist_document_fields()
        sources = self._dist_sources()
        docs = {exc.id: exc._dist_ticket_documents(sources.get(exc.id)) for exc in self}
        by_key = {}
        if link_fields:
            open_tickets = tickets.search(
                [
                    ("commercial_partner_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("stage_id.closed", "=", False),
                    *expression.OR([[(name, "!=", False)] for name in link_fields.values()]),
                ]
            )
            for ticket in open_tickets:
                for model, record in ticket._dist_documents().items():
                    by_key.setdefault((ticket.commercial_partner_id.id, model, record.id), ticket)
        keys = {exc.id: exc._dist_ticket_keys(docs[exc.id]) for exc in self}
        assignment, planned = {}, {}
        for exc in self:
            ticket = next((by_key[key] for key in keys[exc.id] if key in by_key), None)
            if ticket:
                assignment[exc.id] = ticket
                continue
            # Exceptions of this batch about the same document share the ticket planned for it.
            first = next((planned[key] for key in keys[exc.id] if key in planned), exc)
            for key in keys[exc.id]:
                planned.setdefault(key, first)
        leaders = self.browse(list({exc.id for exc in planned.values()}))
        # The tickets of one batch start their clock together: their deadlines are planned once.
        now = fields.Datetime.now()
        created = tickets.with_context(dist_no_acknowledgement=True, tracking_disable=True).create(
            [dict(exc._dist_ticket_values(docs[exc.id]), dist_sla_start_date=now) for exc in leaders]
        )
        ticket_of = dict(zip(leaders.ids, created, strict=True))
        for exc in self.filtered(lambda e: e.id not in assignment):
            assignment[exc.id] = ticket_of[planned[keys[exc.id][0]].id]
        notes = {}
        for exc in self:
            if exc.id not in ticket_of:
                notes.setdefault(assignment[exc.id].id, []).append(
                    self.env._(
                        "Exception %(name)s (%(type)s) joined this ticket.", name=exc.name, type=exc.type_id.name
                    )
                )
        if notes:
            tickets.browse(list(notes))._message_log_batch(
                bodies={ticket_id: Markup("<br/>").join(lines) for ticket_id, lines in notes.items()}
            )
        self.env.cr.execute(
            """
            UPDATE dist_exception SET ticket_id = data.ticket_id
              FROM unnest(%s::int[], %s::int[]) AS data(exception_id, ticket_id)
             WHERE dist_exception.id = data.exception_id
            """,
            [list(assignment), [ticket.id for ticket in assignment.values()]],
        )
        self.invalidate_recordset(["ticket_id"])

    def _dist_ticket_values(self, documents):
        """Values of the ticket opened for this exception, about ``documents``."""
        self.ensure_one()
        partner = self.partner_id
        link_fields = self.env["helpdesk.ticket"]._dist_document_fields()
        # Named after the most specific document: the invoice rather than its order.
        about = next((documents[model] for model in reversed(link_fields) if model in documents), None)
        return {
            "name": f"{self.type_id.name}: {about.display_name}" if about else self.type_id.name,
            "description": self.description or self.type_id.description or self.type_id.name,
            "partner_id": partner.id,
            "partner_email": partner.email,
            "partner_name": partner.name,
            "company_id": self.company_id.id,
            "team_id": self.type_id.ticket_team_id.id or False,
            "priority": self.severity,
            "dist_product_id": self.product_id.id or False,
            **{link_fields[model]: record.id for model, record in documents.items()},
        }

    def _dist_resolve_from_ticket(self, ticket, root_cause):
        """Resolve ``self`` as the user who closed ``ticket``, through the lifecycle's own
        checks; the exceptions it cannot resolve stay open with a note saying why.
        Returns those left open."""
        engine = self.sudo()
        persisting = engine._dist_still_detected()
        note = self.env._("Closed with ticket %s.", ticket.number)
        reasons = {}
        for exc in self:
            if exc.id in persisting.ids:
                reasons[exc.id] = self.env._(
                    "its detector still finds the problem on %s", exc.sudo().source_ref.display_name
                )
                continue
            try:
                with self.env.cr.savepoint():
                    exc._dist_resolve(root_cause, note)
            except (AccessError, UserError) as error:
                reasons[exc.id] = error.args[0]
        left = engine.browse(list(reasons))
        if left:
            left._message_log_batch(
                bodies={
                    exc_id: self.env._(
                        "Ticket %(ticket)s was closed but this exception stays open: %(reason)s.",
                        ticket=ticket.number,
                        reason=reason.rstrip("."),
                    )
                    for exc_id, reason in reasons.items()
                }
            )
            ticket.sudo().message_post(
                body=self.env._(
                    "Still open after closing: %s. Their owners finish them.", ", ".join(left.mapped("name"))
                ),
                subtype_xmlid="mail.mt_note",
            )
        return left

    def _dist_still_detected(self):
        """The exceptions of ``self`` whose type's detector still finds their document."""
        still = self.browse()
        for exc_type, exceptions in self.grouped("type_id").items():
            if exc_type.detector_available and exc_type.res_model:
                found = exc_type._dist_applicable(
                    getattr(self.env[exc_type.res_model], exc_type._dist_detector_method())(exc_type)
                )
                still |= exceptions.filtered(lambda e, ids=set(found.ids): e.res_id in ids)
        return still

    def _dist_close_tickets(self):
        """A ticket whose exceptions are all closed is closed too."""
        for ticket in self.sudo().ticket_id.filtered(lambda t: not t.closed):
            if all(exc.state not in OPEN_STATES for exc in ticket.dist_exception_ids):
                ticket._dist_close(
                    self.env._(
                        "Closed: its exceptions are resolved (%s).",
                        ", ".join(ticket.dist_exception_ids.mapped("name")),
                    )
                )
