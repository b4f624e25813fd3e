"""Suite-level scenario: who may do what, across every suite module at once.

One user per role a distributor staffs (plus a portal customer, an employee without a
suite role and a settings administrator). For every model of the suite the test states
which roles read, write, create and delete it; for every guarded action (approve,
release a credit hold, apply a count beyond limits, change a threshold, resolve an
exception) it tries the action as every role: the roles allowed succeed, every other
role gets an AccessError or a UserError (its parent class) and the data is unchanged.

Runs with pytest-odoo against the database CI installs with every suite module.
"""

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

ROLE = "dist_exception_core.dist_exception_core_group_"
ROLES = {
    "portal": "base.group_portal",
    "employee": "base.group_user",
    "sales": f"sales_team.group_sale_salesman,{ROLE}sales",
    "sales_manager": f"sales_team.group_sale_manager,{ROLE}sales",
    "purchasing": f"purchase.group_purchase_user,{ROLE}purchasing",
    "warehouse": f"stock.group_stock_user,{ROLE}warehouse",
    "inventory_admin": f"stock.group_stock_manager,{ROLE}warehouse",
    "service": f"helpdesk_mgmt.group_helpdesk_user,{ROLE}customer_service",
    "helpdesk_manager": f"helpdesk_mgmt.group_helpdesk_manager,{ROLE}customer_service",
    "finance": f"account.group_account_invoice,sales_team.group_sale_salesman_all_leads,{ROLE}finance",
    "exception_manager": f"{ROLE}manager",
    "management": f"{ROLE}management",
    "settings": "base.group_system",
}
MANAGERS = frozenset({"exception_manager", "management"})
SUITE_USERS = frozenset(set(ROLES) - {"portal", "employee", "settings"})
STOCK_USERS = frozenset({"warehouse", "inventory_admin"})
HELPDESK_USERS = frozenset({"service", "helpdesk_manager"})
CONFIGURATION = ((MANAGERS, "rwcd"), (SUITE_USERS, "r"))
KPI_VIEW = ((SUITE_USERS, "r"),)

# Model -> (roles, rights) pairs, first match wins; a role matched by none has no right.
MODEL_RIGHTS = {
    "dist.exception": ((MANAGERS, "rwcd"), (SUITE_USERS, "rwc")),
    "dist.exception.type": CONFIGURATION,
    "dist.exception.type.company": CONFIGURATION,
    "dist.exception.sla": CONFIGURATION,
    "dist.exception.severity.rule": CONFIGURATION,
    "dist.exception.team": CONFIGURATION,
    "dist.escalation.ladder": CONFIGURATION,
    "dist.escalation.level": CONFIGURATION,
    "dist.root.cause": CONFIGURATION,
    "dist.approval.rule": CONFIGURATION,
    "dist.approval.band": CONFIGURATION,
    "dist.approval.step": CONFIGURATION,
    "dist.approval.decision": ((SUITE_USERS, "r"),),
    "dist.approval.request": ((MANAGERS, "rwc"), (SUITE_USERS, "rc")),
    "dist.exception.resolve": ((SUITE_USERS, "rwcd"),),
    "dist.credit.release": (({"finance"}, "rwcd"),),
    "dist.promise.change": ((SUITE_USERS, "r"),),
    "dist.promise.change.wizard": (({"sales", "sales_manager", "finance"}, "rwc"),),
    "dist.dispute": ((MANAGERS, "rwcd"), (SUITE_USERS, "rwc")),
    "dist.expedited.freight": ((MANAGERS, "rwcd"), (SUITE_USERS, "rwc")),
    "dist.sale.substitution": ((MANAGERS, "rwcd"), (SUITE_USERS, "rwc")),
    "dist.followup.sequence": CONFIGURATION,
    "dist.followup.step": CONFIGURATION,
    # Asked by salespeople and Inventory users (never edited once asked: the model refuses it).
    "dist.allocation.override": (
        (MANAGERS, "rwcd"),
        ({"sales", "sales_manager", "finance"} | STOCK_USERS, "rc"),
        (SUITE_USERS, "r"),
    ),
    "dist.kpi": (({"management"}, "rwcd"), (SUITE_USERS, "r")),
    "dist.kpi.order": KPI_VIEW,
    "dist.kpi.exception": KPI_VIEW,
    "dist.kpi.backorder": KPI_VIEW,
    "dist.kpi.invoice": KPI_VIEW,
    "dist.kpi.inventory": KPI_VIEW,
    "dist.kpi.pick": KPI_VIEW,
    "dist.kpi.complaint": KPI_VIEW,
    "dist.review": (({"management"}, "rd"), ({"sales_manager"}, "r")),
    "dist.ticket.sla.policy": (({"helpdesk_manager"}, "rwcd"), (HELPDESK_USERS, "r")),
    "dist.ticket.routing.rule": (({"helpdesk_manager"}, "rwcd"), (HELPDESK_USERS, "r")),
    "dist.stock.reason": (({"inventory_admin"}, "rwcd"), (STOCK_USERS, "r")),
    "dist.stock.count": (({"inventory_admin"}, "rd"), (STOCK_USERS, "r")),
    # Approvers of a costly return read it to decide, whatever their Inventory rights.
    "dist.return.authorization": (({"inventory_admin"}, "rwcd"), ({"warehouse"}, "rwc"), (SUITE_USERS, "r")),
    "dist.return.authorization.line": ((STOCK_USERS, "rwcd"), (SUITE_USERS, "r")),
    # Supplier reliability (receipts on time, orders acknowledged on time), read by purchase users and suite users.
    "dist.supplier.receipt": KPI_VIEW,
    "dist.supplier.confirmation": KPI_VIEW,
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "d": "unlink"}


def _expected_rights(model, role):
    for roles, rights in MODEL_RIGHTS[model]:
        if role in roles:
            return rights
    return ""


def _suite_models(env):
    """Concrete models of the suite (all named dist.*)."""
    return sorted(name for name in env.registry if name.startswith("dist.") and not env[name]._abstract)


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.users = {
            role: new_test_user(cls.env, login=f"matrix_{role}", name=f"Matrix {role}", groups=groups)
            for role, groups in ROLES.items()
        }
        cls.customer = cls.env["res.partner"].create({"name": "Matrix Customer", "email": "matrix@example.com"})

    def _check_action(self, action, allowed, setup, attempt, done):
        """Try ``attempt(target, user)`` on a fresh ``setup()`` as every role: the
        ``allowed`` roles succeed; every other one is refused and ``done(target)`` stays false."""
        for role, user in self.users.items():
            with self.subTest(action=action, role=role):
                target = setup()
                if role in allowed:
                    attempt(target, user)
                    self.env.invalidate_all()
                    self.assertTrue(done(target), f"{role} could not {action}")
                else:
                    with self.assertRaises(UserError), self.env.cr.savepoint():
                        attempt(target, user)
                    self.env.invalidate_all()
                    self.assertFalse(done(target), f"{role} was refused to {action} but it happened")

    def test_model_rights_per_role(self):
        """Every suite model is in the matrix, and each role has exactly the read, write,
        create and delete rights the matrix gives it."""
        models = _suite_models(self.env)
        self.assertEqual(sorted(MODEL_RIGHTS), models, "a suite model is missing from the access matrix")
        for model in models:
            for role, user in self.users.items():
                actual = "".join(
                    letter
                    for letter, operation in OPERATIONS.items()
                    if self.env[model].with_user(user).has_access(operation)
                )
                with self.subTest(model=model, role=role):
                    self.assertEqual(actual, _expected_rights(model, role))

    def _cost_rule(self, min_value, group):
        """The main company's exception cost threshold (a declared code: a rule's code is
        one of those the modules guard, and one per company), with the one band given."""
        rules = self.env["dist.approval.rule"].with_context(active_test=False)
        rule = rules._dist_get("exception_cost", self.company) or rules.create(
            {
                "name": "Exception cost acceptance",
                "code": "exception_cost",
                "model_id": self.env["ir.model"]._get_id("dist.exception"),
            }
        )
        rule.write(
            {
                "active": True,
                "measure": "amount",
                "band_ids": [
                    Command.clear(),
                    Command.create({"min_value": min_value, "group_id": self.env.ref(f"{ROLE}{group}").id}),
                ],
            }
        )
        return rule

    def test_approve(self):
        """Only the band's group (Management) approves a request; the requester's
        colleagues, exception managers of another band and everyone else are refused."""
        rule = self._cost_rule(0, "management")
        requester = new_test_user(self.env, login="matrix_requester", groups=f"base.group_user,{ROLE}sales")
        exception = self.env["dist.exception"].create(
            {
                "type_id": self.env.ref("dist_exception_core.dist_exception_type_order_issue").id,
                "user_id": requester.id,
            }
        )

        def setup():
            return (
                self.env["dist.approval.request"]
                .with_user(requester)
                .create({"rule_id": rule.id, "res_model": "dist.exception", "res_id": exception.id, "value": 500})
                .sudo()
            )

        self._check_action(
            "approve",
            {"management"},
            setup,
            lambda request, user: request.with_user(user).action_approve(),
            lambda request: request.state == "approved",
        )

    def test_release_credit_hold(self):
        """Only Finance releases a credit hold (with a reason); the order is confirmed."""
        self.company.dist_credit_control = True
        self.customer.credit_limit = 100.0
        product = self.env["product.product"].create({"name": "Matrix gloves", "list_price": 100.0})

        def setup():
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.users["sales"].id,
                    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 5})],
                }
            )
            order.action_confirm()
            self.assertTrue(order.dist_credit_hold)
            return order

        def attempt(order, user):
            release = self.env["dist.credit.release"].with_user(user)
            release.create({"order_id": order.id, "reason": "Paid in advance by wire"}).action_release()

        self._check_action(
            "release a credit hold",
            {"finance"},
            setup,
            attempt,
            lambda order: not order.dist_credit_hold and order.state == "sale",
        )

    def _variance_setup(self, approved):
        """A count 30 units (600 at cost) short: beyond the default limits of the main
        warehouse, in the band an exception manager approves."""
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        counter = self.users["warehouse"]
        reason = self.env.ref("dist_warehouse_exceptions.dist_stock_reason_adjustment_loss")

        def setup():
            product = self.env["product.product"].create(
                {"name": "Matrix masks", "is_storable": True, "standard_price": 20.0}
            )
            self.env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 50)
            quant = (
                self.env["stock.quant"]
                .with_user(counter)
                .with_context(inventory_mode=True)
                .search([("product_id", "=", product.id), ("location_id", "=", warehouse.lot_stock_id.id)])
            )
            quant.write({"inventory_quantity": 20, "dist_reason_id": reason.id})
            if approved:
                request = quant._dist_request_approval("stock_variance", abs(quant.dist_variance_value))
                request.with_user(self.users["exception_manager"]).action_approve()
            return quant.sudo()

        return setup

    def _apply(self, quant, user):
        quant.with_user(user).with_context(inventory_mode=True).action_apply_inventory()

    def _variance_policy(self):
        rule = self.env["dist.approval.rule"].with_context(active_test=False)._dist_get("stock_variance", self.company)
        values = {
            "name": "Inventory variance",
            "code": "stock_variance",
            "model_id": self.env["ir.model"]._get_id("stock.quant"),
            "measure": "value_variance",
            "active": True,
            "band_ids": [
                Command.clear(),
                Command.create({"min_value": 0, "group_id": self.env.ref(f"{ROLE}manager").id}),
            ],
        }
        if rule:
            rule.write(values)
        else:
            self.env["dist.approval.rule"].create(values)

    def test_apply_variance(self):
        """A count beyond the warehouse's limits: without approval nobody applies it,
        not even an Inventory Administrator; once approved the stock roles apply it; with
        the warehouse's Count Variance Approval off, the stock roles apply it as in Odoo."""
        self._variance_policy()
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        warehouse.dist_variance_control = True
        applied = lambda quant: quant.quantity == 20  # noqa: E731
        self._check_action("apply an unapproved variance", set(), self._variance_setup(False), self._apply, applied)
        self._check_action("apply an approved variance", STOCK_USERS, self._variance_setup(True), self._apply, applied)
        warehouse.dist_variance_control = False
        self._check_action(
            "apply a variance with the control off", STOCK_USERS, self._variance_setup(False), self._apply, applied
        )

    def test_change_thresholds(self):
        """Each threshold is changed by its owner role only: approval bands, SLA targets
        and ladders by exception managers, company policies by settings administrators,
        warehouse limits and reason codes by Inventory Administrators, ticket SLA
        policies by helpdesk managers."""
        rule = self._cost_rule(100, "manager")
        exc_type = self.env.ref("dist_exception_core.dist_exception_type_approval_overdue")
        ladder = self.env["dist.escalation.ladder"].create(
            {
                "name": "Matrix ladder",
                "level_ids": [Command.create({"level": 1, "action": "notify", "target": "manager"})],
            }
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1)
        team = self.env["helpdesk.ticket.team"].create({"name": "Matrix desk"})
        policy = self.env["dist.ticket.sla.policy"].create(
            {"name": "Matrix policy", "team_ids": [Command.set(team.ids)], "response_hours": 2, "resolution_hours": 8}
        )
        reason = self.env.ref("dist_warehouse_exceptions.dist_stock_reason_adjustment_loss")
        thresholds = [
            (rule.band_ids, "min_value", 50.0, MANAGERS),
            (exc_type, "resolution_hours", 30.0, MANAGERS),
            (ladder.level_ids, "delay_hours", 3.0, MANAGERS),
            (self.company, "dist_approval_overdue_hours", 12.0, {"settings"}),
            (self.company, "dist_credit_grace_days", 9, {"settings"}),
            (warehouse, "dist_variance_qty_limit", 3.0, {"inventory_admin"}),
            (reason, "raise_exception", not reason.raise_exception, {"inventory_admin"}),
            (policy, "resolution_hours", 12.0, {"helpdesk_manager"}),
        ]
        for record, field_name, value, allowed in thresholds:
            original = record[field_name]

            def setup(record=record, field_name=field_name, original=original):
                record.write({field_name: original})
                return record

            self._check_action(
                f"change {record._name}.{field_name}",
                allowed,
                setup,
                lambda rec, user, f=field_name, v=value: rec.with_user(user).write({f: v}),
                lambda rec, f=field_name, v=value: rec[f] == v,
            )

    def test_resolve_exception(self):
        """An exception of the order desk is closed by its owner (a sales rep), the
        desk's leader (an exception manager) or Management; other suite roles get a
        clear refusal, users without a suite role no access at all."""
        team = self.env["dist.exception.team"].create(
            {
                "name": "Matrix desk",
                "user_id": self.users["exception_manager"].id,
                "member_ids": [Command.set(self.users["sales"].ids)],
            }
        )
        exc_type = self.env.ref("dist_exception_core.dist_exception_type_order_issue")
        root_cause = self.env.ref("dist_exception_core.dist_root_cause_credit")

        def setup():
            return self.env["dist.exception"].create(
                {"type_id": exc_type.id, "team_id": team.id, "user_id": self.users["sales"].id}
            )

        self._check_action(
            "resolve an exception",
            {"sales", "exception_manager", "management"},
            setup,
            lambda exc, user: exc.with_user(user)._dist_resolve(root_cause, "Customer called back."),
            lambda exc: exc.state == "resolved",
        )

    def test_every_company_owned_model_has_a_company_rule(self):
        """Each stored suite model with a company has a global record rule on the user's
        companies, so a new model cannot leak across companies unnoticed."""
        for model in _suite_models(self.env):
            field = self.env[model]._fields.get("company_id")
            if not field or not field.store or self.env[model]._transient:
                continue
            rules = self.env["ir.rule"].search([("model_id.model", "=", model), ("global", "=", True)])
            with self.subTest(model=model):
                self.assertTrue(any("company_ids" in (rule.domain_force or "") for rule in rules))
