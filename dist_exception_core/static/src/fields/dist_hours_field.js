/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {FloatField, floatField} from "@web/views/fields/float/float_field";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/** Field widget `dist_hours`: a number of (working) hours, edited as a number, shown with its unit. */
export class DistHoursField extends FloatField {
    static template = "dist_exception_core.DistHoursField";
}

export const distHoursField = {
    ...floatField,
    component: DistHoursField,
    displayName: _t("Hours"),
};

registry.category("fields").add("dist_hours", distHoursField);
