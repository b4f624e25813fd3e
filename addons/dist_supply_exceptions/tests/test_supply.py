# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestSupply(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # The detectors, not the purchase approvals (tests/test_purchase_approval.py): buys confirm freely.
        cls.company.dist_purchase_approval = False
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.vendor = cls.env["res.partner"].create({"name": "Slow Supplier"})
        cls.customer = cls.env["res.partner"].create({"name": "Hospital"})
        cls.product = cls.env["product.product"].create(
            {"name": "Exam gloves", "is_storable": True, "dist_strategic": True, "list_price": 10}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 10)
        cls.types = {
            code: cls.env.ref(f"dist_supply_exceptions.dist_exception_type_{code}")
            for code in ("po_unconfirmed", "po_late", "po_partial_receipt", "inbound_shortage", "replenishment_gap")
        }

    def _po(self, qty=10, planned_days=-1, confirm=True):
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": qty,
                            "price_unit": 5,
                            "date_planned": fields.Datetime.now() + timedelta(days=planned_days),
                        }
                    )
                ],
            }
        )
        if confirm:
            order.button_confirm()
        return order

    def _receive(self, order, qty):
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking._action_done()
        return picking

    def _open(self, code, record):
        return self.env["dist.exception"].search(
            [("type_id", "=", self.types[code].id), ("res_id", "=", record.id), ("state", "!=", "resolved")]
        )

    def test_late_purchase_order(self):
        """A confirmed order past its planned date is flagged once, more severely when a
        week late, and resolves itself once fully received."""
        late = self._po(planned_days=-1)
        very_late = self._po(planned_days=-10)
        on_time = self._po(planned_days=5)
        self.types["po_late"]._dist_run_detector()
        self.types["po_late"]._dist_run_detector()
        self.assertEqual(len(self._open("po_late", late)), 1)
        self.assertEqual(self._open("po_late", very_late).severity, "2")
        self.assertFalse(self._open("po_late", on_time))
        self._receive(late, 10)
        self.types["po_late"]._dist_run_detector()
        self.assertFalse(self._open("po_late", late))

    def test_partial_receipt(self):
        """UAT 'supplier delays': 4 of 10 received opens a partial receipt exception."""
        order = self._po(planned_days=3)
        self._receive(order, 4)
        self.types["po_partial_receipt"]._dist_run_detector()
        exc = self._open("po_partial_receipt", order)
        self.assertEqual(len(exc), 1)
        self.assertIn("4.00 of 10.00 received", exc.description)

    def test_unconfirmed_rfq(self):
        """An RFQ sent 5 days ago is flagged with a 3-day limit; confirming clears it."""
        self.company.dist_po_confirm_days = 3
        with freeze_time(fields.Datetime.now() - timedelta(days=5)):
            rfq = self._po(confirm=False)
            rfq.write({"state": "sent", "date_order": fields.Datetime.now()})
        recent = self._po(confirm=False)
        recent.state = "sent"
        self.types["po_unconfirmed"]._dist_run_detector()
        self.assertTrue(self._open("po_unconfirmed", rfq))
        self.assertFalse(self._open("po_unconfirmed", recent))
        rfq.button_confirm()
        self.types["po_unconfirmed"]._dist_run_detector()
        self.assertFalse(self._open("po_unconfirmed", rfq))

    def test_inbound_shortage(self):
        """Customer orders for 15 against 10 on hand and nothing inbound: a critical
        shortage on the strategic item; a purchase of 10 covers it and closes it."""
        sale = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 15})],
            }
        )
        sale.action_confirm()
        self.types["inbound_shortage"]._dist_run_detector()
        exc = self._open("inbound_shortage", self.product)
        self.assertEqual((len(exc), exc.severity, exc.product_id), (1, "3", self.product))
        self._po(planned_days=2)
        self.types["inbound_shortage"]._dist_run_detector()
        self.assertFalse(self._open("inbound_shortage", self.product))

    def test_replenishment_gap(self):
        """A strategic item below its minimum with nothing inbound is a gap; once a
        purchase is on its way it is not."""
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.product.id,
                "warehouse_id": self.warehouse.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "product_min_qty": 20,
                "product_max_qty": 40,
                "trigger": "manual",
            }
        )
        self.types["replenishment_gap"]._dist_run_detector()
        self.assertTrue(self._open("replenishment_gap", self.product))
        self._po(qty=30, planned_days=3)
        self.types["replenishment_gap"]._dist_run_detector()
        self.assertFalse(self._open("replenishment_gap", self.product))

    def test_supplier_reliability(self):
        """One receipt on time and one two days late: 50 % on time, one day late on average."""
        on_time = self._po(planned_days=1)
        self._receive(on_time, 10)
        late = self._po(planned_days=-2)
        self._receive(late, 10)
        self.vendor.invalidate_recordset()
        self.assertEqual(self.vendor.dist_supplier_receipt_count, 2)
        self.assertAlmostEqual(self.vendor.dist_supplier_on_time_rate, 50.0)
        self.assertAlmostEqual(self.vendor.dist_supplier_avg_delay, 1.0, places=1)

    def test_negative_confirmation_delay_refused(self):
        """A negative supplier confirmation delay is refused."""
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.dist_po_confirm_days = -1

    # Confirmation reliability and on-time receipt, each worked out from the orders' own dates.

    def _confirmed_days_ago(self, order, days):
        # Confirming wrote date_approve in the cache: flushed first, or the flush done by
        # invalidate_recordset() below would write it over the date set here.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE purchase_order SET date_approve = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=days), order.id],
        )
        order.invalidate_recordset(["date_approve"])

    def test_acknowledgement_is_dated_once(self):
        """The first acknowledgement is dated, by the mail link as by a plain write; a later
        one leaves the date alone."""
        order = self._po()
        self.assertFalse(order.dist_acknowledged_date)
        order._confirm_reception_mail()
        first = order.dist_acknowledged_date
        self.assertTrue(first)
        other = self._po()
        other.write({"mail_reception_confirmed": True})
        self.assertTrue(other.dist_acknowledged_date)
        self.env.cr.execute(
            "UPDATE purchase_order SET dist_acknowledged_date = %s WHERE id = %s", ["2020-01-01", order.id]
        )
        order.invalidate_recordset()
        order.write({"mail_reception_confirmed": True})
        self.assertEqual(str(order.dist_acknowledged_date), "2020-01-01 00:00:00")

    def test_confirmation_reliability(self):
        """Two days allowed: acknowledged on the day (on time), five days after confirmation
        (late), never and five days old (late), never and confirmed today (not measured
        yet): one of three on time."""
        self.company.dist_po_confirm_days = 2
        on_time, late, silent, recent = (self._po() for _i in range(4))
        for order in (late, silent):
            self._confirmed_days_ago(order, 5)
        (on_time | late)._confirm_reception_mail()
        orders = on_time | late | silent | recent
        allowed = timedelta(days=self.company.dist_po_confirm_days)
        now = fields.Datetime.now()
        measured = [o for o in orders if o.dist_acknowledged_date or o.date_approve + allowed < now]
        in_time = [
            o for o in measured if o.dist_acknowledged_date and o.dist_acknowledged_date <= o.date_approve + allowed
        ]
        expected = 100.0 * len(in_time) / len(measured)
        self.assertAlmostEqual(expected, 100 / 3)
        self.env.flush_all()
        [[figure]] = self.env["dist.supplier.confirmation"]._read_group(
            [("purchase_id", "in", orders.ids)], aggregates=["on_time:avg"]
        )
        self.assertAlmostEqual(figure, expected)
        self.vendor.invalidate_recordset()
        self.assertEqual(self.vendor.dist_supplier_ack_count, 3)
        self.assertAlmostEqual(self.vendor.dist_supplier_ack_rate, expected)

    def test_on_time_receipt_counts_receipts(self):
        """A receipt of two lines received on time is one receipt; an open receipt past its
        planned date is late; an open one not yet due is not measured: 50 %."""
        on_time = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_qty": qty,
                            "price_unit": 5,
                            "date_planned": fields.Datetime.now() + timedelta(days=1),
                        }
                    )
                    for qty in (3, 4)
                ],
            }
        )
        on_time.button_confirm()
        self._receive(on_time, 3)
        overdue = self._po(planned_days=-3)
        self._po(planned_days=5)
        self.vendor.invalidate_recordset()
        self.assertEqual(self.vendor.dist_supplier_receipt_count, 2)
        self.assertAlmostEqual(self.vendor.dist_supplier_on_time_rate, 50.0)
        self.env.flush_all()
        row = self.env["dist.supplier.receipt"].search([("purchase_id", "=", overdue.id)])
        self.assertTrue(row.is_open)
        self.assertEqual(row.on_time, 0)
        self.assertAlmostEqual(row.delay_days, 3, delta=0.01)
