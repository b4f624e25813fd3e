# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from itertools import product

from psycopg2 import IntegrityError

from odoo.addons.dist_exception_core.models.dist_approval_mixin import DistGuard
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import formatLang, mute_logger
from odoo.tools.convert import ParseError, convert_xml_import

from .common import GROUP_MANAGEMENT, GROUP_MANAGER, DistExceptionCase


class ApprovalCase(DistExceptionCase):
    """The company's exception cost threshold with known bands, and an exception that cost 1,200."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rules = cls.env["dist.approval.rule"]
        values = {
            "name": "Exception cost acceptance",
            "code": "exception_cost",
            "model_id": cls.env["ir.model"]._get_id("dist.exception"),
            "measure": "amount",
            "band_ids": [
                Command.clear(),
                Command.create({"min_value": 500, "max_value": 5000, "group_id": cls.env.ref(GROUP_MANAGER).id}),
                Command.create({"min_value": 5000, "group_id": cls.env.ref(GROUP_MANAGEMENT).id}),
            ],
        }
        # The demo data may already hold this company's rule: reuse it with known bands.
        cls.rule = rules._dist_get("exception_cost", cls.company)
        if cls.rule:
            cls.rule.write(values)
        else:
            cls.rule = rules.create(values)
        # On whatever the database says (off after installation, on in the demo data).
        cls.company.dist_exception_cost_control = True
        cls.exc = cls._create_exception(cost_amount=1200, cost_type="expedited_freight")


@tagged("post_install", "-at_install")
class TestApproval(ApprovalCase):
    def test_bands(self):
        """Values up to the lowest bound need nobody; each band names its approver group."""
        rule = self.rule
        self.assertFalse(rule._dist_band_for(500))
        self.assertEqual(rule._dist_band_for(500.01).group_id, self.env.ref(GROUP_MANAGER))
        self.assertEqual(rule._dist_band_for(5000).group_id, self.env.ref(GROUP_MANAGER))
        self.assertEqual(rule._dist_band_for(50000).group_id, self.env.ref(GROUP_MANAGEMENT))

    def test_values_shown_as_odoo_formats_them(self):
        """Requested values read as Odoo's formatLang shows each: an amount with its
        company's currency, placed and rounded as that currency says, a rate with a percent
        sign, in the reader's language's separators."""
        self.env["res.lang"]._activate_lang("fr_FR")
        currencies = self.company.currency_id | self.env.ref("base.EUR") | self.env.ref("base.JPY")
        currencies.active = True
        values = [0.0, -1234.5, 1234567.891, 0.005, 98.765]
        rules = self.env["dist.approval.rule"].with_context(active_test=False)
        for currency in currencies:
            company = self.env["res.company"].create({"name": f"Format {currency.name}", "currency_id": currency.id})
            rule = rules._dist_get("exception_cost", company) or rules.create(
                {
                    "name": "Format",
                    "code": "exception_cost",
                    "company_id": company.id,
                    "model_id": self.rule.model_id.id,
                }
            )
            for lang, measure in product(("en_US", "fr_FR"), ("amount", "discount", "quantity")):
                rule.measure = measure
                env = self.env(context=dict(self.env.context, lang=lang))
                if measure == "amount":
                    expected = [formatLang(env, value, currency_obj=currency) for value in values]
                elif measure == "discount":
                    expected = [f"{formatLang(env, value)} %" for value in values]
                else:
                    expected = [formatLang(env, value) for value in values]
                self.assertEqual(rule.with_env(env)._dist_format_values(values), expected, (currency.name, lang))
        self.assertEqual(rule.with_env(env)._dist_format_value(1234.5), "1\N{NO-BREAK SPACE}234,50")

    def test_threshold_changes_apply_at_once(self):
        """Thresholds are cached between guarded actions: a value within them costs no
        query, and a band edited, added or archived with its rule counts from the next check."""
        exc = self.exc
        self.assertEqual(exc._dist_approval_status("exception_cost", 1200)[0], "required")
        with self.assertQueryCount(0):
            self.assertEqual(exc._dist_approval_status("exception_cost", 400)[0], "not_required")
        self.rule.band_ids.sorted("min_value")[0].min_value = 1500
        self.assertEqual(exc._dist_approval_status("exception_cost", 1200)[0], "not_required")
        self.rule.write(
            {
                "band_ids": [
                    Command.create({"min_value": 100, "max_value": 1500, "group_id": self.env.ref(GROUP_MANAGER).id})
                ]
            }
        )
        self.assertEqual(exc._dist_approval_status("exception_cost", 1200)[0], "required")
        # Archived (its control off): no threshold for the company, its own bands for its requests.
        self.company.dist_exception_cost_control = False
        self.rule.active = False
        self.assertFalse(self.env["dist.approval.rule"]._dist_get("exception_cost", self.company))
        self.assertEqual(self.rule._dist_band_for(1200).min_value, 100)
        self.rule.active = True
        self.assertEqual(self.env["dist.approval.rule"]._dist_get("exception_cost", self.company), self.rule)

    def test_guarded_resolution_end_to_end(self):
        """A rep cannot close an exception that cost 1,200 until a manager accepts the
        cost: the request waits, the rep cannot approve it, the manager can, and then
        the rep closes the exception."""
        exc = self.exc.with_user(self.rep)
        with self.assertRaisesRegex(UserError, "click Request Cost Approval"):
            exc._dist_resolve(self.root_cause, "Shipped overnight.")
        request = self.env["dist.approval.request"].browse(exc.action_request_cost_approval()["res_id"])
        self.assertEqual((request.state, request.group_id), ("pending", self.env.ref(GROUP_MANAGER)))
        self.assertIn(self.leader.partner_id, request.message_partner_ids)
        with self.assertRaisesRegex(UserError, "waits for approval"):
            exc._dist_resolve(self.root_cause, "Shipped overnight.")
        with self.assertRaisesRegex(UserError, "your own request"):
            request.with_user(self.rep).action_approve()
        with self.assertRaisesRegex(UserError, "only .* can decide"):
            request.with_user(self.colleague).action_approve()
        self.assertEqual(request.state, "pending")
        request.with_user(self.leader).action_approve()
        self.assertEqual((request.state, request.decided_by_id), ("approved", self.leader))
        exc._dist_resolve(self.root_cause, "Shipped overnight.")
        self.assertEqual(self.exc.state, "resolved")

    def test_engine_does_not_close_past_the_cost_approval(self):
        """The problem going away does not close an exception whose cost waits for
        approval: it is flagged for review, and closes once the cost is approved."""
        exceptions = self.env["dist.exception"]
        self.assertFalse(exceptions._dist_clear(self.exc_type, self.customer, "Customer paid."))
        self.assertEqual((self.exc.state, self.exc.condition_cleared), ("new", True))
        request = self.exc.with_user(self.rep)._dist_request_guards("resolve")
        request.with_user(self.leader).action_approve()
        self.assertEqual(exceptions._dist_clear(self.exc_type, self.customer, "Customer paid."), self.exc)
        self.assertEqual(self.exc.state, "resolved")

    def test_higher_value_asks_again(self):
        """An approval covers the approved value only: raising the cost past it asks again."""
        request = self.exc._dist_request_approval("exception_cost", 1200)
        request.with_user(self.leader).action_approve()
        self.assertEqual(self.exc._dist_approval_status("exception_cost", 1200)[0], "approved")
        self.assertEqual(self.exc._dist_approval_status("exception_cost", 900)[0], "approved")
        status, band = self.exc._dist_approval_status("exception_cost", 7000)
        self.assertEqual((status, band.group_id), ("required", self.env.ref(GROUP_MANAGEMENT)))
        with self.assertRaisesRegex(UserError, "only .* can decide"):
            self.exc._dist_request_approval("exception_cost", 7000).with_user(self.leader).action_approve()

    def test_reject_needs_a_note(self):
        """Rejecting without a reason fails; with one, the request is rejected and the
        guarded action still needs approval."""
        request = self.exc.with_user(self.rep)._dist_request_approval("exception_cost", 1200, reason="Urgent")
        as_leader = request.with_user(self.leader)
        with self.assertRaisesRegex(UserError, "Say why"):
            as_leader.action_reject()
        self.assertEqual(request.state, "pending")
        as_leader.decision_note = "Use the standard carrier."
        as_leader.action_reject()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(self.exc._dist_approval_status("exception_cost", 1200)[0], "required")

    def test_no_request_when_within_threshold(self):
        """Asking approval for a value no band covers is refused."""
        with self.assertRaisesRegex(UserError, "needs no approval"):
            self.exc._dist_request_approval("exception_cost", 100)
        self.assertFalse(self.exc.dist_approval_request_ids)

    def test_decision_only_through_buttons(self):
        """Nobody, not even a manager, approves by writing the state; the request is unchanged."""
        request = self.exc.with_user(self.rep)._dist_request_approval("exception_cost", 1200)
        with self.assertRaisesRegex(UserError, "buttons only"):
            request.with_user(self.director).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "buttons only"):
            request.with_user(self.rep).write({"state": "approved"})
        self.assertEqual(request.state, "pending")

    def test_invalid_bands_refused(self):
        """Overlapping bands, negative bounds and an upper bound below the lower one
        are refused, and the rule keeps its two bands."""
        group = self.env.ref(GROUP_MANAGER).id
        for band, message in (
            ({"min_value": 1000, "max_value": 2000, "group_id": group}, "overlap"),
            ({"min_value": -1, "max_value": 100, "group_id": group}, "zero or above"),
            ({"min_value": 100, "max_value": 50, "group_id": group}, "upper bound"),
        ):
            with self.subTest(band=band), self.assertRaisesRegex(Exception, message), self.env.cr.savepoint():
                self.rule.write({"band_ids": [Command.create(band)]})
        self.rule.invalidate_recordset()
        self.assertEqual(len(self.rule.band_ids), 2)

    def test_rules_are_per_company(self):
        """Each company has its own thresholds: the same code in another company is
        a separate rule, and a second one in the same company is refused."""
        other = self.env["res.company"].create({"name": "Branch Co"})
        copy = self.rule.copy({"company_id": other.id})
        self.assertEqual(self.env["dist.approval.rule"]._dist_get("exception_cost", other), copy)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.rule.copy()
        with self.assertRaises(ValidationError):
            self.env["dist.approval.request"].create(
                {"rule_id": self.rule.id, "res_model": "dist.exception", "res_id": self.exc.id, "value": 10}
            )


@tagged("post_install", "-at_install")
class TestApprovalCodes(ApprovalCase):
    """Approval codes are declared with the model they guard: a misspelled code or a rule
    on another model fails loudly instead of reading as "no approval needed"."""

    def test_misspelled_code_refused_at_save(self):
        rules = self.env["dist.approval.rule"]
        other = self.env["res.company"].create({"name": "Distributor S"})
        values = {
            "name": "Cost",
            "code": "exception_cots",
            "company_id": other.id,
            "model_id": self.env["ir.model"]._get_id("dist.exception"),
        }
        with self.assertRaisesRegex(ValueError, "exception_cots"), self.env.cr.savepoint():
            rules.create(values)
        with self.assertRaisesRegex(ValueError, "exception_cots"), self.env.cr.savepoint():
            self.rule.write({"code": "exception_cots"})
        self.rule.invalidate_recordset()
        self.assertEqual(self.rule.code, "exception_cost")
        # The same typo in a module's data file stops its installation.
        data = b"""<odoo><record id="rule_typo" model="dist.approval.rule">
            <field name="name">Cost</field><field name="code">exception_cots</field>
            <field name="model_id" ref="dist_exception_core.model_dist_exception" /></record></odoo>"""
        xml_file = io.BytesIO(data)
        xml_file.name = "dist_approval_rule_typo.xml"
        with self.assertRaisesRegex(ParseError, "exception_cots"), self.env.cr.savepoint():
            convert_xml_import(self.env, "dist_exception_core", xml_file)
        self.assertFalse(rules.search([("company_id", "=", other.id)]))

    def test_rule_on_another_model_refused(self):
        partner_model = self.env["ir.model"]._get_id("res.partner")
        with self.assertRaisesRegex(ValidationError, "guards dist.exception documents"), self.env.cr.savepoint():
            self.rule.write({"model_id": partner_model})
        self.rule.invalidate_recordset()
        self.assertEqual(self.rule.model_id.model, "dist.exception")

    def test_status_of_an_undeclared_code_raises(self):
        """Asking for a status under a code nobody declared, or on another model than the
        code's, is a programming error: it raises instead of answering 'not required'."""
        with self.assertRaisesRegex(ValueError, "exception_cots"):
            self.exc._dist_approval_statuses("exception_cots", {self.exc.id: 1200})
        with self.assertRaisesRegex(ValueError, "guards dist.exception"):
            self.env["dist.approval.rule"]._dist_check_code("exception_cost", "res.partner")
        with self.assertRaisesRegex(ValueError, "exception_cots"):
            self.exc._dist_use_approvals("exception_cots")

    def test_every_declared_code_has_its_model(self):
        rules = self.env["dist.approval.rule"]
        declared = dict(rules._fields["code"].selection)
        models_by_code = rules._dist_code_models()
        self.assertEqual(set(declared), set(models_by_code))
        self.assertEqual(models_by_code["exception_cost"], "dist.exception")
        for model in models_by_code.values():
            self.assertTrue(hasattr(self.env[model], "_dist_check_guards"), model)
        # The same check runs when the registry loads.
        rules._register_hook()


@tagged("post_install", "-at_install")
class TestGuardApi(ApprovalCase):
    """One guard API: a guarded action passes its guards, one status query per code, and
    raises one message naming what is above which limit, who decides and the next step."""

    def _guards(self, excs, value):
        return {exc.id: [DistGuard("exception_cost", value, "A cost impact", "Request Cost Approval")] for exc in excs}

    def test_message_names_limit_approver_and_button(self):
        manager = self.env.ref(GROUP_MANAGER).full_name
        with self.assertRaisesRegex(UserError, "click Request Cost Approval") as caught:
            self.exc._dist_check_guards("resolve", self._guards(self.exc, 1200))
        message = str(caught.exception)
        for part in (f"A cost impact on {self.exc.display_name}", "1,200.00", "above", "500.00", manager):
            self.assertIn(part, message)
        self.exc._dist_request_approval("exception_cost", 1200)
        with self.assertRaisesRegex(UserError, f"waits for approval by {manager}"):
            self.exc._dist_check_guards("resolve", self._guards(self.exc, 1200))
        self.exc.dist_approval_request_ids.with_user(self.leader).action_approve()
        self.exc._dist_check_guards("resolve", self._guards(self.exc, 1200))
        self.assertFalse(self.exc._dist_guard_error("resolve", self._guards(self.exc, 1200)))

    def test_set_based_check_names_the_record_above(self):
        """Ten exceptions within the limit and one above: the message names the one above;
        the statuses of the eleven take the same queries as those of one."""
        partners = self.env["res.partner"].create([{"name": f"Customer {i}"} for i in range(11)])
        within = self.env["dist.exception"].browse([self._create_exception(partner).id for partner in partners[:10]])
        above = self._create_exception(partners[10])
        everything = within | above
        guards = {
            exc.id: [DistGuard("exception_cost", 300 if exc in within else 2000, "A cost impact")] for exc in everything
        }
        with self.assertRaisesRegex(UserError, f"on {above.display_name} .*request approval"):
            everything._dist_check_guards("resolve", guards)
        within._dist_check_guards("resolve", {exc.id: guards[exc.id] for exc in within})
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=8):
            self.assertEqual(len(above._dist_guard_statuses("resolve", {above.id: guards[above.id]})), 1)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=8):
            self.assertEqual(len(everything._dist_guard_statuses("resolve", guards)), 11)

    def test_missing_rule_of_a_switched_on_control_blocks(self):
        """A guard whose threshold does not exist stops the action with a configuration
        message: it never lets the action through."""
        other = self.env["res.company"].create({"name": "Distributor without thresholds"})
        exc = self._create_exception(self.env["res.partner"].create({"name": "Branch customer"}), company_id=other.id)
        self.assertEqual(exc.company_id, other)
        with self.assertRaisesRegex(UserError, "No approval threshold “exception_cost” exists for Distributor without"):
            exc._dist_check_guards("resolve", self._guards(exc, 1200))

    def test_no_guard_no_block(self):
        """A control off declares no guard: the action passes, as in standard Odoo."""
        self.assertFalse(self.exc._dist_guard_error("resolve", {}))
        self.assertTrue(self.exc._dist_guard_error("resolve"))
        self.company.dist_exception_cost_control = False
        self.assertFalse(self.exc._dist_guard_error("resolve"))
