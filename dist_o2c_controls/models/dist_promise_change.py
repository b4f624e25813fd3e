# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class DistPromiseChange(models.Model):
    """One change of a confirmed order's promised date, as the Change Promised Date wizard
    applied it: the trace the order keeps. Written by the wizard only, never edited."""

    _name = "dist.promise.change"
    _description = "Promised Date Change"
    _order = "create_date desc, id desc"

    order_id = fields.Many2one(comodel_name="sale.order", required=True, readonly=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    old_date = fields.Datetime(
        string="Promised Before",
        readonly=True,
        help="The promise the change replaced: the delivery date, else the expected date.",
    )
    new_date = fields.Datetime(string="Promised Now", required=True, readonly=True)
    delay_days = fields.Integer(
        string="Delay (days)",
        readonly=True,
        help="Calendar days, in the company's time zone, the new promise is later than the one before "
        "(negative: earlier).",
    )
    reason = fields.Text(required=True, readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Changed By", required=True, readonly=True)
    approval_request_id = fields.Many2one(
        comodel_name="dist.approval.request",
        string="Approval",
        readonly=True,
        help="The approved request the change was made under, when it needed one.",
    )
    customer_notified = fields.Boolean(readonly=True, help="The customer was sent the new date and the reason.")
    company_tz = fields.Char(compute="_compute_company_tz", help="Time zone the customer message writes dates in.")
    portal_url = fields.Char(
        compute="_compute_portal_url",
        help="Link to the order in the customer portal, when the customer has a portal account.",
    )

    @api.depends("company_id")
    def _compute_company_tz(self):
        for change in self:
            change.company_tz = change.company_id.partner_id.tz or self.env.user.tz or "UTC"

    @api.depends("order_id.partner_id")
    def _compute_portal_url(self):
        for change in self:
            order = change.order_id
            users = order.partner_id.sudo().user_ids | order.partner_id.commercial_partner_id.sudo().user_ids
            if users.filtered(lambda u: u.share):
                change.portal_url = order.get_base_url() + order.get_portal_url()
            else:
                change.portal_url = False

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Promised date changes are logged by the Change Promised Date wizard only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("A promised date change, once logged, is not edited."))
        return super().write(vals)

    def _dist_notify_customer(self):
        """Post the customer message (old and new date, reason) on the order, in the customer's
        language; return whether the customer was sent it."""
        self.ensure_one()
        order = self.order_id
        customer = order.partner_id
        if self.portal_url is not False:
            # The link carries the order's access token: made here, not while rendering.
            order.sudo()._portal_ensure_token()
        template = self.env.ref("dist_o2c_controls.mail_template_promise_change")
        fields_values = template._generate_template(self.ids, ("subject", "body_html"))[self.id]
        order.message_post(
            body=fields_values["body_html"],
            subject=fields_values["subject"],
            partner_ids=customer.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return bool(customer.email)
