# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import ROLE, DistO2cCase


@tagged("post_install", "-at_install")
class TestSubstitution(DistO2cCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._approval_rule("sale_substitution", "dist.sale.substitution", "amount", 0)
        cls.substitute = cls.env["product.product"].create(
            {"name": "Latex gloves", "is_storable": True, "list_price": 100.0}
        )
        cls.order = cls._order(qty=5)
        cls.order.action_confirm()

    def _substitute(self, qty=2):
        action = self.order.order_line.with_user(self.rep).action_dist_substitute()
        form = Form(self.env["dist.sale.substitution"].with_user(self.rep).with_context(**action["context"]))
        form.substitute_product_id = self.substitute
        form.quantity = qty
        form.reason = "Nitrile out of stock until next month; customer agreed to latex."
        return form.save()

    def test_substitution_waits_for_approval_then_applies(self):
        """UAT 'substitutions': the rep asks to substitute 2 of 5; nothing changes until
        the manager approves; then the order ships 3 ordered and 2 substitute at the same
        price, and the trace stays on the order."""
        substitution = self._substitute()
        self.assertEqual(substitution.state, "pending")
        self.assertEqual(self.order.order_line.product_uom_qty, 5)
        request = substitution.dist_approval_request_ids
        self.assertEqual(request.state, "pending")
        request.with_user(self.approver).action_approve()
        self.assertEqual(substitution.state, "applied")
        original = self.order.order_line.filtered(lambda line: line.product_id == self.product)
        new_line = substitution.new_line_id
        self.assertEqual(original.product_uom_qty, 3)
        self.assertEqual(
            (new_line.product_id, new_line.product_uom_qty, new_line.price_unit), (self.substitute, 2, 100)
        )
        moves = self.order.picking_ids.move_ids.filtered(lambda m: m.state != "cancel")
        self.assertEqual(sum(moves.filtered(lambda m: m.product_id == self.product).mapped("product_uom_qty")), 3)
        self.assertEqual(sum(moves.filtered(lambda m: m.product_id == self.substitute).mapped("product_uom_qty")), 2)
        self.assertIn(substitution, self.order.dist_substitution_ids)

    def test_rejected_substitution_changes_nothing(self):
        """A rejected substitution leaves the order as it was, with the decision logged."""
        substitution = self._substitute()
        request = substitution.dist_approval_request_ids.with_user(self.approver)
        request.decision_note = "Customer contract excludes latex."
        request.action_reject()
        self.assertEqual(substitution.state, "rejected")
        self.assertEqual(self.order.order_line.product_uom_qty, 5)
        self.assertEqual(len(self.order.order_line), 1)

    def test_more_than_left_to_deliver_refused(self):
        """Substituting more than remains to deliver is refused and nothing is recorded."""
        with self.assertRaisesRegex(ValidationError, "still to deliver"), self.env.cr.savepoint():
            self._substitute(qty=9)
        self.assertFalse(self.order.dist_substitution_ids)

    def test_below_threshold_applies_at_once(self):
        """With no band covering the value, the substitution applies immediately."""
        self.rule.band_ids = [
            Command.clear(),
            Command.create({"min_value": 1000, "group_id": self.env.ref(f"{ROLE}manager").id}),
        ]
        substitution = self._substitute(qty=1)
        self.assertEqual(substitution.state, "applied")
