# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.fields import Command

ROLE = "dist_exception_core.dist_exception_core_group_"
# The demo's people and exactly the groups of their role; groups of applications that are
# not installed are left out.
DEMO_ROLE_GROUPS = {
    "dist_exception_core.res_users_sales_demo": [
        f"{ROLE}sales",
        "sales_team.group_sale_salesman",
        "helpdesk_mgmt.group_helpdesk_user_own",
    ],
    "dist_exception_core.res_users_buyer_demo": [
        f"{ROLE}purchasing",
        "purchase.group_purchase_user",
        "stock.group_stock_user",
    ],
    "dist_exception_core.res_users_warehouse_demo": [f"{ROLE}warehouse", "stock.group_stock_user"],
    "dist_exception_core.res_users_service_demo": [
        f"{ROLE}customer_service",
        "helpdesk_mgmt.group_helpdesk_user_team",
        "stock.group_stock_user",
    ],
    "dist_exception_core.res_users_finance_demo": [
        f"{ROLE}finance",
        "account.group_account_invoice",
        "sales_team.group_sale_salesman_all_leads",
        "helpdesk_mgmt.group_helpdesk_user_own",
    ],
    "dist_exception_core.res_users_manager_demo": [
        f"{ROLE}management",
        "sales_team.group_sale_manager",
        "purchase.group_purchase_manager",
        "stock.group_stock_manager",
        "account.group_account_manager",
        "helpdesk_mgmt.group_helpdesk_manager",
    ],
}


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _dist_demo_apply_role_groups(self):
        """Give each demo user exactly the groups of its role.

        Installing an application gives its administrator group to every internal user
        (through Odoo's default user template), so each suite module's demo runs this
        again: the last module installed, after every application, sets the final groups.
        """
        for user_xmlid, group_xmlids in DEMO_ROLE_GROUPS.items():
            user = self.env.ref(user_xmlid, raise_if_not_found=False)
            if not user:
                continue
            extra = ["base.group_multi_company"] if len(user.company_ids) > 1 else []
            groups = [
                self.env.ref(xmlid, raise_if_not_found=False) for xmlid in ["base.group_user", *group_xmlids, *extra]
            ]
            user.groups_id = [Command.set([group.id for group in groups if group])]
