# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
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

    dist_out_of_office = fields.Boolean(
        string="Out of Office",
        help="While set, your approval deputy decides the approval steps that wait for you; "
        "the log says they decided for you.",
    )
    dist_deputy_id = fields.Many2one(
        comodel_name="res.users",
        string="Approval Deputy",
        domain=[("share", "=", False)],
        help="Who decides your approval steps while you are out of office.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "dist_out_of_office", "dist_deputy_id"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return [*super().SELF_WRITEABLE_FIELDS, "dist_out_of_office", "dist_deputy_id"]

    @api.constrains("dist_out_of_office", "dist_deputy_id")
    def _check_dist_deputy(self):
        for user in self:
            if user.dist_deputy_id == user:
                raise ValidationError(self.env._("%s cannot be their own approval deputy.", user.name))
            if user.dist_deputy_id.share:
                raise ValidationError(self.env._("An approval deputy must be an internal user."))
            if user.dist_out_of_office and not user.dist_deputy_id:
                raise ValidationError(self.env._("Name an approval deputy before marking %s out of office.", user.name))

    def _dist_absent_principals(self):
        """The out-of-office users whose deputy is this user."""
        self.ensure_one()
        return (
            self.sudo()
            .with_context(active_test=True)
            .search([("dist_deputy_id", "=", self.id), ("dist_out_of_office", "=", True)])
            .sudo(False)
        )

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
