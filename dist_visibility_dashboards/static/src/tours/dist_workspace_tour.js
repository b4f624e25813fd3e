/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

const workspaces = [
    ["sales", "Sales", "Sales workspace"],
    ["procurement", "Procurement", "Procurement workspace"],
    ["warehouse", "Warehouse", "Warehouse workspace"],
    ["service", "Customer Service", "Customer service workspace"],
    ["finance", "Finance", "Finance workspace"],
    ["management", "Management", "Management workspace"],
];

registry.category("web_tour.tours").add("dist_workspace_tour", {
    url: "/odoo/action-dist_visibility_dashboards.dist_workspace_sales_action",
    steps: () => [
        ...workspaces.flatMap(([role, menu, title]) => [
            {
                content: "Open the Workspaces menu",
                trigger: ".o_menu_sections .dropdown-toggle:contains('Workspaces')",
                run: "click",
            },
            {
                content: `Choose the ${role} workspace`,
                trigger: `.o-dropdown--menu .dropdown-item:contains('${menu}')`,
                run: "click",
            },
            {
                content: `The ${role} workspace shows its title, tiles and queue`,
                trigger: `.o_dist_workspace[data-role='${role}'] .o_dist_workspace_title:contains('${title}')`,
            },
            {
                content: `What waits for the person comes first on the ${role} workspace`,
                trigger: `.o_dist_workspace[data-role='${role}'] .o_dist_workspace_mine .o_dist_workspace_tile:contains('Approvals waiting for me')`,
            },
            {
                trigger: `.o_dist_workspace[data-role='${role}'] .o_dist_workspace_tile`,
            },
        ]),
        {
            content: "Each KPI card has its 12-week trend, drawn by Odoo's graph view",
            trigger: ".o_dist_workspace[data-role='management'] .o_dist_kpi_trend .o_graph_view canvas",
        },
        {
            content: "The period selector shows the last 7 days",
            trigger: ".o_dist_workspace_period button[data-days='7']",
            run: "click",
        },
        {
            trigger: ".o_dist_workspace_period button.btn-primary[data-days='7']",
        },
        {
            content: "Back to 30 days",
            trigger: ".o_dist_workspace_period button[data-days='30']",
            run: "click",
        },
        {
            content: "Read the OTIF card's figure",
            trigger: ".o_dist_workspace_period button.btn-primary[data-days='30']",
            run() {
                const card = [...document.querySelectorAll(".o_dist_workspace_kpi")].find((el) =>
                    el.textContent.includes("On-time in-full")
                );
                window.distTourOtif = parseFloat(card.querySelector(".fs-4").textContent);
            },
        },
        {
            content: "The OTIF card opens its analysis",
            trigger: ".o_dist_workspace[data-role='management'] .o_dist_workspace_kpi:contains('On-time in-full')",
            run: "click",
        },
        {
            content: "The analysis opens on the tile's period",
            trigger: ".o_graph_view .o_searchview_facet:contains('Last 30 Days')",
        },
        {
            content: "Switch to the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot's grand total (its last column) is the card's figure",
            trigger: ".o_pivot table tbody tr:first-child td.o_pivot_cell_value:last-child",
            run() {
                const total = parseFloat(this.anchor.textContent);
                if (!Number.isNaN(window.distTourOtif) && Math.abs(total - window.distTourOtif) > 0.05) {
                    throw new Error(`The analysis reads ${total}, its tile ${window.distTourOtif}`);
                }
            },
        },
    ],
});
