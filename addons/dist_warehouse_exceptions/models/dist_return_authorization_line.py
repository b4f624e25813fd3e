# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class DistReturnAuthorizationLine(models.Model):
    _name = "dist.return.authorization.line"
    _description = "Return Authorization Line"
    _order = "authorization_id, id"

    authorization_id = fields.Many2one(
        comodel_name="dist.return.authorization", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="authorization_id.company_id", store=True)
    product_id = fields.Many2one(comodel_name="product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(required=True, digits="Product Unit of Measure", default=1.0)
    delivered_qty = fields.Float(
        string="Delivered",
        compute="_compute_delivered_qty",
        digits="Product Unit of Measure",
        help="What the delivery shipped of the product, in its unit.",
    )
    price_unit = fields.Float(
        string="Unit Price",
        compute="_compute_price_unit",
        digits="Product Price",
        help="The order's price of the product, else its sales price.",
    )
    currency_id = fields.Many2one(related="authorization_id.currency_id")
    value = fields.Monetary(compute="_compute_value", store=True)

    @api.depends("product_id", "authorization_id.picking_id")
    def _compute_delivered_qty(self):
        # Approvers without Inventory rights read the lines they decide on.
        for line in self:
            line.delivered_qty = line._dist_delivered(line.authorization_id.picking_id.sudo(), line.product_id)

    @api.depends("product_id", "authorization_id.picking_id")
    def _compute_price_unit(self):
        """The order's price after discount, in company currency at the order's date."""
        for line in self:
            picking = line.authorization_id.picking_id.sudo()
            sale_lines = picking.move_ids.filtered(
                lambda m, product=line.product_id: m.product_id == product
            ).sale_line_id
            if not sale_lines:
                line.price_unit = line.product_id.lst_price
                continue
            sale_line = sale_lines[0]
            order = sale_line.order_id
            price = sale_line.product_uom._compute_price(sale_line.price_reduce_taxexcl, line.product_id.uom_id)
            line.price_unit = order.currency_id._convert(
                price, order.company_id.currency_id, order.company_id, order.date_order or fields.Date.today()
            )

    @api.depends("quantity", "price_unit")
    def _compute_value(self):
        for line in self:
            line.value = line.quantity * line.price_unit

    @api.constrains("quantity", "product_id")
    def _check_quantity(self):
        """Never more than the delivery shipped, counting the other live authorizations of it."""
        for line in self:
            if float_compare(line.quantity, 0.0, precision_rounding=line.product_id.uom_id.rounding) <= 0:
                raise ValidationError(self.env._("A returned quantity must be more than zero."))
        pickings = self.authorization_id.picking_id
        if not pickings:
            return
        # One query for every (delivery, product) of the lines checked.
        groups = self.sudo()._read_group(
            [
                ("authorization_id.picking_id", "in", pickings.ids),
                ("authorization_id.state", "!=", "cancelled"),
                ("product_id", "in", self.product_id.ids),
            ],
            ["authorization_id", "product_id"],
            ["quantity:sum"],
        )
        authorized = {}
        for authorization, product, quantity in groups:
            key = (authorization.picking_id, product)
            authorized[key] = authorized.get(key, 0.0) + quantity
        for (picking, product), quantity in authorized.items():
            delivered = self._dist_delivered(picking.sudo(), product)
            if float_compare(quantity, delivered, precision_rounding=product.uom_id.rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "%(picking)s delivered %(delivered)s %(uom)s of %(product)s: return authorizations of it "
                        "cannot cover %(authorized)s.",
                        picking=picking.name,
                        delivered=delivered,
                        uom=product.uom_id.name,
                        product=product.display_name,
                        authorized=quantity,
                    )
                )

    @api.model
    def _dist_delivered(self, picking, product):
        """What ``picking`` shipped of ``product``, in the product's unit."""
        moves = picking.move_ids.filtered(lambda m: m.product_id == product and m.state == "done")
        return sum(move.product_uom._compute_quantity(move.quantity, product.uom_id) for move in moves)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._dist_check_draft()
        return lines

    def write(self, vals):
        self._dist_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        self._dist_check_draft()

    def _dist_check_draft(self):
        if not self.env.su and any(line.authorization_id.state != "draft" for line in self):
            raise ValidationError(self.env._("The products of an authorization change only while it is a draft."))
