/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component, onWillStart, useState} from "@odoo/owl";
import {View} from "@web/views/view";
import {describeDeadline} from "@dist_exception_core/fields/dist_deadline_field";
import {_t} from "@web/core/l10n/translation";
import {deserializeDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

/**
 * A role's home screen: counts of what needs action now (click to open the records),
 * the queue with its owners, and the role's KPIs against the previous 30 days.
 */
export class DistWorkspace extends Component {
    static template = "dist_visibility_dashboards.Workspace";
    static props = ["*"];
    static components = {View};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null, days: 30});
        onWillStart(() => this.load());
    }

    get role() {
        return (this.props.action.params && this.props.action.params.role) || "management";
    }

    async load() {
        this.state.data = await this.orm.call("dist.workspace", "get_workspace", [this.role], {
            days: this.state.days,
        });
    }

    async setPeriod(days) {
        this.state.days = days;
        await this.load();
    }

    openTile(tile) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: tile.label,
            res_model: tile.model,
            domain: tile.domain,
            views: [
                [false, "list"],
                [false, "form"],
            ],
            context: tile.group_by.length ? {group_by: tile.group_by} : {},
        });
    }

    openList(section) {
        this.openTile({label: section.title, model: section.model, domain: section.domain, group_by: []});
    }

    openOwner(section, row) {
        this.openTile({
            label: row.owner,
            model: section.model,
            domain: [...section.domain, ["user_id", "=", row.owner_id || false]],
            group_by: [],
        });
    }

    describeDue(row) {
        return describeDeadline(deserializeDateTime(row.due));
    }

    openRecord(section, row) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: section.model,
            res_id: row.id,
            views: [[false, "form"]],
        });
    }

    async openKpi(kpi) {
        const action = await this.orm.call("dist.kpi", "action_open_analysis", [[kpi.id]], {
            context: {dist_kpi_days: this.state.days},
        });
        this.action.doAction(action);
    }

    trendProps(kpi) {
        return {
            type: "graph",
            resModel: kpi.trend.res_model,
            domain: kpi.trend.domain,
            display: {controlPanel: false},
            // The search view brings the date field the weekly grouping needs.
            searchViewId: false,
            groupBy: ["date:week"],
            context: {graph_measure: kpi.trend.measure, graph_mode: "line", fill_temporal: true},
        };
    }

    // The arrow says which way the figure moved; the colour of the figure says whether it
    // meets its target (a figure moving the right way can still be far off it).
    trend(kpi) {
        if (kpi.value === "-" || kpi.previous === "-" || kpi.value === kpi.previous) {
            return "fa-minus";
        }
        return kpi.value > kpi.previous ? "fa-arrow-up" : "fa-arrow-down";
    }

    previousLabel(kpi) {
        return kpi.previous === "-"
            ? _t("No data in the %(days)s days before", {days: this.state.days})
            : _t("%(value)s %(unit)s in the %(days)s days before", {
                  value: kpi.previous,
                  unit: kpi.unit,
                  days: this.state.days,
              });
    }
}

registry.category("actions").add("dist_workspace", DistWorkspace);
