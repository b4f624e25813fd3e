# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .test_discount_reference import DistPricingCase


@tagged("post_install", "-at_install")
class TestMargin(DistPricingCase):
    """The margin the approval reads is Odoo's own (sale_margin): cost in the line's unit and
    the order's currency. Gloves: list 100, cost 60 a unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.margin_rule = cls._approval_rule("sale_margin", "sale.order", "margin", 0)
        cls.company.dist_min_margin = 35.0

    def test_dozen_at_twelve_times_the_unit_price(self):
        """2 dozen at 1,200 a dozen: 2,400 sold, 24 x 60 = 1,440 cost, 40 % margin (the old
        code took 60 as the cost of a dozen and read 95 %). Above the 35 % floor: it confirms."""
        order = self._quote([(self.product, 2, 1200.0, self.dozen)])
        revenue, cost = 2 * 1200.0, 2 * 12 * 60.0
        self.assertAlmostEqual(order.dist_margin_pct, (revenue - cost) / revenue * 100)
        self.assertAlmostEqual(order.dist_margin_pct, 40.0)
        self.assertAlmostEqual(order.dist_margin_pct, order.margin_percent * 100)
        self.assertEqual(order.dist_margin_shortfall, 0.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_dozen_below_the_floor(self):
        """2 dozen at 1,000: 2,000 sold, 1,440 cost, 28 % margin, 7 points short of 35 %."""
        self.discount_rule.band_ids.min_value = 50
        order = self._quote([(self.product, 2, 1000.0, self.dozen)])
        revenue, cost = 2 * 1000.0, 2 * 12 * 60.0
        self.assertAlmostEqual(order.dist_margin_pct, (revenue - cost) / revenue * 100)
        self.assertAlmostEqual(order.dist_margin_shortfall, 35.0 - 28.0)
        with self.assertRaisesRegex(UserError, "Request Margin Approval"):
            order.action_confirm()
        request = self.env["dist.approval.request"].browse(order.action_dist_request_margin_approval()["res_id"])
        self.assertEqual((request.rule_id, request.value), (self.margin_rule, 7.0))
        request.with_user(self.approver).action_approve()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_other_currency(self):
        """5 gloves at 200 in a currency worth half the company's: 1,000 sold, cost 5 x 60 = 300
        in the company currency, 600 in the order's: 40 % (the old code read 70 %)."""
        order = self._quote([(self.product, 5, None, None)], pricelist=self.export)
        revenue, cost = 5 * 200.0, 5 * 60.0 * 2.0
        self.assertAlmostEqual(order.dist_margin_pct, (revenue - cost) / revenue * 100)
        self.assertAlmostEqual(order.dist_margin_pct, order.margin_percent * 100)
        self.assertEqual(order.dist_margin_shortfall, 0.0)

    def test_negative_line_lowers_the_margin(self):
        """5 gloves at 100 and a -100 discount line: 400 sold, 300 cost, 25 %."""
        self.discount_rule.band_ids.min_value = 50
        order = self._quote([(self.product, 5, 100.0, None), (self.discount_product, 1, -100.0, None)])
        self.assertAlmostEqual(order.dist_margin_pct, (400.0 - 300.0) / 400.0 * 100)
        self.assertAlmostEqual(order.dist_margin_shortfall, 10.0)
        with self.assertRaisesRegex(UserError, "Request Margin Approval"):
            order.action_confirm()

    def test_confirmed_order_cost_edit(self):
        """On a confirmed order, lowering a price under the floor needs the margin approval."""
        order = self._quote([(self.product, 5, 100.0, None)])
        order.action_confirm()
        self.discount_rule.band_ids.min_value = 50
        with self.assertRaisesRegex(UserError, "Request Margin Approval"), self.env.cr.savepoint():
            order.order_line.with_user(self.rep).write({"price_unit": 85.0})
        order.invalidate_recordset()
        self.assertEqual(order.order_line.price_unit, 100.0)

    def test_floor_off(self):
        """No floor: any margin confirms."""
        self.company.dist_min_margin = 0.0
        self.discount_rule.band_ids.min_value = 50
        order = self._quote([(self.product, 5, 70.0, None)])
        self.assertEqual(order.dist_margin_shortfall, 0.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_rep_cannot_lower_the_cost(self):
        """The margin is measured at the line's cost: a rep who types a lower cost (here 30
        instead of 60 on 5 gloves at 80, 25 % margin, would read 62.5 %) is refused, on the
        quotation and when creating the line; the cost read back is unchanged."""
        order = self._quote([(self.product, 5, 80.0, None)])
        line = order.order_line
        self.assertAlmostEqual(line.purchase_price, 60.0)
        with self.assertRaisesRegex(UserError, "only a sales administrator"), self.env.cr.savepoint():
            line.with_user(self.rep).write({"purchase_price": 30.0})
        with self.assertRaisesRegex(UserError, "only a sales administrator"), self.env.cr.savepoint():
            self.env["sale.order.line"].with_user(self.rep).create(
                {"order_id": order.id, "product_id": self.product.id, "product_uom_qty": 1, "purchase_price": 1.0}
            )
        order.invalidate_recordset()
        self.assertEqual(len(order.order_line), 1)
        self.assertAlmostEqual(line.purchase_price, 60.0)
        self.assertAlmostEqual(order.dist_margin_shortfall, 35.0 - (400.0 - 300.0) / 400.0 * 100)

    def test_rep_form_keeps_the_computed_cost(self):
        """Through the form, changing the product sends the cost Odoo computes for the new one:
        accepted. A sales administrator may set another cost."""
        masks = self.env["product.product"].create({"name": "Masks", "list_price": 10.0, "standard_price": 4.0})
        order = self._quote([(self.product, 5, 80.0, None)])
        with Form(order.with_user(self.rep)) as form, form.order_line.edit(0) as line:
            line.product_id = masks
            line.price_unit = 9.0
        self.assertEqual(order.order_line.product_id, masks)
        self.assertAlmostEqual(order.order_line.purchase_price, 4.0)
        order.order_line.with_user(self.approver).write({"purchase_price": 3.0})
        self.assertAlmostEqual(order.order_line.purchase_price, 3.0)

    def test_cost_free_without_a_floor(self):
        """No minimum margin: the cost is as editable as in standard Odoo."""
        self.company.dist_min_margin = 0.0
        order = self._quote([(self.product, 5, 80.0, None)])
        order.order_line.with_user(self.rep).write({"purchase_price": 30.0})
        self.assertAlmostEqual(order.order_line.purchase_price, 30.0)
