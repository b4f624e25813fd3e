# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Order-to-Cash Controls",
    "summary": "Discount approval, credit holds, invoice release after delivery, "
    "ship-complete and invoice-on-completion policies, priority backorders, promised-date changes, "
    "allocation overrides",
    "version": "18.0.1.7.0",
    "development_status": "Beta",
    "category": "Sales",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["dist_exception_core", "sale_margin", "sale_stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/dist_o2c_controls_security.xml",
        "data/ir_sequence_data.xml",
        "data/dist_exception_type_data.xml",
        "data/dist_approval_rule_data.xml",
        "data/mail_template_data.xml",
        "data/mail_template_promise_data.xml",
        "views/dist_dispute_views.xml",
        "views/dist_sale_substitution_views.xml",
        "views/sale_order_views.xml",
        "views/sale_order_promise_views.xml",
        "views/dist_promise_change_views.xml",
        "views/dist_allocation_override_views.xml",
        "views/dist_expedited_freight_views.xml",
        "views/account_move_views.xml",
        "views/stock_picking_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/dist_credit_release_views.xml",
        "wizards/dist_promise_change_wizard_views.xml",
        "views/dist_o2c_menus.xml",
    ],
    "demo": [
        "demo/dist_o2c_controls_demo.xml",
        "demo/dist_promise_change_demo.xml",
        "demo/dist_allocation_override_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dist_o2c_controls/static/src/tours/*.js",
        ],
    },
}
