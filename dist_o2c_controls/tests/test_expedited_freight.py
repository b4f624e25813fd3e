# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DistO2cCase


@tagged("post_install", "-at_install")
class TestExpeditedFreightOnOrders(DistO2cCase):
    """The rep records the courier a customer order needed from the order itself; the
    order counts it, and a freight record never points at another company's order."""

    def test_freight_recorded_from_the_order(self):
        order = self._order()
        cause = self.env.ref("dist_exception_core.dist_root_cause_customer_request")
        action = order.with_user(self.rep).action_dist_view_freight()
        self.assertEqual(action["res_model"], "dist.expedited.freight")
        freight = (
            self.env["dist.expedited.freight"]
            .with_user(self.rep)
            .with_context(**action["context"])
            .create({"amount": 180, "root_cause_id": cause.id})
        )
        freight.action_confirm()
        self.assertEqual(
            (freight.sale_order_id, freight.company_id, freight.state), (order, order.company_id, "confirmed")
        )
        self.assertEqual(order.with_user(self.rep).dist_freight_ids, freight)
        self.assertEqual(self.env["dist.expedited.freight"].search(action["domain"]), freight)

    def test_order_of_another_company_is_refused(self):
        order = self._order()
        other = self.env["res.company"].create({"name": "Freight Elsewhere"})
        cause = self.env.ref("dist_exception_core.dist_root_cause_customer_request")
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.env["dist.expedited.freight"].create(
                {"amount": 50, "root_cause_id": cause.id, "company_id": other.id, "sale_order_id": order.id}
            )
