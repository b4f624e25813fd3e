# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests.common import TransactionCase


class DistKpiCase(TransactionCase):
    """A customer, a vendor and a stocked product, and the helpers that make orders and
    read a KPI's figure; shared with the bridge modules' tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.customer = cls.env["res.partner"].create({"name": "KPI Clinic"})
        cls.vendor = cls.env["res.partner"].create({"name": "KPI Vendor"})
        cls.product = cls.env["product.product"].create(
            {"name": "KPI gloves", "is_storable": True, "list_price": 10, "standard_price": 6}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 100)

    def _figure(self, model, measure, domain=None, aggregate="avg"):
        self.env.flush_all()
        [[value]] = self.env[model]._read_group(domain or [], aggregates=[f"{measure}:{aggregate}"])
        return value

    def _order(self, qty=10, days_ago=0, promised_days_ago=None):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        # Confirming wrote date_order in the cache: flushed first, or the flush done by
        # invalidate_recordset() below would write it over the dates set here.
        self.env.flush_all()
        # Dates in the past are history, written after the fact (a past promise is a rush to approve).
        now = fields.Datetime.now()
        promised = now - timedelta(days=promised_days_ago) if promised_days_ago is not None else None
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = %s, commitment_date = %s WHERE id = %s",
            [now - timedelta(days=days_ago), promised, order.id],
        )
        order.invalidate_recordset(["date_order", "commitment_date"])
        return order

    def _deliver(self, order, qty, backorder=False):
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking.with_context(cancel_backorder=not backorder)._action_done()
        return picking


class DistKpiDocumentsCase(DistKpiCase):
    """Orders of several lines in other units, with a service, dated in the past, and their
    shipments: the documents the KPI definitions and their stored facts are tested on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.product.invoice_policy = "delivery"
        cls.pens = cls.env["product.product"].create(
            {"name": "KPI pens", "is_storable": True, "list_price": 1, "invoice_policy": "delivery"}
        )
        cls.setup_fee = cls.env["product.product"].create({"name": "KPI setup", "type": "service", "list_price": 50})
        cls.env["stock.quant"]._update_available_quantity(cls.pens, cls.warehouse.lot_stock_id, 500)

    def _multi_order(self, lines, days_ago, promised_days_ago, company=None):
        """An order of (product, quantity, unit) lines dated in the past, with a service line."""
        env = self.env if company is None else self.env(context=dict(self.env.context, allowed_company_ids=company.ids))
        order = (
            env["sale.order"]
            .with_company(company or self.env.company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": qty, "product_uom": uom.id})
                        for product, qty, uom in lines
                    ]
                    + [Command.create({"product_id": self.setup_fee.id, "product_uom_qty": 1})],
                }
            )
        )
        order.action_confirm()
        # Confirming wrote date_order in the cache: flush it first, or the flush done by
        # invalidate_recordset() below would write it over the date set here.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET date_order = %s, commitment_date = %s WHERE id = %s",
            [self.now - timedelta(days=days_ago), self.now - timedelta(days=promised_days_ago), order.id],
        )
        order.invalidate_recordset(["date_order", "commitment_date"])
        return order

    def _ship(self, order, quantities, days_ago, backorder=False):
        """Deliver {product: quantity in the move's unit} on the open delivery, done ``days_ago``."""
        order.invalidate_recordset(["picking_ids"])
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in picking.move_ids:
            move.write({"quantity": quantities.get(move.product_id, 0), "picked": True})
        picking.with_context(cancel_backorder=not backorder)._action_done()
        # _action_done() wrote date_done in the cache: flush it before dating the delivery,
        # or invalidate_recordset() would flush it over the date set here.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_picking SET date_done = %s WHERE id = %s", [self.now - timedelta(days=days_ago), picking.id]
        )
        picking.invalidate_recordset(["date_done"])
        return picking
