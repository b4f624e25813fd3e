/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dist_o2c_credit_hold_tour", {
    url: "/odoo/action-sale.action_quotations_with_onboarding",
    steps: () => [
        {
            content: "Open the quotation of the customer over their limit",
            trigger: ".o_data_row .o_data_cell:contains('Tour Credit Customer')",
            run: "click",
        },
        {
            content: "Confirm it",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_confirm']:not(.o_invisible_modifier)",
            run: "click",
        },
        {
            content: "The order stays a quotation, visibly on credit hold with the reason",
            trigger: ".o_form_view .alert-danger:contains('Credit hold') .o_field_widget[name='dist_credit_hold_reason']:contains('above the credit limit')",
        },
        {
            content: "The blocking exception shows on the order",
            trigger: ".o_form_view .alert-danger:contains('Blocked by an open exception')",
        },
    ],
});
