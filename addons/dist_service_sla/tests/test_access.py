# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DistServiceCase


@tagged("post_install", "-at_install")
class TestAccess(DistServiceCase):
    def test_portal_customer_sees_only_own_tickets(self):
        """A portal customer lists only their company's tickets and cannot open another's."""
        portal = new_test_user(self.env, login="dist_portal", groups="base.group_portal", name="Clinic buyer")
        portal.partner_id.parent_id = self.customer
        other = self.env["res.partner"].create({"name": "Other customer", "email": "o@example.com"})
        mine = self._ticket()
        theirs = self._ticket(partner_id=other.id)
        visible = self.env["helpdesk.ticket"].with_user(portal).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(portal).read(["name"])

    def test_agents_cannot_change_policies(self):
        """An agent reads the SLA policies but cannot change them; a helpdesk manager can."""
        self.assertTrue(self.policy.with_user(self.agent).name)
        with self.assertRaises(AccessError):
            self.policy.with_user(self.agent).write({"resolution_hours": 100})
        manager = new_test_user(self.env, login="dist_care_manager", groups="helpdesk_mgmt.group_helpdesk_manager")
        self.policy.with_user(manager).write({"resolution_hours": 12})
        self.assertEqual(self.policy.resolution_hours, 12)
