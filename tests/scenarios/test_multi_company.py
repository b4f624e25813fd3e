"""Suite-level scenario: two distributors in one database, each with its own policies.

Company A asks an exception manager to approve discounts above 10 % and calls an approval
overdue after 4 hours; company B asks Management above 20 % and waits 48 hours. Each
company's documents are judged by its own policy, and a user of one company never sees
nor acts on the other's exceptions, approvals, disputes, reason codes, ticket policies or
KPI rows.

Runs with pytest-odoo against the database CI installs with every suite module.
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

ROLE = "dist_exception_core.dist_exception_core_group_"


@tagged("post_install", "-at_install")
class TestTwoCompanies(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create(
            {"name": "Distributor B", "currency_id": cls.company_a.currency_id.id}
        )
        cls.companies = {"a": cls.company_a, "b": cls.company_b}
        cls.users = {}
        for key, company in cls.companies.items():
            company.write({"dist_credit_control": False})
            for role, groups in (
                ("rep", f"sales_team.group_sale_salesman_all_leads,stock.group_stock_manager,{ROLE}sales"),
                (
                    "manager",
                    f"sales_team.group_sale_manager,helpdesk_mgmt.group_helpdesk_user,stock.group_stock_user,{ROLE}management",
                ),
            ):
                cls.users[f"{role}_{key}"] = new_test_user(
                    cls.env,
                    login=f"mc_{role}_{key}",
                    groups=groups,
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                )
        cls.company_a.dist_approval_overdue_hours = 4
        cls.company_b.dist_approval_overdue_hours = 48
        cls.discount_rules = {
            "a": cls._discount_rule(cls.company_a, 10, f"{ROLE}manager"),
            "b": cls._discount_rule(cls.company_b, 20, f"{ROLE}management"),
        }
        # Each company switches its control on once its threshold has a band.
        (cls.company_a | cls.company_b).write({"dist_discount_control": True})
        cls.customer = cls.env["res.partner"].create({"name": "Shared Hospital Group"})
        cls.product = cls.env["product.product"].create({"name": "Surgical masks", "list_price": 100.0})

    @classmethod
    def _discount_rule(cls, company, above, group):
        rules = cls.env["dist.approval.rule"]
        rule = rules._dist_get("sale_discount", company) or rules.create(
            {
                "name": "Discount",
                "code": "sale_discount",
                "company_id": company.id,
                "model_id": cls.env["ir.model"]._get_id("sale.order"),
                "measure": "discount",
            }
        )
        rule.band_ids = [Command.clear(), Command.create({"min_value": above, "group_id": cls.env.ref(group).id})]
        return rule

    def _order(self, key, discount):
        return (
            self.env["sale.order"]
            .with_user(self.users[f"rep_{key}"])
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": self.product.id, "product_uom_qty": 1, "discount": discount})
                    ],
                }
            )
        )

    def test_each_company_applies_its_own_policy(self):
        """The same 15 % discount needs an exception manager's approval in A and none in B;
        25 % in B goes to B's Management. A request pending 6 hours is overdue in A (4 hours)
        and not in B (48 hours)."""
        order_a, order_b = self._order("a", 15), self._order("b", 15)
        self.assertEqual((order_a.company_id, order_b.company_id), (self.company_a, self.company_b))
        self.assertEqual(order_a.dist_discount_status, "required")
        self.assertEqual(order_b.dist_discount_status, "not_required")
        order_b_deep = self._order("b", 25)
        self.assertEqual(order_b_deep.dist_discount_status, "required")
        with freeze_time(fields.Datetime.now() - timedelta(hours=6)):
            requests = {
                "a": order_a.with_user(self.users["rep_a"])._dist_request_approval("sale_discount", 15),
                "b": order_b_deep.with_user(self.users["rep_b"])._dist_request_approval("sale_discount", 25),
            }
        self.assertEqual(requests["a"].group_id, self.env.ref(f"{ROLE}manager"))
        self.assertEqual(requests["b"].group_id, self.env.ref(f"{ROLE}management"))
        self.assertEqual(requests["b"].rule_id, self.discount_rules["b"])
        overdue_type = self.env.ref("dist_exception_core.dist_exception_type_approval_overdue")
        overdue_type._dist_run_detector()
        raised = self.env["dist.exception"].search(
            [("type_id", "=", overdue_type.id), ("res_id", "in", [r.id for r in requests.values()])]
        )
        self.assertEqual(raised.mapped("res_id"), requests["a"].ids)
        self.assertEqual(raised.company_id, self.company_a)

    def test_nothing_crosses(self):
        """Each company's user lists only their own company's suite records and is
        refused the other company's, for reading and for acting on them."""
        order_type = self.env.ref("dist_exception_core.dist_exception_type_order_issue")
        records = {}
        for key, company in self.companies.items():
            env = self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
            order = self._order(key, 30)
            team = env["helpdesk.ticket.team"].create({"name": f"Care {key}", "company_id": company.id})
            records[key] = {
                "dist.exception": env["dist.exception"].create(
                    {"type_id": order_type.id, "user_id": self.users[f"rep_{key}"].id, "company_id": company.id}
                ),
                "dist.approval.request": order.with_user(self.users[f"rep_{key}"])._dist_request_approval(
                    "sale_discount", 30
                ),
                "dist.approval.rule": self.discount_rules[key],
                "dist.approval.band": self.discount_rules[key].band_ids,
                "dist.dispute": env["dist.dispute"].create(
                    {"partner_id": self.customer.id, "order_id": order.id, "reason": "price", "company_id": company.id}
                ),
                "dist.stock.reason": env["dist.stock.reason"].create(
                    {"name": f"Pallet dropped {key}", "code": f"PD{key}", "usage": "damage", "company_id": company.id}
                ),
                "dist.ticket.sla.policy": env["dist.ticket.sla.policy"].create(
                    {"name": f"Policy {key}", "company_id": company.id, "team_ids": [Command.set(team.ids)]}
                ),
            }
        self.env.flush_all()
        for key, other in (("a", "b"), ("b", "a")):
            manager = self.users[f"manager_{key}"]
            for model, record in records[other].items():
                with self.subTest(user=manager.login, model=model):
                    visible = self.env[model].with_user(manager).search([("id", "in", record.ids)])
                    self.assertFalse(visible, f"{manager.login} sees {other}'s {model}")
                    with self.assertRaises(AccessError):
                        record.with_user(manager).read(["display_name"])
                    own = records[key][model]
                    self.assertEqual(self.env[model].with_user(manager).search([("id", "in", own.ids)]), own)
            kpi_rows = self.env["dist.kpi.exception"].with_user(manager).search([])
            self.assertNotIn(records[other]["dist.exception"].id, kpi_rows.mapped("exception_id").ids)
            self.assertIn(records[key]["dist.exception"].id, kpi_rows.mapped("exception_id").ids)
            with self.assertRaises(AccessError):
                records[other]["dist.approval.request"].with_user(manager).action_approve()
            with self.assertRaises(AccessError):
                records[other]["dist.exception"].with_user(manager).action_cancel()
        self.assertEqual(records["a"]["dist.approval.request"].state, "pending")
        self.assertEqual(records["a"]["dist.exception"].state, "new")
