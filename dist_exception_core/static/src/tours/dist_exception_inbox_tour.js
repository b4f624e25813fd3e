/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dist_exception_inbox_tour", {
    url: "/odoo/action-dist_exception_core.dist_exception_action",
    steps: () => [
        {
            content: "The inbox lists the open exception with its SLA status",
            trigger: ".o_data_row:contains('Tour Customer Ltd') .o_field_badge[name='dist_sla_live_status']",
        },
        {
            content: "Open the exception",
            trigger: ".o_data_row .o_data_cell:contains('Tour Customer Ltd')",
            run: "click",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_acknowledge']",
            run: "click",
        },
        {
            content: "It is acknowledged",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Acknowledged')",
        },
        {
            content: "Resolve it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_resolve']",
            run: "click",
        },
        {
            content: "Pick the root cause",
            trigger: ".modal .o_field_widget[name='root_cause_id'] input",
            run: "edit Customer credit",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Customer credit')",
            run: "click",
        },
        {
            content: "Explain the resolution",
            trigger: ".modal .o_field_widget[name='resolution_note'] textarea",
            run: "edit Payment received, order released.",
        },
        {
            trigger: ".modal-footer button[name='action_resolve']",
            run: "click",
        },
        {
            content: "The exception is resolved within its SLA",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Resolved')",
        },
        {
            trigger: ".o_form_view .o_field_badge[name='dist_sla_live_status']:contains('Met')",
        },
    ],
});
