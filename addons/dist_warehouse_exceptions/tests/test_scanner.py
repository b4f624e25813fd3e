# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DistWarehouseCase


@tagged("post_install", "-at_install")
class TestScanner(DistWarehouseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.scanner = cls.env["dist.warehouse.scanner"].with_user(cls.worker)
        for code in ("short_pick", "count_variance", "stock_damage"):
            cls._exc_type(code).user_id = cls.worker

    def test_scan_what_is_designated(self):
        """A transfer name, a location barcode and a product barcode each show their
        target; an unknown code says so without an error dialog."""
        picking = self._delivery(qty=3)
        self.assertEqual(self.scanner.scan(picking.name)["kind"], "picking")
        self.stock.barcode = "TDC-STOCK"
        location = self.scanner.scan("TDC-STOCK")
        self.assertEqual((location["kind"], location["id"]), ("location", self.stock.id))
        product = self.scanner.scan("DIST-GLOVES-TEST")
        self.assertEqual((product["kind"], product["id"]), ("product", self.product.id))
        unknown = self.scanner.scan("NO-SUCH-CODE")
        self.assertFalse(unknown["kind"])
        self.assertIn("NO-SUCH-CODE", unknown["message"])

    def test_product_scan_lists_the_floor_exceptions_newest_first(self):
        """Scanning a product lists its warehouse exceptions only (not the sales or purchase
        ones on the same product), the newest report on top."""
        exc_model = self.env["dist.exception"]
        demand = exc_model.create(
            {
                "type_id": self.env["dist.exception.type"]
                .create({"name": "Sales issue", "code": "scan_sales", "layer": "demand"})
                .id,
                "product_id": self.product.id,
            }
        )
        floor_type = self.env["dist.exception.type"].create(
            {"name": "Floor issue", "code": "scan_floor", "layer": "warehouse"}
        )
        older, newer = (
            exc_model.create({"type_id": floor_type.id, "product_id": self.product.id, "description": label})
            for label in ("older", "newer")
        )
        listed = [row["id"] for row in self.scanner.scan("DIST-GLOVES-TEST")["exceptions"]]
        self.assertNotIn(demand.id, listed)
        self.assertLess(listed.index(newer.id), listed.index(older.id))

    def test_report_short_pick_twice(self):
        """Reporting a short pick records the reason and opens one exception owned by the
        worker; reporting it again adds to that exception instead of a duplicate."""
        picking = self._delivery(qty=3)
        result = self.scanner.report("short_pick", picking.id, self.reasons["short_pick_nf"].id)
        self.assertEqual(len(result["exceptions"]), 1)
        self.assertTrue(result["exceptions"][0]["mine"])
        self.assertEqual(picking.dist_short_reason_id, self.reasons["short_pick_nf"])
        self.scanner.report("short_pick", picking.id, self.reasons["short_pick_nf"].id)
        self.assertEqual(len(self._open("short_pick", picking)), 1)

    def test_report_count(self):
        """A count within limits is applied at once; one beyond them is queued as an
        exception with an approval request from the worker, and the stock is unchanged."""
        self._variance_rule()
        self.scanner.report("count", self.product.id, self.reasons["adjustment_ce"].id, 48, self.stock.id)
        self.assertEqual(self.product.with_context(location=self.stock.id).qty_available, 48)

        self.scanner.report("count", self.product.id, self.reasons["adjustment_loss"].id, 10, self.stock.id)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.product.id), ("location_id", "=", self.stock.id)]
        )
        self.assertEqual(quant.quantity, 48)
        self.assertEqual(len(self._open("count_variance", quant)), 1)
        self.assertEqual(quant.dist_approval_request_ids.requested_by_id, self.worker)
        self.assertEqual(quant.dist_approval_request_ids.state, "pending")

    def test_count_asking_confirmation_is_refused(self):
        """A count Odoo answers with a confirmation instead of applying it (a lot-tracked
        product counted without a lot) is refused with the reason, not reported as done."""
        kits = self.env["product.product"].create(
            {"name": "Suture kits", "is_storable": True, "tracking": "lot", "standard_price": 5.0}
        )
        with self.assertRefused(UserError, r"Suture kits @ TDC/Stock was not applied.*\(Tracked Products"):
            self.scanner.report("count", kits.id, self.reasons["adjustment_ce"].id, 3, self.stock.id)
        self.assertFalse(self._quant(product=kits))
        self.assertFalse(self._inventory_moves(product=kits))

    def test_report_damage(self):
        """Reporting 2 damaged units scraps them with the reason and opens a damage exception."""
        self.scanner.report("damage", self.product.id, self.reasons["damage_hdl"].id, 2, self.stock.id)
        scrap = self.env["stock.scrap"].search([("product_id", "=", self.product.id)])
        self.assertEqual((scrap.state, scrap.scrap_qty), ("done", 2))
        self.assertEqual(len(self._open("stock_damage", scrap)), 1)

    def test_bad_reports_change_nothing(self):
        """A reason of the wrong kind, a negative count, a damage without quantity or a
        closed transfer are refused with a clear message and change nothing."""
        picking = self._delivery(qty=3)
        with self.assertRaisesRegex(UserError, "offered reasons"):
            self.scanner.report("short_pick", picking.id, self.reasons["damage_hdl"].id)
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            self.scanner.report("count", self.product.id, self.reasons["adjustment_ce"].id, -4, self.stock.id)
        with self.assertRaisesRegex(UserError, "how many units"):
            self.scanner.report("damage", self.product.id, self.reasons["damage_hdl"].id, 0, self.stock.id)
        with self.assertRaisesRegex(UserError, "Unknown report"):
            self.scanner.report("teleport", self.product.id, self.reasons["damage_hdl"].id)
        picking.action_cancel()
        with self.assertRaisesRegex(UserError, "open transfer"):
            self.scanner.report("short_pick", picking.id, self.reasons["short_pick_nf"].id)
        self.assertFalse(picking.dist_short_reason_id)
        self.assertFalse(self.env["stock.scrap"].search([("product_id", "=", self.product.id)]))
        self.assertEqual(self.product.with_context(location=self.stock.id).qty_available, 50)

    def test_only_own_exceptions(self):
        """The worker acknowledges and resolves their own exception; one owned by someone
        else is refused and stays as it was."""
        picking = self._delivery(qty=3)
        self.scanner.report("short_pick", picking.id, self.reasons["short_pick_nf"].id)
        exc = self._open("short_pick", picking)
        self.scanner.acknowledge(exc.id)
        self.assertEqual(exc.state, "acknowledged")
        cause = self.env.ref("dist_exception_core.dist_root_cause_pick_error")
        self.scanner.resolve(exc.id, cause.id)
        self.assertEqual((exc.state, exc.root_cause_id), ("resolved", cause))
        self.assertIn("Walt Worker", exc.resolution_note)

        other = self._delivery(qty=3)
        self.scanner.report("short_pick", other.id, self.reasons["short_pick_nf"].id)
        exc = self._open("short_pick", other)
        exc.user_id = self.lead
        with self.assertRaisesRegex(UserError, "only its owner"):
            self.scanner.resolve(exc.id, cause.id)
        self.assertEqual(exc.state, "new")

    def test_scanner_is_for_warehouse_staff(self):
        """A user without inventory rights cannot use the scanner."""
        clerk = new_test_user(
            self.env, login="dist_clerk", groups="base.group_user,dist_exception_core.dist_exception_core_group_user"
        )
        with self.assertRaises(AccessError):
            self.env["dist.warehouse.scanner"].with_user(clerk).scan("anything")


@tagged("post_install", "-at_install")
class TestScannerTour(HttpCase):
    # A handheld's screen.
    browser_size = "360x640"

    def test_scanner_tour(self):
        """In Chromium at 360 px wide, on the scanner screen: an unknown code shows its error
        in the page under the input (no toast over it), Clear resets; a barcode scan of a
        delivery shows it; the worker reports it short with a reason in two taps,
        acknowledges the new exception and resolves it with a root cause."""
        worker = new_test_user(
            self.env,
            login="dist_tour_worker",
            password="dist_tour_worker",
            name="Tara Tour",
            groups="stock.group_stock_user,dist_exception_core.dist_exception_core_group_warehouse",
        )
        self.env.ref("dist_warehouse_exceptions.dist_exception_type_short_pick").write(
            {"user_id": worker.id, "sla_ids": [(5, 0, 0)], "response_hours": 48, "resolution_hours": 96}
        )
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)], limit=1)
        product = self.env["product.product"].create({"name": "Tour gloves", "is_storable": True})
        picking = self.env["stock.picking"].create(
            {
                "name": "TOUR/OUT/0001",
                "partner_id": self.env["res.partner"].create({"name": "Tour Clinic"}).id,
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Tour gloves",
                            "product_id": product.id,
                            "product_uom_qty": 4,
                            "product_uom": product.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        self.start_tour(
            "/odoo/action-dist_warehouse_exceptions.dist_warehouse_scanner_action",
            "dist_warehouse_scanner_tour",
            login=worker.login,
        )
        exc = self.env["dist.exception"].search([("res_model", "=", "stock.picking"), ("res_id", "=", picking.id)])
        self.assertEqual(exc.state, "resolved")
        self.assertEqual(
            picking.dist_short_reason_id, self.env.ref("dist_warehouse_exceptions.dist_stock_reason_short_pick_nf")
        )
