# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Distribution Exception Management",
    "summary": "Exception records with severity, owner, SLA timers, "
    "escalation ladders, detectors and approval thresholds",
    "version": "18.0.1.6.0",
    "development_status": "Beta",
    "category": "Operations",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "LGPL-3",
    "depends": ["mail", "resource", "product"],
    "data": [
        "security/dist_exception_core_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/dist_root_cause_data.xml",
        "data/dist_escalation_ladder_data.xml",
        "data/dist_exception_type_data.xml",
        "data/dist_approval_rule_data.xml",
        "data/ir_cron_data.xml",
        "views/dist_exception_views.xml",
        "views/dist_exception_type_views.xml",
        "views/dist_exception_severity_rule_views.xml",
        "views/dist_exception_team_views.xml",
        "views/dist_escalation_ladder_views.xml",
        "views/dist_root_cause_views.xml",
        "views/dist_approval_rule_views.xml",
        "views/dist_approval_request_views.xml",
        "views/dist_expedited_freight_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_users_views.xml",
        "wizards/dist_exception_resolve_views.xml",
        "views/dist_exception_core_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/dist_exception_core_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "dist_exception_core/static/src/fields/*",
        ],
        "web.assets_tests": [
            "dist_exception_core/static/src/tours/*.js",
        ],
    },
    "application": True,
}
