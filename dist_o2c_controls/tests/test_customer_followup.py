# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import ROLE, DistO2cCase

MONDAY_10AM = datetime(2026, 3, 2, 10, 0)


@tagged("post_install", "-at_install")
class TestOrderFollowups(HttpCase, DistO2cCase):
    """An exception about an order, or about its delivery, keeps the customer informed on
    the order itself, with the portal link that opens it without an account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env.ref("dist_exception_core.dist_followup_sequence_exception")
        cls.exc_type = cls.env["dist.exception.type"].create(
            {
                "name": "Order stuck",
                "code": "test_order_stuck",
                "layer": "demand",
                "res_model_id": cls.env["ir.model"]._get_id("stock.picking"),
                "followup_sequence_id": cls.sequence.id,
                "customer_description": "the delivery of your order",
            }
        )
        cls.order = cls._order(qty=3)
        cls.order.action_confirm()

    def test_update_posted_on_the_order_with_its_portal_link(self):
        picking = self.order.picking_ids
        with freeze_time(MONDAY_10AM):
            exc = self.env["dist.exception"].create(
                {
                    "type_id": self.exc_type.id,
                    "res_model": "stock.picking",
                    "res_id": picking.id,
                    "partner_id": self.customer.id,
                }
            )
        self.assertFalse(self.order.access_token)
        with freeze_time(MONDAY_10AM + timedelta(hours=24)):
            self.env["dist.followup.sequence"]._cron_send_followups()
        message = self.order.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertTrue(self.order.access_token)
        link = f"/my/orders/{self.order.id}?access_token={self.order.access_token}"
        self.assertIn(link, message.body)
        self.assertIn("the delivery of your order", message.body)
        self.assertIn(self.order.name, message.subject)
        self.assertEqual(exc.dist_portal_url, self.order.get_base_url() + link)
        # The link opens the order without a login: who may read the exception but not the
        # order does not see it.
        viewer = new_test_user(self.env, login="followup_viewer", groups=f"base.group_user,{ROLE}purchasing")
        self.assertTrue(exc.with_user(viewer).name)
        self.assertFalse(exc.with_user(viewer).dist_portal_url)
        self.assertIn(f"Follow-up 1 sent to {self.customer.name} on {self.order.name}", exc.message_ids[0].body)
        # The link opens the order for the customer, without a login: its status and lines.
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order.name, page.text)
        self.assertIn("Nitrile gloves", page.text)
