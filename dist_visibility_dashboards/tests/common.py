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
