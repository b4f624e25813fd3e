# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DistServiceCase


@tagged("post_install", "-at_install")
class TestRouting(DistServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["helpdesk.ticket.category"].create({"name": "Billing"})
        cls.finance_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Billing desk", "user_ids": [(6, 0, cls.agent2.ids)]}
        )

    def _rule(self, **values):
        return self.env["dist.ticket.routing.rule"].create(dict({"name": "rule", "team_id": self.team.id}, **values))

    def _new(self, **values):
        """A ticket from the customer, with no owner chosen."""
        values.setdefault("team_id", False)
        return self.env["helpdesk.ticket"].create(
            dict({"name": "Question", "description": "?", "partner_id": self.customer.id}, **values)
        )

    def test_category_to_team_and_owner(self):
        """A billing ticket goes to the billing desk and its fixed owner; an owner chosen
        on purpose is kept."""
        self._rule(
            category_id=self.category.id, team_id=self.finance_team.id, assignment="user", user_id=self.agent2.id
        )
        ticket = self._new(category_id=self.category.id)
        self.assertEqual((ticket.team_id, ticket.user_id), (self.finance_team, self.agent2))
        kept = self._new(category_id=self.category.id, user_id=self.agent.id)
        self.assertEqual(kept.user_id, self.agent)

    def test_least_loaded_and_round_robin(self):
        """Least-loaded gives a new ticket to the member with fewer open tickets;
        round-robin alternates whatever the load."""
        rule = self._rule(assignment="least_loaded")
        self._ticket(user_id=self.agent.id)
        self.assertEqual(self._new().user_id, self.agent2)
        self.assertEqual(self._new().user_id, self.agent, "one each: the first member wins the tie")
        rule.assignment = "round_robin"
        owners = [self._new().user_id for _i in range(3)]
        self.assertEqual(owners, [self.agent, self.agent2, self.agent])

    def test_by_customer_and_product(self):
        """Rules on the customer and the product each route only what they match; the first
        matching rule in sequence wins."""
        product = self.env["product.product"].create({"name": "Stretch wrap"})
        self._rule(sequence=1, product_id=product.id, assignment="user", user_id=self.agent.id)
        self._rule(sequence=2, partner_id=self.customer.id, assignment="user", user_id=self.agent2.id)
        self.assertEqual(self._new(dist_product_id=product.id).user_id, self.agent)
        routed = self._new()
        self.assertEqual(routed.user_id, self.agent2)
        self.assertTrue(any("Routed by the rule" in body for body in routed.message_ids.mapped("body")))

    def test_fixed_owner_needs_a_user(self):
        """A rule assigning a fixed owner without naming them is refused."""
        with self.assertRaisesRegex(ValidationError, "choose them"):
            self._rule(assignment="user")
