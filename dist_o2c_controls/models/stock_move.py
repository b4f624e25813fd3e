# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models
from odoo.addons.dist_exception_core.models.selection import CUSTOMER_TIERS
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, formatLang

# Context key of the flows that release a reservation for their own good reason (a
# cancellation, a lower demand, stock lost, an allocation override): not a taking. Its
# value is this object, which no RPC client can send in a context.
RELEASE_KEY = "dist_allocation_release"
RELEASE = object()


def releasing(records, allowed=True):
    """``records`` in a context where their releases are (or, ``allowed`` false, are no
    longer) one of those flows."""
    return records.with_context(**{RELEASE_KEY: RELEASE if allowed else False})


def is_releasing(env):
    return env.context.get(RELEASE_KEY) is RELEASE


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        guarded = {"product_uom_qty", "sale_line_id"} & vals.keys()
        if guarded and not is_releasing(self.env) and not self.env.context.get("do_not_unreserve"):
            released = {}
            for move in self._dist_protected_moves():
                reserved = move._dist_unpicked_reserved()
                if "sale_line_id" in vals and move.sale_line_id.id != vals["sale_line_id"]:
                    # Moved to another order line, the reservation goes with it.
                    released[move] = reserved
                elif "product_uom_qty" in vals:
                    # A lower demand frees the reservation above it: written directly, that is
                    # a taking; lowered through the sales order line, Odoo merges moves (below).
                    demand = move.product_uom._compute_quantity(vals["product_uom_qty"], move.product_id.uom_id)
                    released[move] = max(reserved - demand, 0.0)
            self._dist_check_release(released)
        # A new source location drops the lines reserved elsewhere: Odoo's own reason.
        records = releasing(self) if "location_id" in vals else self
        return super(StockMove, records).write(vals)

    def _do_unreserve(self):
        # Cancelling, lowering the demand, changing the source: Odoo's own reasons. The
        # Unreserve buttons check the allocation control before they get here.
        return super(StockMove, releasing(self))._do_unreserve()

    def _merge_moves(self, merge_into=False):
        # A sales order line lowered merges its negative move into the delivery's.
        return super(StockMove, releasing(self))._merge_moves(merge_into=merge_into)

    def _action_done(self, cancel_backorder=False):
        # Validating drops the unpicked lines of the moves it validates; stock it takes from
        # other reservations is checked in _free_reservation.
        return super(StockMove, releasing(self))._action_done(cancel_backorder=cancel_backorder)

    def _dist_unpicked_reserved(self):
        self.ensure_one()
        return sum(self.move_line_ids.filtered(lambda ml: not ml.picked).mapped("quantity_product_uom"))

    def _dist_protected_moves(self):
        """The moves of ``self`` whose reservation belongs to a customer of a tier their
        company protects under the allocation control."""
        return self.filtered(
            lambda m: (
                m.sale_line_id
                and m.state in ("assigned", "partially_available")
                and m.company_id.dist_allocation_control
                and (m.sale_line_id.order_id.partner_id.commercial_partner_id.dist_customer_tier or "standard")
                in m.company_id._dist_allocation_tiers()
            )
        )

    def _dist_check_unreserve(self):
        """Refuse unreserving the moves of ``self`` (their whole unpicked reservation) where
        it is protected; Odoo skips picked moves."""
        moves = self.filtered(lambda m: not m.picked)._dist_protected_moves()
        self._dist_check_release({move: move._dist_unpicked_reserved() for move in moves})

    def _dist_check_release(self, released):
        """Refuse to release ``released`` ({move: quantity in the product's unit}) of protected
        reservations unless the user alone approves that quantity: stock reserved for such
        a customer goes to another order through an allocation override only."""
        if is_releasing(self.env):
            return
        by_move = defaultdict(float)
        for move, quantity in released.items():
            by_move[move] += quantity
        moves = self.browse([move.id for move in by_move])._dist_protected_moves()
        rules = self.env["dist.approval.rule"]
        for move in moves:
            quantity = by_move[move]
            if float_is_zero(quantity, precision_rounding=move.product_id.uom_id.rounding):
                continue
            rule = rules._dist_get_required("sale_allocation_override", move.company_id)
            band = rule._dist_band_for(quantity)
            if not band or band._dist_decided_alone_by(self.env.user):
                continue
            order = move.sale_line_id.order_id
            tier = order.partner_id.commercial_partner_id.dist_customer_tier or "standard"
            raise UserError(
                self.env._(
                    "%(qty)s %(unit)s of %(product)s on %(picking)s are reserved for %(order)s "
                    "(%(customer)s, %(tier)s): releasing them needs an allocation override. On the order "
                    "that needs the stock, use Take Reserved Stock; %(group)s will decide. A short pick "
                    "is recorded on a line marked Picked.",
                    qty=formatLang(self.env, quantity),
                    unit=move.product_id.uom_id.name,
                    product=move.product_id.display_name,
                    picking=move.picking_id.name or move.reference,
                    order=order.name,
                    customer=order.partner_id.display_name,
                    tier=dict(CUSTOMER_TIERS)[tier],
                    group=band.sudo()._dist_approvers_label(),
                )
            )

    def _dist_release(self, quantity):
        """Release up to ``quantity`` (product unit) of the unpicked reservation of ``self``,
        newest move lines first."""
        rounding = self.product_id.uom_id.rounding
        lines = self.move_line_ids.filtered(lambda ml: not ml.picked).sorted("id", reverse=True)
        to_unlink = self.env["stock.move.line"]
        remaining = quantity
        for line in lines:
            if float_compare(remaining, 0, precision_rounding=rounding) <= 0:
                break
            if float_compare(line.quantity_product_uom, remaining, precision_rounding=rounding) <= 0:
                remaining -= line.quantity_product_uom
                to_unlink |= line
            else:
                kept = line.quantity_product_uom - remaining
                line.quantity = line.product_id.uom_id._compute_quantity(
                    kept, line.product_uom_id, rounding_method="HALF-UP"
                )
                remaining = 0.0
        to_unlink.unlink()
        self._recompute_state()
