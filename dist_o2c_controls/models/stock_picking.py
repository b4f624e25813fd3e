# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "dist.exception.mixin", "dist.approval.mixin"]
    _dist_blocked_actions = ("validate",)

    dist_pod_date = fields.Datetime(
        string="Proof of Delivery On",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the proof of delivery (signed note, carrier confirmation) was registered.",
    )
    dist_pod_received = fields.Boolean(
        string="Proof of Delivery",
        compute="_compute_dist_pod_received",
        help="The delivery is signed or its proof of delivery is registered.",
    )

    @api.depends("signature", "dist_pod_date")
    def _compute_dist_pod_received(self):
        for picking in self:
            picking.dist_pod_received = bool(picking.signature or picking.dist_pod_date)

    def action_dist_register_pod(self):
        self.ensure_one()
        if self.state != "done":
            raise UserError(self.env._("Register the proof of delivery of %s once it is delivered.", self.name))
        self.dist_pod_date = fields.Datetime.now()
        self.message_post(body=self.env._("Proof of delivery registered by %s.", self.env.user.name))
        return True

    def button_validate(self):
        self._dist_check_ship_complete()
        result = super().button_validate()
        self.filtered(lambda p: p.state == "done")._dist_trace_lot_changes()
        return result

    def do_unreserve(self):
        # The Unreserve button frees the whole reservation: for a protected customer, stock
        # goes to another order through an allocation override.
        self.move_ids._dist_check_unreserve()
        return super().do_unreserve()

    def _action_done(self):
        # Every way of validating ends here (the button, the backorder wizard, Odoo's own flows).
        self._dist_check_guards("validate")
        self._dist_check_credit()
        return super()._action_done()

    def _dist_check_credit(self):
        """A delivery to a customer over their credit limit waits for a credit release of its order."""
        for picking in self.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.sale_id
                and p.state not in ("done", "cancel")
                and p.company_id.dist_credit_control
                and p.company_id.dist_credit_check_delivery
            )
        ):
            error = picking.sudo().sale_id._dist_credit_refusal(self.env._("Delivery %s", picking.name))
            if error:
                raise UserError(error)

    def _dist_lot_changes(self):
        """Return [(sale line, promised lot, delivered lots, quantity)] where this delivery
        ships another lot than the one promised to the customer."""
        self.ensure_one()
        changes = []
        for move in self.move_ids.filtered(lambda m: m.sale_line_id.dist_lot_id and m.state != "cancel"):
            promised = move.sale_line_id.dist_lot_id
            others = move.move_line_ids.filtered(lambda ml, lot=promised: ml.lot_id and ml.lot_id != lot)
            quantity = sum(others.mapped("quantity"))
            if quantity:
                changes.append((move.sale_line_id, promised, others.lot_id, quantity))
        return changes

    def _dist_guards(self, action):
        guards = super()._dist_guards(action)
        if action != "validate":
            return guards
        for picking in self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.sale_id and p.company_id.dist_lot_change_control
        ):
            changes = picking._dist_lot_changes()
            if not changes:
                continue
            lines = ", ".join(
                self.env._(
                    "%(product)s: lot %(lots)s instead of %(promised)s",
                    product=line.product_id.display_name,
                    lots=", ".join(lots.mapped("name")),
                    promised=promised.name,
                )
                for line, promised, lots, _qty in changes
            )
            guards.setdefault(picking.id, []).append(
                DistGuard(
                    "sale_lot_change",
                    sum(change[3] for change in changes),
                    self.env._("Other lots than promised to the customer (%s)", lines),
                    self.env._("Request Lot Change Approval"),
                )
            )
        return guards

    def _dist_trace_lot_changes(self):
        for picking in self.filtered("sale_id"):
            for line, promised, lots, quantity in picking._dist_lot_changes():
                picking.sale_id.message_post(
                    body=self.env._(
                        "%(picking)s delivered %(qty)s %(product)s from lot %(lots)s "
                        "instead of the promised %(promised)s.",
                        picking=picking.name,
                        qty=quantity,
                        product=line.product_id.display_name,
                        lots=", ".join(lots.mapped("name")),
                        promised=promised.name,
                    )
                )

    def action_dist_request_lot_change_approval(self):
        self.ensure_one()
        changes = self._dist_lot_changes()
        if not changes:
            raise UserError(self.env._("%s ships the lots promised to the customer.", self.name))
        reason = "; ".join(
            self.env._(
                "%(qty)s %(product)s from lot %(lots)s instead of %(promised)s",
                qty=quantity,
                product=line.product_id.display_name,
                lots=", ".join(lots.mapped("name")),
                promised=promised.name,
            )
            for line, promised, lots, quantity in changes
        )
        request = self._dist_request_approval("sale_lot_change", sum(c[3] for c in changes), reason=reason)
        return self._dist_request_action(request)

    def _dist_check_ship_complete(self):
        """Customers who want complete shipments never get a partial delivery."""
        for picking in self.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.sale_id
                and p.partner_id.commercial_partner_id.dist_shipping_policy == "complete"
            )
        ):
            short = picking.move_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and float_compare(m.quantity, m.product_uom_qty, precision_rounding=m.product_uom.rounding) < 0
                )
            )
            if short:
                raise UserError(
                    self.env._(
                        "%(customer)s wants complete shipments: %(picking)s can only be validated in full "
                        "(short: %(products)s).",
                        customer=picking.partner_id.commercial_partner_id.name,
                        picking=picking.name,
                        products=", ".join(short.product_id.mapped("display_name")),
                    )
                )

    def _create_backorder(self, backorder_moves=None):
        backorders = super()._create_backorder(backorder_moves=backorder_moves)
        followed = backorders._dist_followed_backorders()
        if followed:
            followed._dist_orchestrate_backorders()
        return backorders

    def _dist_followed_backorders(self):
        return self.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.sale_id
                and p.backorder_id
                and p.state not in ("done", "cancel")
                and (p.partner_id.commercial_partner_id.dist_customer_tier or "standard")
                in p.company_id._dist_backorder_tiers()
            )
        )

    def _dist_orchestrate_backorders(self):
        """Exception for the order desk, a to-do for the buyer of each short product,
        and a message to the customer with the new date."""
        exc_type = self.env.ref("dist_o2c_controls.dist_exception_type_backorder_priority")
        self.env["dist.exception"].sudo()._dist_raise(exc_type, self)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for picking in self:
            for buyer in picking.move_ids.product_id.responsible_id:
                products = picking.move_ids.product_id.filtered(lambda p, b=buyer: p.responsible_id == b)
                activities.append(
                    {
                        "activity_type_id": todo.id,
                        "res_model_id": model_id,
                        "res_id": picking.id,
                        "user_id": buyer.id,
                        "summary": self.env._("Backorder for %s", picking.partner_id.commercial_partner_id.name),
                        "note": self.env._(
                            "Replenish %(products)s: the customer waits for %(picking)s.",
                            products=", ".join(products.mapped("display_name")),
                            picking=picking.name,
                        ),
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
        if activities:
            self.env["mail.activity"].sudo().create(activities)
        template = self.env.ref("dist_o2c_controls.mail_template_backorder_notice")
        for picking in self.filtered(lambda p: p.partner_id.email):
            picking.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _dist_exception_values_backorder_priority(self, _exception_type):
        return {
            picking.id: {
                "partner_id": picking.partner_id.commercial_partner_id.id,
                "description": self.env._(
                    "Backorder of %(order)s, now planned for %(date)s.",
                    order=picking.sale_id.name,
                    date=picking.company_id._dist_format_datetime(picking.scheduled_date),
                ),
            }
            for picking in self
        }

    @api.model
    def _dist_detect_backorder_priority(self, _exception_type):
        """Open customer backorders of the tiers each company follows."""
        backorders = self.search(
            [
                ("backorder_id", "!=", False),
                ("picking_type_code", "=", "outgoing"),
                ("sale_id", "!=", False),
                ("state", "not in", ("done", "cancel")),
            ]
        )
        return backorders._dist_followed_backorders()
