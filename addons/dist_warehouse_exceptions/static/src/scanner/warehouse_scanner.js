/** @odoo-module **/
/* Copyright 2026 dist contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component, onWillStart, useRef, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {RPCError} from "@web/core/network/rpc";
import {registry} from "@web/core/registry";
import {useBus, useService} from "@web/core/utils/hooks";

/**
 * Handheld screen for the warehouse floor: scan a transfer, a location or a
 * product, see its open exceptions, report a new one with a reason in two or
 * three taps, acknowledge or resolve your own.
 */
export class WarehouseScanner extends Component {
    static template = "dist_warehouse_exceptions.WarehouseScanner";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.input = useRef("input");
        this.state = useState({
            target: null,
            message: _t("Scan a transfer, a location or a product."),
            location: null,
            setup: {reasons: {}, root_causes: []},
            // The step in progress: null, {kind: "report", report, reasonId, quantity} or {kind: "resolve", exception}
            step: null,
            manual: "",
            busy: false,
            // What went wrong, shown in the page's flow under the input (never over it).
            error: "",
        });
        useBus(this.env.services.barcode.bus, "barcode_scanned", (ev) => this.onScan(ev.detail.barcode));
        onWillStart(async () => {
            this.state.setup = await this.orm.call("dist.warehouse.scanner", "get_setup", []);
            this.state.location = this.state.setup.location;
        });
    }

    get reportKinds() {
        const target = this.state.target;
        if (!target) {
            return [];
        }
        if (target.kind === "picking") {
            if (["done", "cancel"].includes(target.state)) {
                return [];
            }
            return [{report: "short_pick", label: _t("Short pick"), icon: "fa-minus-circle", usage: "short_pick"}];
        }
        if (target.kind === "product") {
            return [
                {report: "damage", label: _t("Damage"), icon: "fa-chain-broken", usage: "damage", quantity: 1},
                {report: "count", label: _t("Count"), icon: "fa-calculator", usage: "adjustment", quantity: 0},
            ];
        }
        return [];
    }

    get stepReasons() {
        const step = this.state.step;
        return step && step.kind === "report" ? this.state.setup.reasons[step.usage] || [] : [];
    }

    /** Run an RPC; a refusal (a UserError) becomes the page's error, not a dialog over the screen. */
    async run(promise) {
        this.state.busy = true;
        this.state.error = "";
        try {
            return await promise;
        } catch (error) {
            if (!(error instanceof RPCError)) {
                throw error;
            }
            this.fail(error.data.message);
            return null;
        } finally {
            this.state.busy = false;
        }
    }

    fail(message) {
        this.state.error = message;
        // A buzz where the device can: the operator is looking at the shelf, not the screen.
        if (navigator.vibrate) {
            navigator.vibrate([120, 60, 120]);
        }
    }

    clear() {
        Object.assign(this.state, {target: null, step: null, error: "", message: _t("Scan a transfer, a location or a product.")});
        this.input.el?.focus();
    }

    async onScan(barcode) {
        const result = await this.run(this.orm.call("dist.warehouse.scanner", "scan", [barcode]));
        this.state.step = null;
        if (!result) {
            return;
        }
        if (!result.kind) {
            // The previous result goes: what is on screen is never about another code.
            this.state.target = null;
            this.state.message = "";
            this.fail(result.message);
            return;
        }
        if (result.kind === "location") {
            this.state.location = result;
        }
        this.state.target = result;
        this.state.message = "";
    }

    onManualSubmit(ev) {
        ev.preventDefault();
        const code = this.state.manual.trim();
        this.state.manual = "";
        if (code) {
            this.onScan(code);
        }
    }

    startReport(kind) {
        this.state.step = {kind: "report", ...kind, reasonId: null};
    }

    async chooseReason(reason) {
        const step = this.state.step;
        step.reasonId = reason.id;
        if (step.report === "short_pick") {
            await this.submitReport();
        }
    }

    async submitReport() {
        const step = this.state.step;
        const target = this.state.target;
        const quantity = parseFloat(step.quantity) || 0;
        const result = await this.run(
            this.orm.call("dist.warehouse.scanner", "report", [
                step.report,
                target.id,
                step.reasonId,
                quantity,
                this.state.location && this.state.location.id,
            ])
        );
        if (!result) {
            return;
        }
        this.state.step = null;
        this.state.target = result;
        this.notification.add(_t("Reported."), {type: "success"});
    }

    async acknowledge(exception) {
        await this.run(this.orm.call("dist.warehouse.scanner", "acknowledge", [exception.id]));
        await this.refresh();
    }

    startResolve(exception) {
        this.state.step = {kind: "resolve", exception, note: ""};
    }

    async resolve(rootCause) {
        const step = this.state.step;
        const done = await this.run(
            this.orm.call("dist.warehouse.scanner", "resolve", [step.exception.id, rootCause.id, step.note])
        );
        if (done === null) {
            return;
        }
        this.state.step = null;
        this.notification.add(_t("Resolved."), {type: "success"});
        await this.refresh();
    }

    cancelStep() {
        this.state.step = null;
    }

    async refresh() {
        const target = this.state.target;
        if (target) {
            this.state.target =
                (await this.run(this.orm.call("dist.warehouse.scanner", "lookup", [target.kind, target.id]))) ||
                target;
        }
    }
}

registry.category("actions").add("dist_warehouse_scanner", WarehouseScanner);
