# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import api, fields, models

GROUP_USER = "dist_exception_core.dist_exception_core_group_user"
# Transaction-local (the cursor's cache, out of reach of a client's context): the orders
# whose confirmation button has just checked them.
CONFIRM_CHECKED = "dist_o2c_controls.confirm_checked"


class SaleOrder(models.Model):
    """Confirmation under the suite's guards; each control adds its own in its file
    (credit, discount and margin, rush and risk)."""

    _name = "sale.order"
    _inherit = ["sale.order", "dist.exception.mixin", "dist.approval.mixin"]
    _dist_blocked_actions = ("confirm",)
    _dist_controlled_exception_types = ("sale_discount_approval", "credit_hold")

    dist_dispute_ids = fields.One2many(
        comodel_name="dist.dispute", inverse_name="order_id", string="Disputes", groups=GROUP_USER
    )

    dist_substitution_ids = fields.One2many(
        comodel_name="dist.sale.substitution", inverse_name="order_id", string="Substitutions", groups=GROUP_USER
    )
    dist_allocation_override_ids = fields.One2many(
        comodel_name="dist.allocation.override",
        inverse_name="order_id",
        string="Stock Taken",
        groups=GROUP_USER,
    )
    dist_allocation_given_ids = fields.One2many(
        comodel_name="dist.allocation.override",
        inverse_name="source_order_id",
        string="Stock Given",
        groups=GROUP_USER,
    )
    dist_freight_ids = fields.One2many(
        comodel_name="dist.expedited.freight",
        inverse_name="sale_order_id",
        string="Expedited Freight",
        groups=GROUP_USER,
    )

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        if not self.env.su:
            # An order created confirmed, by an import say, meets the controls of the button.
            orders.filtered(lambda o: o.state == "sale")._dist_check_confirmable()
        return orders

    def write(self, vals):
        if not self.env.su and vals.get("state") == "sale":
            # Confirming by writing the state, over the API say, meets the same controls as the
            # button; the button's own write is not checked twice.
            checked = self.env.cr.cache.get(CONFIRM_CHECKED, ())
            self.filtered(lambda o: o.state in ("draft", "sent") and o.id not in checked)._dist_check_confirmable()
        return super().write(vals)

    def action_dist_view_allocation_overrides(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_o2c_controls.dist_allocation_override_action")
        action["domain"] = ["|", ("order_id", "=", self.id), ("source_order_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_dist_view_freight(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_exception_core.dist_expedited_freight_action")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"default_sale_order_id": self.id, "default_company_id": self.company_id.id}
        return action

    def action_dist_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dist_o2c_controls.dist_dispute_action")
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {
            "default_order_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action

    @contextmanager
    def _dist_confirmation_checked(self):
        """Within this block, writing ``state`` to ``sale`` on the orders of ``self`` does not
        check them again: the confirmation button has just checked them."""
        checked = self.env.cr.cache.setdefault(CONFIRM_CHECKED, set())
        added = set(self.ids) - checked
        checked |= added
        try:
            yield
        finally:
            checked -= added

    def _dist_check_confirmable(self):
        """Raise unless each order of ``self`` may be confirmed: no open blocking exception,
        and every approval its guards need (the credit control adds its own check)."""
        self._dist_check_guards("confirm")

    def _dist_exception_values(self, exception_type):
        values = super()._dist_exception_values(exception_type)
        for order in self:
            values[order.id]["partner_id"] = order.partner_id.commercial_partner_id.id
        return values
