# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from xmlrpc.client import Fault

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP_MANAGEMENT, GROUP_MANAGER, GROUP_SALES, DistExceptionCase


class ExpeditedFreightCase(DistExceptionCase):
    """The company runs the expedited freight control with a threshold of its own: up to
    1,000 a user confirms alone, from 1,000 a manager approves, from 5,000 management."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Freight = cls.env["dist.expedited.freight"]
        cls.rule = cls.env["dist.approval.rule"].search(
            [("code", "=", "expedited_freight"), ("company_id", "=", cls.company.id)]
        )
        # The threshold shipped for the main company, as the tests read it.
        cls.assert_bands = [(1000, 5000, cls.env.ref(GROUP_MANAGER)), (5000, 0, cls.env.ref(GROUP_MANAGEMENT))]
        cls.company.dist_expedited_freight_control = True
        cls.cause = cls.env.ref("dist_exception_core.dist_root_cause_supplier_late")
        cls.carrier = cls.env["res.partner"].create({"name": "Night Courier", "is_company": True})

    @contextmanager
    def _refused(self, exception, pattern):
        """Refused with ``pattern`` in the message, and rolled back (Odoo's assertRaises;
        unittest's assertRaisesRegex keeps what the refused call wrote)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _freight(self, amount, user=None, **values):
        return (
            self.Freight.with_user(user or self.rep)
            .create({"amount": amount, "root_cause_id": self.cause.id, "carrier_id": self.carrier.id, **values})
            .sudo(False)
        )


@tagged("post_install", "-at_install")
class TestExpeditedFreight(ExpeditedFreightCase):
    def test_within_threshold_confirms(self):
        """A 400 courier is confirmed by the rep who booked it, with its own reference."""
        bands = [(band.min_value, band.max_value, band.group_id) for band in self.rule.band_ids.sorted("min_value")]
        self.assertEqual(bands, self.assert_bands)
        freight = self._freight(400)
        self.assertRegex(freight.name, r"^EXF/\d{4}/\d{5}$")
        self.assertEqual((freight.state, freight.amount_company, freight.user_id), ("draft", 400, self.rep))
        freight.action_confirm()
        self.assertEqual(freight.state, "confirmed")
        self.assertFalse(freight.dist_approval_request_ids)

    def test_recorded_from_the_exception(self):
        """From its exception, a freight takes the exception's company and cause, and the
        exception lists it."""
        exception = self._create_exception(self.customer, root_cause_id=self.root_cause.id)
        action = exception.with_user(self.rep).action_view_freight()
        freight = self.Freight.with_user(self.rep).with_context(**action["context"]).create({"amount": 120})
        self.assertEqual((freight.exception_id, freight.root_cause_id), (exception, self.root_cause))
        self.assertEqual(exception.freight_ids, freight)
        self.assertEqual(self.Freight.search(action["domain"]), freight)

    def test_above_threshold_needs_an_approval_used_once(self):
        """2,300 waits for a manager; once approved the rep confirms it, the approval is used
        up and a second 2,300 shipment needs its own."""
        freight = self._freight(2300)
        with self._refused(UserError, "expedited freight cost on EXF/.*needs approval under"):
            freight.action_confirm()
        self.assertEqual(freight.state, "draft")
        freight.action_request_approval()
        request = freight.sudo().dist_approval_request_ids
        self.assertEqual(
            (request.state, request.value, request.group_id), ("pending", 2300, self.env.ref(GROUP_MANAGER))
        )
        with self._refused(UserError, "waits for approval"):
            freight.action_confirm()
        with self._refused(UserError, "your own request"):
            request.with_user(self.rep).action_approve()
        request.with_user(self.leader).action_approve()
        freight.action_confirm()
        self.assertEqual((freight.state, request.state), ("confirmed", "used"))
        second = self._freight(2300)
        with self._refused(UserError, "needs approval"):
            second.action_confirm()

    def test_other_currency_is_measured_in_company_currency(self):
        """900 in a currency worth 2 of the company's per unit is 1,800: above 1,000, it needs approval."""
        currency = self.env["res.currency"].create({"name": "XFR", "symbol": "ƒ", "rounding": 0.01})
        self.env["res.currency.rate"].create(
            {"currency_id": currency.id, "company_id": self.company.id, "name": "2020-01-01", "rate": 0.5}
        )
        freight = self._freight(900, currency_id=currency.id, date="2026-11-20")
        self.assertAlmostEqual(freight.amount_company, 1800, places=2)
        with self._refused(UserError, "needs approval"):
            freight.action_confirm()

    def test_control_off_confirms_anything(self):
        """Without the control (a fresh install), 9,000 is confirmed without a request."""
        self.company.dist_expedited_freight_control = False
        freight = self._freight(9000)
        freight.action_confirm()
        self.assertEqual(freight.state, "confirmed")

    def test_control_without_threshold_is_refused(self):
        """Switching the control on in a company without a usable threshold fails at save."""
        other = self.env["res.company"].create({"name": "Freight Co"})
        with self._refused(ValidationError, "no approval threshold “expedited_freight”"):
            other.dist_expedited_freight_control = True

    def test_confirmed_record_is_locked(self):
        """Once confirmed, only the carrier bill and the note change; state moves by the buttons;
        a confirmed record is cancelled, never deleted; a record starts as a draft."""
        freight = self._freight(400)
        freight.action_confirm()
        for vals in ({"amount": 100}, {"root_cause_id": self.root_cause.id}, {"date": "2026-01-01"}):
            with self.subTest(vals=vals), self._refused(UserError, "only its carrier bill and note"):
                freight.write(vals)
        with self._refused(UserError, "through its buttons"):
            freight.write({"state": "draft"})
        freight.write({"carrier_bill": "NC-1001", "note": "Bill received."})
        with self._refused(UserError, "cancel it instead"):
            freight.sudo().unlink()
        with self._refused(UserError, "starts as a draft"):
            self._freight(100, state="confirmed")
        freight.action_cancel()
        freight.action_draft()
        self.assertEqual((freight.state, freight.amount, freight.carrier_bill), ("draft", 400, "NC-1001"))

    def test_bad_input(self):
        """A cost of zero or below and a cause of another company are refused."""
        with self._refused(ValidationError, "more than zero"):
            self._freight(0)
        other = self.env["res.company"].create({"name": "Cause Co"})
        cause = self.env["dist.root.cause"].create({"name": "Theirs", "code": "theirs", "company_id": other.id})
        with self._refused(ValidationError, "another company"):
            self.Freight.create({"amount": 10, "root_cause_id": cause.id})

    def test_other_company_records_are_not_read(self):
        """A user of the main company only does not read the freight of a second company, nor
        does a user without a suite role read any."""
        other = self.env["res.company"].create({"name": "Second Distributor"})
        theirs = self.Freight.create({"amount": 50, "root_cause_id": self.cause.id, "company_id": other.id})
        self.assertFalse(self.Freight.with_user(self.rep).search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            self._freight(50, user=self.plain_user)


@tagged("post_install", "-at_install")
class TestExpeditedFreightOverRpc(HttpCase, ExpeditedFreightCase):
    """An API client cannot confirm above the threshold nor set the state itself."""

    @mute_logger("odoo.http")
    def _rpc(self, user, method, *args, model="dist.expedited.freight", password=None):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, password or user.login, model, method, list(args)
        )

    def test_control_without_threshold_over_rpc(self):
        """An administrator's client switching the control on where no threshold exists is
        refused, and the company keeps it off."""
        other = self.env["res.company"].create({"name": "Freight Co"})
        admin = self.env.ref("base.user_admin")
        with self._refused(Fault, "no approval threshold"):
            self._rpc(
                admin,
                "write",
                [other.id],
                {"dist_expedited_freight_control": True},
                model="res.company",
                password="admin",
            )
        values = self._rpc(
            admin, "read", [other.id], ["dist_expedited_freight_control"], model="res.company", password="admin"
        )
        self.assertEqual(values, [{"id": other.id, "dist_expedited_freight_control": False}])

    def test_guards_over_rpc(self):
        buyer = new_test_user(self.env, login="dist_buyer_rpc", groups=f"base.group_user,{GROUP_SALES}")
        freight_id = self._rpc(buyer, "create", {"amount": 3000, "root_cause_id": self.cause.id})
        with self._refused(Fault, "through its buttons"):
            self._rpc(buyer, "write", [freight_id], {"state": "confirmed"})
        with self._refused(Fault, "needs approval"):
            self._rpc(buyer, "action_confirm", [freight_id])
        with self._refused(Fault, "starts as a draft"):
            self._rpc(buyer, "create", {"amount": 3000, "root_cause_id": self.cause.id, "state": "confirmed"})
        self.assertEqual(
            self._rpc(buyer, "read", [freight_id], ["state", "amount"]),
            [{"id": freight_id, "state": "draft", "amount": 3000.0}],
        )
        self.assertEqual(self.Freight.search_count([("user_id", "=", buyer.id)]), 1)
