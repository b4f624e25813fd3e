# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.addons.dist_visibility_dashboards.tests.common import DistKpiCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestO2cKpis(DistKpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hold_type = cls.env.ref("dist_o2c_controls.dist_exception_type_credit_hold")

    def _hold(self, order):
        return self.env["dist.exception"].create(
            {
                "type_id": self.hold_type.id,
                "res_model": "sale.order",
                "res_id": order.id,
                "partner_id": self.customer.id,
            }
        )

    def test_credit_hold_frequency(self):
        """One order of two held for credit: 50 %."""
        self._hold(self._order())
        self._order()
        self.assertEqual(self._figure("dist.kpi.order", "credit_held", [("partner_id", "=", self.customer.id)]), 50)

    def test_otif_against_the_original_promise(self):
        """Promised 3 days ago, then moved to yesterday through the promise change control,
        delivered 2 days ago: on time for the new promise, late for the first one, which
        OTIF keeps once the promise was changed."""
        order = self._order(days_ago=6, promised_days_ago=1)
        self._deliver(order, 10)
        # What the delivery wrote is flushed first, or it would overwrite the dates set here.
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute(
            "UPDATE stock_picking SET date_done = %s WHERE sale_id = %s", [now - timedelta(days=2), order.id]
        )
        self.env.cr.execute(
            "UPDATE sale_order SET dist_original_commitment_date = %s WHERE id = %s",
            [now - timedelta(days=3), order.id],
        )
        domain = [("order_id", "=", order.id)]
        # No change logged: the order is judged against its delivery date, as in standard Odoo.
        self.assertEqual(self._figure("dist.kpi.order", "otif", domain), 100)
        self.env["dist.promise.change"].sudo().create(
            {
                "order_id": order.id,
                "old_date": now - timedelta(days=3),
                "new_date": now - timedelta(days=1),
                "delay_days": 2,
                "reason": "Supplier pallet late",
                "user_id": self.env.uid,
            }
        )
        self.assertEqual(self._figure("dist.kpi.order", "otif", domain), 0)
        row = self.env["dist.kpi.order"].search(domain)
        self.assertEqual(row.due_date, now - timedelta(days=3))

    def test_sales_workspace(self):
        """The credit hold tile counts the open holds, whose orders head the at-risk queue."""
        self.env["dist.exception"].search([("type_id", "=", self.hold_type.id)]).write({"state": "cancelled"})
        hold = self._hold(self._order())
        data = self.env["dist.workspace"].get_workspace("sales")
        tiles = {tile["label"]: tile["count"] for tile in data["tiles"]}
        self.assertEqual(tiles["Credit holds"], 1)
        self.assertIn("Open order exceptions", tiles)
        self.assertIn(hold.id, [row["id"] for row in data["lists"][0]["rows"]])
        self.assertEqual(data["lists"][0]["title"], "At-risk orders, most urgent first")

    def test_finance_workspace(self):
        """The Finance role has its workspace: the open credit hold counts and heads its
        queue; held invoices, credit releases and disputes have their tiles; the KPIs are
        finance's."""
        self.env["dist.exception"].search([("type_id", "=", self.hold_type.id)]).write({"state": "cancelled"})
        hold = self._hold(self._order())
        data = self.env["dist.workspace"].get_workspace("finance")
        self.assertEqual(data["title"], "Finance workspace")
        tiles = {tile["label"]: tile["count"] for tile in data["tiles"]}
        self.assertEqual(tiles["Credit holds"], 1)
        for label in (
            "Held invoices",
            "Credit releases to decide",
            "Open disputes",
            "Invoices with dunning paused",
            "Cost impacts awaiting approval",
        ):
            self.assertIn(label, tiles)
        self.assertEqual(data["lists"][0]["rows"][0]["id"], hold.id)
        self.assertEqual([kpi["name"] for kpi in data["kpis"]][:2], ["Credit hold frequency", "Invoice lag"])
