/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("dist_warehouse_scanner_tour", {
    steps: () => [
        {
            content: "The scanner says where the worker is and waits for a scan",
            trigger: ".o_dist_scanner_header:contains('Exception scanner')",
        },
        {
            trigger: ".o_dist_scanner_message:contains('Scan a transfer')",
        },
        {
            content: "A code nobody knows is typed in",
            trigger: ".o_dist_scanner_input input",
            run: "edit NO-SUCH-CODE",
        },
        {
            trigger: ".o_dist_scanner_go",
            run: "click",
        },
        {
            content: "The error is in the page, under the input, which stays visible and usable",
            trigger: ".o_dist_scanner_error",
            run() {
                const input = document.querySelector(".o_dist_scanner_input").getBoundingClientRect();
                const error = this.anchor.getBoundingClientRect();
                const go = document.querySelector(".o_dist_scanner_go").getBoundingClientRect();
                if (error.top < input.bottom || go.right > window.innerWidth) {
                    throw new Error("the error covers the input, or Go is off the screen");
                }
                if (document.querySelector(".o_notification")) {
                    throw new Error("a toast covers the screen");
                }
            },
        },
        {
            content: "Clear brings the screen back",
            trigger: ".o_dist_scanner_clear",
            run: "click",
        },
        {
            trigger: ".o_dist_scanner_message:contains('Scan a transfer'):not(:has(.o_dist_scanner_error))",
        },
        {
            content: "A handheld scans the delivery (the barcode service receives it)",
            trigger: ".o_dist_scanner",
            run() {
                odoo.__WOWL_DEBUG__.root.env.services.barcode.bus.trigger("barcode_scanned", {
                    barcode: "TOUR/OUT/0001",
                    target: document.body,
                });
            },
        },
        {
            content: "The delivery is shown, with nothing open yet",
            trigger: ".o_dist_scanner_target_name:contains('TOUR/OUT/0001')",
        },
        {
            trigger: ".o_dist_scanner_none",
        },
        {
            content: "Report a short pick",
            trigger: ".o_dist_scanner_report[data-report='short_pick']",
            run: "click",
        },
        {
            content: "Tap the reason",
            trigger: ".o_dist_scanner_reason:contains('Not found at location')",
            run: "click",
        },
        {
            content: "The new exception is listed, owned by the worker",
            trigger: ".o_dist_scanner_exception:contains('Short pick') .o_dist_scanner_acknowledge",
            run: "click",
        },
        {
            content: "It is acknowledged",
            trigger: ".o_dist_scanner_exception_state:contains('Acknowledged')",
        },
        {
            content: "Resolve it",
            trigger: ".o_dist_scanner_resolve",
            run: "click",
        },
        {
            trigger: ".o_dist_scanner_note",
            run: "edit Found the balance in the overflow rack.",
        },
        {
            content: "Tap the root cause",
            trigger: ".o_dist_scanner_cause:contains('Picking error')",
            run: "click",
        },
        {
            content: "Nothing is open any more",
            trigger: ".o_dist_scanner_none",
        },
    ],
});
