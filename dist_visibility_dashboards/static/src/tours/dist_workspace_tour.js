/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

const workspaces = [
    ["sales", "Sales", "Sales workspace"],
    ["procurement", "Procurement", "Procurement workspace"],
    ["warehouse", "Warehouse", "Warehouse workspace"],
    ["service", "Customer Service", "Customer service workspace"],
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
                trigger: `.o_dist_workspace[data-role='${role}'] .o_dist_workspace_tile`,
            },
        ]),
        {
            content: "A KPI opens its analysis",
            trigger: ".o_dist_workspace[data-role='management'] .o_dist_workspace_kpi",
            run: "click",
        },
        {
            content: "The analysis is a graph with its period filter",
            trigger: ".o_graph_view .o_searchview_facet:contains('Date')",
        },
    ],
});
