/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

const {DateTime} = luxon;

export const SLA_STATUS_CLASSES = {breached: "text-danger fw-bold", at_risk: "text-warning fw-bold"};

// Two units at most, so that a list column stays narrow: "45 min", "3 h 20 min", "2 d 4 h".
function formatSpan(minutes) {
    if (minutes < 60) {
        return _t("%(minutes)s min", {minutes});
    }
    if (minutes < 24 * 60) {
        const hours = Math.floor(minutes / 60);
        const rest = minutes % 60;
        return rest ? _t("%(hours)s h %(minutes)s min", {hours, minutes: rest}) : _t("%(hours)s h", {hours});
    }
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    return hours ? _t("%(days)s d %(hours)s h", {days, hours}) : _t("%(days)s d", {days});
}

/**
 * A deadline (a luxon DateTime) as the time left or overdue: {text: "in 3 h 20 min" or
 * "2 d 4 h late", late, title: the date and time in the user's time zone}.
 */
export function describeDeadline(deadline) {
    const minutes = Math.round(deadline.diff(DateTime.now(), "minutes").minutes);
    let text = _t("now");
    if (minutes >= 1) {
        text = _t("in %(duration)s", {duration: formatSpan(minutes)});
    } else if (minutes <= -1) {
        text = _t("%(duration)s late", {duration: formatSpan(-minutes)});
    }
    return {text, late: minutes < 0, title: formatDateTime(deadline)};
}

/**
 * Field widget `dist_deadline`: a datetime shown as the time left, coloured by the
 * record's SLA status when `status_field` names it (else red once passed).
 */
export class DistDeadlineField extends Component {
    static template = "dist_exception_core.DistDeadlineField";
    static props = {...standardFieldProps, statusField: {type: String, optional: true}};

    get deadline() {
        const value = this.props.record.data[this.props.name];
        return value ? describeDeadline(value) : null;
    }

    get className() {
        const status = this.props.statusField && this.props.record.data[this.props.statusField];
        if (status) {
            return SLA_STATUS_CLASSES[status] || "";
        }
        return this.deadline.late ? SLA_STATUS_CLASSES.breached : "";
    }
}

export const distDeadlineField = {
    component: DistDeadlineField,
    displayName: _t("Deadline, as time left"),
    supportedTypes: ["datetime"],
    extractProps: ({options}) => ({statusField: options.status_field}),
};

registry.category("fields").add("dist_deadline", distDeadlineField);
