# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

_logger = logging.getLogger(__name__)

FOLLOWUP_FIELDS = {"dist_followup_sequence_id", "dist_followup_count", "dist_followup_next_date"}


class DistFollowupMixin(models.AbstractModel):
    """A document that keeps its customer informed while it stays open, following a
    ``dist.followup.sequence``. Models say who the customer is, when the document is
    resolved (as a domain, for the scheduled pass), and which record the customer reads
    on the portal; the pass posts each message there and logs it here."""

    _name = "dist.followup.mixin"
    _description = "Document with Customer Follow-ups"

    dist_followup_sequence_id = fields.Many2one(
        comodel_name="dist.followup.sequence",
        string="Follow-up Sequence",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    dist_followup_count = fields.Integer(string="Follow-ups Sent", readonly=True, copy=False)
    dist_followup_next_date = fields.Datetime(
        string="Next Follow-up",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the customer gets the next message; empty once the document is resolved or follow-ups stopped.",
    )
    dist_portal_url = fields.Char(
        string="Customer Link",
        compute="_compute_dist_portal_url",
        help="What the customer opens to see where things stand: their order, invoice or ticket on the portal.",
    )

    dist_portal_name = fields.Char(
        string="Customer Document",
        compute="_compute_dist_portal_url",
        help="The name of the document the customer reads on the portal.",
    )

    def _compute_dist_portal_url(self):
        for record in self:
            document = record._dist_followup_portal_record()
            # The link opens the document without a login: shown to who may read it anyway.
            if document and not document.with_env(self.env).has_access("read"):
                document = document.browse()
            record.dist_portal_name = document.display_name if document else False
            if document and document.access_token:
                record.dist_portal_url = document.get_base_url() + document.get_portal_url()
            else:
                record.dist_portal_url = False

    def write(self, vals):
        if not self.env.su and FOLLOWUP_FIELDS & vals.keys():
            raise UserError(self.env._("Customer follow-ups are scheduled by their sequence: use Stop Follow-ups."))
        return super().write(vals)

    # ------------------------------------------------------------------ hooks

    def _dist_followup_partner(self):
        """The customer the messages go to."""
        self.ensure_one()
        return self.partner_id if "partner_id" in self._fields else self.env["res.partner"]

    def _dist_followup_open_domain(self):
        """Domain of the documents still open: follow-ups go out to those only."""
        raise NotImplementedError(f"{self._name} declares which of its documents are still open")

    def _dist_followup_portal_record(self):
        """The portal document the customer reads (a ``portal.mixin`` record), or an empty one."""
        self.ensure_one()
        return self if "access_token" in self._fields else self.env["res.partner"]

    def _dist_followup_thread(self):
        """Where the message is posted for the customer: the portal document, else self."""
        self.ensure_one()
        document = self._dist_followup_portal_record()
        return document if document and hasattr(document, "message_post") else self

    # --------------------------------------------------------------- business

    def _dist_followup_start(self, sequence_by_record):
        """Start ``sequence_by_record`` ({record: sequence}): the first message is due its
        step's delay from now. One write per sequence and first delay."""
        now = fields.Datetime.now()
        groups = {}
        for record, sequence in sequence_by_record.items():
            first = sequence._dist_steps()[:1]
            # A document created with its own running schedule (an import) keeps it.
            if first and record._dist_followup_partner() and not record.dist_followup_next_date:
                groups.setdefault((sequence, first.delay_hours), self.browse())
                groups[(sequence, first.delay_hours)] |= record
        for (sequence, hours), records in groups.items():
            records.sudo().write(
                {
                    "dist_followup_sequence_id": sequence.id,
                    "dist_followup_count": 0,
                    "dist_followup_next_date": now + timedelta(hours=hours),
                }
            )

    def action_dist_followup_stop(self):
        self.check_access("write")
        self.sudo().write({"dist_followup_next_date": False})
        for record in self:
            record.message_post(body=self.env._("Customer follow-ups stopped by %s.", self.env.user.name))
        return True

    def _dist_followup_send_due(self, limit=500):
        """Send the follow-ups due now: the next step of each open document whose date has
        come, posted for the customer with the portal link; documents resolved since are
        simply dropped from the schedule. Each document in its own savepoint."""
        now = fields.Datetime.now()
        model = self.sudo()
        # Normalized, the "!" negates the whole open domain, however many leaves it has.
        open_domain = expression.normalize_domain(model._dist_followup_open_domain())
        closed = model.search([("dist_followup_next_date", "!=", False), "!", *open_domain])
        closed.write({"dist_followup_next_date": False})
        due = model.search(
            [("dist_followup_next_date", "<=", now), *open_domain],
            order="dist_followup_next_date",
            limit=limit,
        )
        sent = 0
        for record in due:
            try:
                with self.env.cr.savepoint():
                    sent += record._dist_followup_send_next(now)
            except Exception:
                _logger.exception("Customer follow-up of %s %s failed", record._name, record.id)
                # Retried in an hour, behind the others: a failing document never holds the queue.
                record.write({"dist_followup_next_date": now + timedelta(hours=1)})
        return sent

    def _dist_followup_send_next(self, now):
        """Send this document's next step; return 1 when a message went out."""
        self.ensure_one()
        sequence = self.dist_followup_sequence_id
        step = sequence._dist_step_after(self.dist_followup_count) if sequence.active else sequence.browse()
        partner = self._dist_followup_partner()
        if not step or not partner.email:
            note = (
                self.env._("Customer follow-ups ended: %s has no email.", partner.display_name)
                if step
                else self.env._("Customer follow-ups ended: the sequence has no more steps.")
            )
            self.write({"dist_followup_next_date": False})
            self.message_post(body=note)
            return 0
        document = self._dist_followup_portal_record()
        if document:
            # The link carries the document's access token: made before rendering.
            document._portal_ensure_token()
        rendered = step.template_id._generate_template(self.ids, ("subject", "body_html"))[self.id]
        thread = self._dist_followup_thread()
        thread.message_post(
            body=rendered["body_html"],
            subject=rendered["subject"],
            partner_ids=partner.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        next_step = sequence._dist_step_after(self.dist_followup_count + 1)
        self.write(
            {
                "dist_followup_count": self.dist_followup_count + 1,
                "dist_followup_next_date": now + timedelta(hours=next_step.delay_hours) if next_step else False,
            }
        )
        if thread != self:
            self.message_post(
                body=self.env._(
                    "Follow-up %(count)s sent to %(customer)s on %(document)s.",
                    count=self.dist_followup_count,
                    customer=partner.display_name,
                    document=thread.display_name,
                )
            )
        return 1
