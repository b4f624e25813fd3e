# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

ROLE = "dist_exception_core.dist_exception_core_group_"


class DistO2cCase(TransactionCase):
    """A company with every control on, a rep, a sales manager who approves discounts,
    a finance user, a stocked product and customers of each tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # Every control on, whatever the database's defaults (off) or demo (on) say; the
        # margin floor stays off unless a test sets it.
        cls.company.write(
            {
                "dist_discount_control": True,
                "dist_rush_control": True,
                "dist_substitution_control": True,
                "dist_lot_change_control": True,
                "dist_min_margin": 0.0,
                "dist_credit_control": True,
                "dist_credit_grace_days": 15,
                "dist_invoice_release_control": True,
                "dist_pod_control": True,
                "dist_backorder_tier": "priority",
                "dist_promise_control": False,
            }
        )
        cls.rep = new_test_user(
            cls.env, login="o2c_rep", groups=f"sales_team.group_sale_salesman,stock.group_stock_user,{ROLE}sales"
        )
        cls.approver = new_test_user(
            cls.env, login="o2c_approver", groups=f"sales_team.group_sale_manager,{ROLE}manager"
        )
        cls.finance = new_test_user(
            cls.env,
            login="o2c_finance",
            groups=f"sales_team.group_sale_salesman_all_leads,account.group_account_invoice,{ROLE}finance",
        )
        cls.buyer = new_test_user(cls.env, login="o2c_buyer", groups=f"stock.group_stock_user,{ROLE}purchasing")
        cls.discount_rule = cls._approval_rule("sale_discount", "sale.order", "discount", 10)
        cls.rush_rule = cls._approval_rule("sale_rush", "sale.order", "days", 0)
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.product = cls.env["product.product"].create(
            {
                "name": "Nitrile gloves",
                "is_storable": True,
                "list_price": 100.0,
                "standard_price": 60.0,
                "invoice_policy": "order",
                "responsible_id": cls.buyer.id,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 10)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Standard Customer", "email": "standard@example.com", "credit_limit": 0}
        )
        cls.priority_customer = cls.env["res.partner"].create(
            {"name": "Priority Customer", "email": "priority@example.com", "dist_customer_tier": "priority"}
        )

    @classmethod
    def _approval_rule(cls, code, model, measure, above):
        """The company's rule for ``code`` (the demo data may hold one), with one band
        above ``above`` that exception managers approve."""
        rules = cls.env["dist.approval.rule"]
        rule = rules._dist_get(code, cls.company) or rules.create(
            {"name": code, "code": code, "model_id": cls.env["ir.model"]._get_id(model), "measure": measure}
        )
        rule.band_ids = [
            Command.clear(),
            Command.create({"min_value": above, "group_id": cls.env.ref(f"{ROLE}manager").id}),
        ]
        return rule

    @classmethod
    def _order(cls, partner=None, qty=5, price=100.0, discount=0.0, user=None):
        return (
            cls.env["sale.order"]
            .with_user(user or cls.rep)
            .create(
                {
                    "partner_id": (partner or cls.customer).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": qty,
                                "price_unit": price,
                                "discount": discount,
                            }
                        )
                    ],
                }
            )
        )

    @staticmethod
    def _deliver(order, qty):
        """Deliver ``qty`` of the order's first open delivery; the rest becomes a backorder."""
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))[:1]
        picking.action_assign()
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking._action_done()
        return picking
