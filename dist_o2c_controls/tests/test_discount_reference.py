# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DistO2cCase


class DistPricingCase(DistO2cCase):
    """The customer's own pricelist (the products' prices), a cheaper wholesale pricelist the
    rep could pick, an export pricelist in another currency, a "discount" product and a
    second company with its own cheap pricelist for the same customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pricelists = cls.env["product.pricelist"]
        currency = cls.company.currency_id
        cls.list_pricelist = pricelists.create(
            {"name": "Customer list", "currency_id": currency.id, "company_id": cls.company.id, "sequence": 1}
        )
        cls.wholesale = pricelists.create(
            {
                "name": "Wholesale",
                "currency_id": currency.id,
                "sequence": 90,
                "item_ids": [Command.create({"compute_price": "percentage", "percent_price": 20.0})],
            }
        )
        # Another currency worth half the company's: 1 company unit = 2 of it.
        cls.other_currency = cls.env.ref("base.EUR" if currency != cls.env.ref("base.EUR") else "base.USD")
        cls.other_currency.active = True
        cls.env["res.currency.rate"].create(
            {
                "currency_id": cls.other_currency.id,
                "company_id": cls.company.id,
                "name": fields.Date.today(),
                "rate": 2.0,
            }
        )
        cls.export = pricelists.create({"name": "Export", "currency_id": cls.other_currency.id, "sequence": 91})
        cls.customer.with_company(cls.company).property_product_pricelist = cls.list_pricelist
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.discount_product = cls.env["product.product"].create(
            {"name": "Discount", "type": "service", "list_price": 0.0, "standard_price": 0.0}
        )
        cls.company_b = cls.env["res.company"].create({"name": "Second Co", "currency_id": currency.id})
        cls.cheap_b = pricelists.create(
            {
                "name": "Second Co half price",
                "currency_id": currency.id,
                "company_id": cls.company_b.id,
                "item_ids": [Command.create({"compute_price": "percentage", "percent_price": 50.0})],
            }
        )
        cls.customer.with_company(cls.company_b).property_product_pricelist = cls.cheap_b

    def _quote(self, lines, pricelist=None, user=None):
        """A quotation of the customer; ``lines`` are (product, qty, price or None, uom or None)."""
        vals = {"partner_id": self.customer.id, "order_line": []}
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        for product, qty, price, uom in lines:
            line = {"product_id": product.id, "product_uom_qty": qty}
            if price is not None:
                line["price_unit"] = price
            if uom:
                line["product_uom"] = uom.id
            vals["order_line"].append(Command.create(line))
        return self.env["sale.order"].with_user(user or self.rep).create(vals)


@tagged("post_install", "-at_install")
class TestDiscountReference(DistPricingCase):
    def test_cheaper_pricelist_on_the_quotation_is_discount(self):
        """The rep picks the wholesale pricelist (20 % off): Odoo prices the gloves at 80, the
        reference stays the customer's list at 100, and the 20 % needs approval."""
        order = self._quote([(self.product, 5, None, None)], pricelist=self.wholesale)
        self.assertEqual(order.order_line.price_unit, 80.0)
        self.assertEqual(order.dist_reference_pricelist_id, self.list_pricelist)
        self.assertAlmostEqual(order.order_line.dist_list_price, 100.0)
        self.assertAlmostEqual(order.dist_discount_amount, 5 * (100.0 - 80.0))
        self.assertAlmostEqual(order.dist_discount_pct, 20.0)
        self.assertEqual(order.dist_discount_status, "required")
        with self.assertRaisesRegex(UserError, "Request Discount Approval"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_switching_pricelist_and_updating_prices(self):
        """A quotation at the customer's prices, switched to wholesale and repriced, needs approval."""
        order = self._quote([(self.product, 5, None, None)])
        self.assertEqual((order.pricelist_id, order.dist_discount_pct), (self.list_pricelist, 0.0))
        order.with_user(self.rep).write({"pricelist_id": self.wholesale.id})
        order.with_user(self.rep).action_update_prices()
        self.assertEqual(order.order_line.price_unit, 80.0)
        self.assertAlmostEqual(order.dist_discount_pct, 20.0)
        with self.assertRaisesRegex(UserError, "Request Discount Approval"):
            order.action_confirm()

    def test_negative_line_is_discount(self):
        """5 gloves at list price and a "discount" line of -75: 75 given away on 500 (15 %),
        above the 10 % band. A negative quantity of gloves counts the same way."""
        order = self._quote([(self.product, 5, 100.0, None), (self.discount_product, 1, -75.0, None)])
        self.assertAlmostEqual(order.dist_discount_amount, 75.0)
        self.assertAlmostEqual(order.dist_discount_pct, 75.0 / 500.0 * 100)
        self.assertEqual(order.order_line[1].dist_effective_discount, 100.0)
        with self.assertRaisesRegex(UserError, "Request Discount Approval"):
            order.action_confirm()
        credit = self._quote([(self.product, 5, 100.0, None), (self.product, -1, 100.0, None)])
        self.assertAlmostEqual(credit.dist_discount_amount, 100.0)
        self.assertAlmostEqual(credit.dist_discount_pct, 100.0 / 500.0 * 100)
        # A price above the reference elsewhere offsets nothing: 5 gloves at 115, the -75 line.
        offset = self._quote([(self.product, 5, 115.0, None), (self.discount_product, 1, -75.0, None)])
        self.assertAlmostEqual(offset.dist_discount_pct, 15.0)

    def test_dozen_measured_in_its_unit(self):
        """2 dozen gloves: the reference is 12 x 100 a dozen. At 600 a dozen the order gives
        half away (the old code compared 600 with the unit price and read no discount)."""
        at_list = self._quote([(self.product, 2, 1200.0, self.dozen)])
        self.assertAlmostEqual(at_list.order_line.dist_list_price, 1200.0)
        self.assertEqual(at_list.dist_discount_pct, 0.0)
        half = self._quote([(self.product, 2, 600.0, self.dozen)])
        expected = (2 * 12 * 100.0 - 2 * 600.0) / (2 * 12 * 100.0) * 100
        self.assertAlmostEqual(half.dist_discount_pct, expected)
        self.assertAlmostEqual(half.dist_discount_amount, 2 * 12 * 100.0 - 2 * 600.0)
        with self.assertRaisesRegex(UserError, "Request Discount Approval"):
            half.action_confirm()

    def test_attribute_priced_apart(self):
        """An engraving option (an attribute with no variant of its own, 15 extra) on a
        pricelist without rules: the reference is the sales price plus the option, as Odoo
        prices the line, and a line without the option is measured at the sales price."""
        attribute = self.env["product.attribute"].create(
            {
                "name": "Engraving",
                "create_variant": "no_variant",
                "value_ids": [Command.create({"name": "Plain"}), Command.create({"name": "Engraved"})],
            }
        )
        template = self.env["product.template"].create(
            {
                "name": "Engravable gloves",
                "list_price": 100.0,
                "attribute_line_ids": [
                    Command.create({"attribute_id": attribute.id, "value_ids": [Command.set(attribute.value_ids.ids)]})
                ],
            }
        )
        engraved = template.attribute_line_ids.product_template_value_ids.filtered(
            lambda v: v.product_attribute_value_id.name == "Engraved"
        )
        engraved.price_extra = 15.0
        gloves = template.product_variant_id
        order = self._quote([(gloves, 2, None, None), (gloves, 2, 100.0, None)])
        option, bare = order.order_line
        option.product_no_variant_attribute_value_ids = engraved
        option.price_unit = 100.0
        self.assertAlmostEqual(option.dist_list_price, 115.0)
        self.assertAlmostEqual(bare.dist_list_price, 100.0)
        # 2 x 15 given away on 2 x 115 + 2 x 100.
        self.assertAlmostEqual(order.dist_discount_amount, 30.0)
        self.assertAlmostEqual(order.dist_discount_pct, round(30.0 / 430.0 * 100, 2))

    def test_other_currency(self):
        """The export pricelist is in a currency worth half the company's: the gloves' 100 are
        200 there. At 200 nothing is given away; at 150 a quarter is (the old code compared 150
        with 100 in the company currency and read no discount)."""
        order = self._quote([(self.product, 5, None, None)], pricelist=self.export)
        self.assertEqual(order.currency_id, self.other_currency)
        self.assertAlmostEqual(order.order_line.price_unit, 200.0)
        self.assertAlmostEqual(order.order_line.dist_list_price, 200.0)
        self.assertEqual(order.dist_discount_pct, 0.0)
        order.order_line.price_unit = 150.0
        self.assertAlmostEqual(order.dist_discount_amount, 5 * (200.0 - 150.0))
        self.assertAlmostEqual(order.dist_discount_pct, 25.0)
        with self.assertRaisesRegex(UserError, "Request Discount Approval"):
            order.action_confirm()

    def test_customer_pricelist_in_another_currency(self):
        """A customer whose own pricelist is the export one: at its prices nothing is given away,
        and an order in the company currency is measured against it converted."""
        self.customer.with_company(self.company).property_product_pricelist = self.export
        own = self._quote([(self.product, 5, None, None)])
        self.assertEqual((own.currency_id, own.dist_discount_pct), (self.other_currency, 0.0))
        home = self._quote([(self.product, 5, 90.0, None)], pricelist=self.list_pricelist)
        self.assertEqual(home.dist_reference_pricelist_id, self.export)
        self.assertAlmostEqual(home.order_line.dist_list_price, 100.0)
        self.assertAlmostEqual(home.dist_discount_pct, 10.0)

    def test_another_companys_pricelist(self):
        """The customer's half-price pricelist of the second company is not the reference of an
        order of the first one, whatever company the user works in; nor can it be put on it."""
        order = self._quote([(self.product, 5, 50.0, None)])
        for company in (self.company, self.company_b):
            with self.subTest(company=company.name):
                in_company = order.with_company(company)
                self.assertEqual(in_company.dist_reference_pricelist_id, self.list_pricelist)
                self.assertAlmostEqual(in_company.dist_discount_pct, 50.0)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            order.with_user(self.rep).write({"pricelist_id": self.cheap_b.id})

    def test_reference_without_own_pricelist(self):
        """A customer without a pricelist of her own is measured against Odoo's default one of
        the order's company, not a cheaper pricelist put on the quotation."""
        walk_in = self.env["res.partner"].create({"name": "Walk-in"})
        order = self.env["sale.order"].create(
            {
                "partner_id": walk_in.id,
                "pricelist_id": self.wholesale.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1})],
            }
        )
        default = walk_in.with_company(self.company).property_product_pricelist
        self.assertEqual(order.dist_reference_pricelist_id, default or order._dist_base_pricelist())
        self.assertNotEqual(order.dist_reference_pricelist_id, self.wholesale)
        self.assertAlmostEqual(order.dist_discount_pct, 20.0)

    def test_confirmed_order_negative_line(self):
        """A negative line added to a confirmed order needs the approval a quotation would."""
        order = self._quote([(self.product, 5, 100.0, None)])
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "Request Discount Approval"), self.env.cr.savepoint():
            self.env["sale.order.line"].with_user(self.rep).create(
                {"order_id": order.id, "product_id": self.discount_product.id, "price_unit": -100.0}
            )
        self.assertEqual(len(order.order_line), 1)

    def test_controls_off_everything_confirms(self):
        """Controls off: the wholesale pricelist, a negative line and a dozen at half price
        confirm, and the confirmed order takes one more negative line."""
        self.company.dist_discount_control = False
        order = self._quote(
            [
                (self.product, 5, None, None),
                (self.discount_product, 1, -50.0, None),
                (self.product, 1, 600.0, self.dozen),
            ],
            pricelist=self.wholesale,
        )
        self.assertGreater(order.dist_discount_pct, 10.0)
        self.assertEqual(order.dist_discount_status, "not_required")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.env["sale.order.line"].with_user(self.rep).create(
            {"order_id": order.id, "product_id": self.discount_product.id, "price_unit": -10.0}
        )
        self.assertEqual(len(order.order_line), 4)
