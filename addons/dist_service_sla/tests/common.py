# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

HELPDESK_USER = "helpdesk_mgmt.group_helpdesk_user_team"


class DistServiceCase(TransactionCase):
    """A care team on a Monday-to-Friday 8-12 / 13-17 UTC calendar with a leader and
    two agents, one SLA policy (2 h first response, 8 h resolution) and no other
    policy or routing rule in the way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.env["dist.ticket.sla.policy"].search([]).active = False
        cls.env["dist.ticket.routing.rule"].search([]).active = False
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Care desk (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {"name": "day", "dayofweek": str(day), "hour_from": start, "hour_to": end, "day_period": period}
                    )
                    for day in range(5)
                    for start, end, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        cls.leader = new_test_user(
            cls.env, login="dist_care_lead", name="Liam Lead", groups=f"base.group_user,{HELPDESK_USER}"
        )
        cls.agent = new_test_user(
            cls.env, login="dist_agent_a", name="Anna Agent", groups=f"base.group_user,{HELPDESK_USER}"
        )
        cls.agent2 = new_test_user(
            cls.env, login="dist_agent_b", name="Ben Agent", groups=f"base.group_user,{HELPDESK_USER}"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Care desk",
                "user_id": cls.leader.id,
                "user_ids": [Command.set((cls.agent | cls.agent2).ids)],
                "dist_calendar_id": cls.calendar.id,
                "dist_send_acknowledgement": True,
                "dist_send_resolution": True,
            }
        )
        cls.ladder = cls.env["dist.escalation.ladder"].create(
            {
                "name": "Care ladder",
                "level_ids": [
                    Command.create({"level": 1, "deadline": "response", "action": "notify", "target": "manager"}),
                    Command.create({"level": 2, "deadline": "resolution", "action": "reassign", "target": "manager"}),
                ],
            }
        )
        cls.policy = cls.env["dist.ticket.sla.policy"].create(
            {
                "name": "Care standard",
                "team_ids": [Command.set(cls.team.ids)],
                "response_hours": 2,
                "resolution_hours": 8,
                "ladder_id": cls.ladder.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Clinic Group", "email": "buyer@clinic.example.com", "dist_customer_tier": "priority"}
        )
        cls.stages = {
            key: cls.env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{key}")
            for key in ("new", "in_progress", "awaiting", "done")
        }

    def _ticket(self, **values):
        return self.env["helpdesk.ticket"].create(
            dict(
                {
                    "name": "Where is my order?",
                    "description": "Ordered last week, nothing arrived.",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "user_id": self.agent.id,
                },
                **values,
            )
        )


class DistServiceOrderCase(DistServiceCase):
    """Plus a stocked product, 100 in stock, and short picks opening tickets for the team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.product = cls.env["product.product"].create({"name": "Exam gloves", "is_storable": True, "list_price": 9})
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 100)
        cls.short_pick = cls.env.ref("dist_warehouse_exceptions.dist_exception_type_short_pick")
        cls.short_pick.write({"customer_facing": True, "ticket_team_id": cls.team.id})
        cls.cause = cls.env.ref("dist_exception_core.dist_root_cause_pick_error")

    def _order(self):
        """A confirmed order of 5 for the customer."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 5})],
            }
        )
        order.action_confirm()
        return order
