# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.dist_exception_core.models.selection import OPEN_STATES
from odoo.exceptions import AccessError, UserError
from odoo.tools import formatLang

SEVERITY_CLASSES = {"0": "secondary", "1": "info", "2": "warning", "3": "danger"}


class DistWarehouseScanner(models.AbstractModel):
    """Server side of the scanner screen: what a scan designates, its open
    exceptions, and the few actions a worker takes from a handheld."""

    _name = "dist.warehouse.scanner"
    _description = "Warehouse Exception Scanner"

    @api.model
    def get_setup(self):
        """Reasons and root causes the screen offers as buttons, and the default location."""
        self._check_scanner_access()
        reasons = self.env["dist.stock.reason"].search(
            [
                ("usage", "in", ("short_pick", "damage", "adjustment")),
                ("company_id", "in", [False, self.env.company.id]),
            ]
        )
        # "Condition cleared" is what detectors say: a person names a real cause.
        causes = self.env["dist.root.cause"].search(
            [("id", "!=", self.env.ref("dist_exception_core.dist_root_cause_condition_cleared").id)]
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        return {
            "reasons": {
                usage: [{"id": r.id, "name": r.name, "code": r.code} for r in reasons if r.usage == usage]
                for usage in ("short_pick", "damage", "adjustment")
            },
            "root_causes": [{"id": c.id, "name": c.name} for c in causes],
            "location": self._location_info(warehouse.lot_stock_id) if warehouse else False,
        }

    @api.model
    def scan(self, barcode):
        """What ``barcode`` designates (a transfer, a location or a product) with its open exceptions."""
        self._check_scanner_access()
        barcode = (barcode or "").strip()
        if not barcode:
            return {"kind": False, "message": self.env._("Nothing was scanned.")}
        company = [("company_id", "in", [False, self.env.company.id])]
        picking = self.env["stock.picking"].search([("name", "=", barcode), *company], limit=1)
        if picking:
            return self._picking_info(picking)
        location = self.env["stock.location"].search(
            ["|", ("barcode", "=", barcode), ("complete_name", "=", barcode), *company], limit=1
        )
        if location:
            return self._location_info(location)
        product = self.env["product.product"].search(
            ["|", ("barcode", "=", barcode), ("default_code", "=", barcode), *company], limit=1
        )
        if product:
            return self._product_info(product)
        return {"kind": False, "message": self.env._("Nothing matches “%s”.", barcode)}

    @api.model
    def lookup(self, kind, record_id):
        """The refreshed view of a target already on screen."""
        self._check_scanner_access()
        model, info = {
            "picking": ("stock.picking", self._picking_info),
            "location": ("stock.location", self._location_info),
            "product": ("product.product", self._product_info),
        }.get(kind, (None, None))
        record = self.env[model].browse(record_id).exists() if model else None
        if not record:
            return {"kind": False, "message": self.env._("This record no longer exists.")}
        return info(record)

    @api.model
    def report(self, kind, target_id, reason_id, quantity=0.0, location_id=False):
        """Report a problem from the floor; returns the refreshed target.

        ``kind`` is ``short_pick`` (target: a transfer), ``damage`` or ``count``
        (target: a product, at ``location_id``).
        """
        self._check_scanner_access()
        reason = self.env["dist.stock.reason"].browse(reason_id).exists()
        expected_usage = {"short_pick": "short_pick", "damage": "damage", "count": "adjustment"}.get(kind)
        if not expected_usage:
            raise UserError(self.env._("Unknown report “%s”.", kind))
        if not reason or reason.usage != expected_usage:
            raise UserError(self.env._("Choose one of the offered reasons."))
        if kind == "short_pick":
            picking = self.env["stock.picking"].browse(target_id).exists()
            if not picking or picking.state in ("done", "cancel"):
                raise UserError(self.env._("Only an open transfer can be reported short."))
            picking.dist_short_reason_id = reason
            picking._dist_raise_or_note("short_pick", picking)
            return self._picking_info(picking)
        product = self.env["product.product"].browse(target_id).exists()
        location = self.env["stock.location"].browse(location_id).exists()
        if not product or not location or location.usage != "internal":
            raise UserError(self.env._("Scan the location, then the product."))
        if kind == "damage":
            self._report_damage(product, location, reason, quantity)
        else:
            self._report_count(product, location, reason, quantity)
        return self._product_info(product)

    @api.model
    def acknowledge(self, exception_id):
        exc = self._own_exception(exception_id)
        exc.action_acknowledge()
        return True

    @api.model
    def resolve(self, exception_id, root_cause_id, note=False):
        exc = self._own_exception(exception_id)
        root_cause = self.env["dist.root.cause"].browse(root_cause_id).exists()
        if not root_cause:
            raise UserError(self.env._("Choose the root cause."))
        exc._dist_resolve(root_cause, note or self.env._("Resolved on the floor by %s.", self.env.user.name))
        return True

    # ----------------------------------------------------------------- helpers

    @api.model
    def _check_scanner_access(self):
        if not self.env.user.has_group("stock.group_stock_user") or not self.env.user.has_group(
            "dist_exception_core.dist_exception_core_group_user"
        ):
            raise AccessError(self.env._("The scanner is for warehouse staff."))

    @api.model
    def _own_exception(self, exception_id):
        self._check_scanner_access()
        exc = self.env["dist.exception"].browse(exception_id).exists()
        if not exc:
            raise UserError(self.env._("This exception no longer exists."))
        if exc.user_id != self.env.user:
            raise UserError(
                self.env._(
                    "%(name)s belongs to %(owner)s: only its owner acts on it here.",
                    name=exc.name,
                    owner=exc.user_id.name or self.env._("nobody"),
                )
            )
        return exc

    @api.model
    def _picking_info(self, picking):
        return {
            "kind": "picking",
            "id": picking.id,
            "name": picking.name,
            "subtitle": " · ".join(
                filter(None, [picking.partner_id.display_name, picking.picking_type_id.name, picking.origin])
            ),
            "state": picking.state,
            "exceptions": self._exceptions_info([("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)]),
        }

    @api.model
    def _location_info(self, location):
        return {
            "kind": "location",
            "id": location.id,
            "name": location.complete_name,
            "subtitle": location.warehouse_id.name or "",
            "exceptions": self._exceptions_info([("location_id", "child_of", location.id)]),
        }

    @api.model
    def _product_info(self, product):
        return {
            "kind": "product",
            "id": product.id,
            "name": product.display_name,
            "subtitle": self.env._(
                "%(qty)s %(uom)s on hand", qty=formatLang(self.env, product.qty_available), uom=product.uom_id.name
            ),
            "exceptions": self._exceptions_info([("product_id", "=", product.id)]),
        }

    @api.model
    def _exceptions_info(self, domain):
        # The floor's own exceptions, newest first: a product's sales, purchase or ticket
        # exceptions are not the warehouse's to work on.
        exceptions = self.env["dist.exception"].search(
            [*domain, ("layer", "=", "warehouse"), ("state", "in", OPEN_STATES)], order="id desc", limit=20
        )
        statuses = dict(self.env["dist.exception"]._fields["dist_sla_live_status"]._description_selection(self.env))
        states = dict(self.env["dist.exception"]._fields["state"]._description_selection(self.env))
        return [
            {
                "id": exc.id,
                "name": exc.name,
                "type": exc.type_id.name,
                "severity": SEVERITY_CLASSES[exc.severity],
                "state": exc.state,
                "state_label": states[exc.state],
                "sla": statuses.get(exc.dist_sla_live_status, ""),
                "deadline": fields.Datetime.to_string(exc.resolution_deadline) if exc.resolution_deadline else "",
                "owner": exc.user_id.name or "",
                "mine": exc.user_id == self.env.user,
            }
            for exc in exceptions
        ]

    @api.model
    def _report_damage(self, product, location, reason, quantity):
        if quantity <= 0:
            raise UserError(self.env._("Enter how many units are damaged."))
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": product.id,
                "scrap_qty": quantity,
                "location_id": location.id,
                "company_id": location.company_id.id or self.env.company.id,
                "dist_reason_id": reason.id,
                "origin": self.env._("Scanner"),
            }
        )
        scrap.do_scrap()
        return scrap

    @api.model
    def _report_count(self, product, location, reason, quantity):
        if quantity < 0:
            raise UserError(self.env._("A counted quantity cannot be negative."))
        quants = self.env["stock.quant"].with_context(inventory_mode=True)
        quant = quants.search(
            [("product_id", "=", product.id), ("location_id", "=", location.id), ("lot_id", "=", False)], limit=1
        )
        values = {"inventory_quantity": quantity, "dist_reason_id": reason.id}
        if quant:
            quant.write(values)
        else:
            quant = quants.create(dict(values, product_id=product.id, location_id=location.id))
        if quant._dist_beyond_limits():
            exc_type = self.env.ref("dist_warehouse_exceptions.dist_exception_type_count_variance")
            self.env["dist.exception"].sudo()._dist_raise(exc_type, quant)
            if quant.dist_variance_approval == "required":
                quant._dist_request_approval(
                    "stock_variance", abs(quant.dist_variance_value), quant._dist_variance_text()
                )
        else:
            # Odoo (a lot-tracked product counted without a lot) or another module may answer
            # with a confirmation wizard instead of applying, which a handheld cannot show.
            action = quant.action_apply_inventory()
            if quant.inventory_quantity_set:
                raise UserError(
                    self.env._(
                        "The count of %(product)s @ %(location)s was not applied: it asks for a confirmation "
                        "(%(step)s) that the scanner cannot give. Count it in Inventory > Physical Inventory and "
                        "apply it there.",
                        product=product.display_name,
                        location=location.display_name,
                        step=action.get("name") if isinstance(action, dict) else self.env._("not named"),
                    )
                )
        return quant
