# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DistExceptionCase


@tagged("post_install", "-at_install")
class TestSeverityRule(DistExceptionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rules = cls.env["dist.exception.severity.rule"]
        cls.rule_strategic = rules.create(
            {
                "type_id": cls.exc_type.id,
                "sequence": 1,
                "name": "Strategic customer",
                "domain": "[('dist_customer_tier', '=', 'strategic')]",
                "severity": "3",
            }
        )
        cls.rule_priority = rules.create(
            {
                "type_id": cls.exc_type.id,
                "sequence": 2,
                "name": "Priority or strategic customer",
                "domain": "[('dist_customer_tier', 'in', ('priority', 'strategic'))]",
                "severity": "2",
            }
        )

    def test_first_matching_rule_wins(self):
        """Strategic customers match both rules and get the first one's severity;
        priority customers the second; others keep the type's default."""
        priority = self.env["res.partner"].create({"name": "Builder", "dist_customer_tier": "priority"})
        records = self.customer | priority | self.other_customer
        severities = self.exc_type._dist_severity_for(records)
        self.assertEqual(severities, {self.customer.id: "3", priority.id: "2", self.other_customer.id: "1"})

    def test_rules_can_use_dates(self):
        """A condition may compare with today through context_today and relativedelta."""
        rule = self.env["dist.exception.severity.rule"].create(
            {
                "type_id": self.exc_type.id,
                "sequence": 0,
                "name": "Created this week",
                "domain": "[('create_date', '>=', (context_today() - relativedelta(days=7)).strftime('%Y-%m-%d'))]",
                "severity": "0",
            }
        )
        self.assertEqual(self.exc_type._dist_severity_for(self.other_customer)[self.other_customer.id], rule.severity)

    def test_invalid_conditions_refused(self):
        """An unknown field, a syntax error or something that is not a list is refused
        at save with the rule's name in the message, and no rule is created."""
        rules = self.env["dist.exception.severity.rule"]
        count = rules.search_count([])
        for domain in ("[('no_such_field', '=', 1)]", "[('name', '=', ", "42", "[('name', 'bogus_op', 1)]"):
            with (
                self.subTest(domain=domain),
                self.assertRaisesRegex(ValidationError, "Broken rule"),
                self.env.cr.savepoint(),
            ):
                rules.create({"type_id": self.exc_type.id, "name": "Broken rule", "domain": domain, "severity": "2"})
        self.assertEqual(rules.search_count([]), count)

    def test_editing_a_rule_into_an_invalid_one_is_refused(self):
        """Editing a valid rule into an invalid one fails and keeps the old condition."""
        old = self.rule_strategic.domain
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.rule_strategic.domain = "[('dist_customer_tier', '=', 'strategic'), ('nope', '=', 1)]"
        self.rule_strategic.invalidate_recordset()
        self.assertEqual(self.rule_strategic.domain, old)

    def test_rule_needs_a_source_model(self):
        """A type reported only by hand has no document to read: rules are refused."""
        manual_type = self.env.ref("dist_exception_core.dist_exception_type_order_issue")
        with self.assertRaisesRegex(ValidationError, "source model"):
            self.env["dist.exception.severity.rule"].create(
                {"type_id": manual_type.id, "name": "Any", "domain": "[]", "severity": "2"}
            )

    def test_changing_type_model_rechecks_rules(self):
        """Moving a type to another source model re-checks its rules against it."""
        with self.assertRaisesRegex(ValidationError, "Strategic customer"), self.env.cr.savepoint():
            self.exc_type.res_model_id = self.env["ir.model"]._get_id("res.users.log")
        self.assertEqual(self.exc_type.res_model, "res.partner")
