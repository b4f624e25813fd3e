# Copyright 2026 dist contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Distribution Service SLA",
    "summary": "Helpdesk SLA timers on working calendars, escalation ladders, routing, "
    "communication templates, customer-facing exceptions as tickets, returns and recurrence",
    "version": "18.0.1.6.0",
    "development_status": "Beta",
    "category": "After-Sales",
    "website": "https://github.com/dist-suite/dist",
    "author": "dist contributors",
    "maintainers": ["dist-suite"],
    "license": "AGPL-3",
    # Tickets link no order, delivery or invoice here (dist_service_sla_sale does), and the
    # suite's types are flagged customer-facing by the bridges to their modules
    # (dist_service_sla_o2c, dist_service_sla_warehouse).
    "depends": ["dist_exception_core", "helpdesk_mgmt"],
    "data": [
        "security/ir.model.access.csv",
        "security/dist_service_sla_security.xml",
        "data/mail_template_data.xml",
        "data/dist_followup_sequence_data.xml",
        "data/dist_exception_type_data.xml",
        "views/dist_ticket_sla_policy_views.xml",
        "views/dist_ticket_routing_rule_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/dist_exception_views.xml",
        "views/dist_exception_type_views.xml",
        "views/res_config_settings_views.xml",
        "views/dist_service_sla_menus.xml",
    ],
    "demo": [
        "demo/dist_service_sla_demo.xml",
    ],
}
