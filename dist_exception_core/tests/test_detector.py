# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

from freezegun import freeze_time

from odoo.addons.dist_exception_core.models.dist_sla_mixin import DEADLINE_ROLES
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.convert import ParseError, convert_xml_import

from .common import DistDetectorCase


@tagged("post_install", "-at_install")
class TestDetector(DistDetectorCase):
    """The core ships one real detector, 'Approval overdue', which the other modules'
    detectors follow: a method _dist_detect_<key> on the source model, chosen on the type."""

    def test_detectors_are_declared(self):
        """The detector is picked from the installed ones, labelled by their docstring; a
        misspelled detector fails at save (as in a data file at install); a detector
        set on a type of another source model is refused; and a type's code is fixed
        once created, so editing it cannot switch its detector off."""
        labels = dict(self.env["dist.exception.type"]._fields["detector"]._description_selection(self.env))
        self.assertEqual(self.overdue_type.detector, "approval_overdue")
        self.assertIn("approval_overdue", labels)
        self.assertTrue(self.overdue_type.detector_available)
        with self.assertRaisesRegex(ValidationError, "no installed module provides"), self.env.cr.savepoint():
            self.env["dist.exception.type"].create(
                {"name": "Typo", "code": "typo", "layer": "governance", "detector": "aproval_overdue"}
            )
        # The same typo in a module's data file stops its installation.
        data = b"""<odoo><record id="type_typo" model="dist.exception.type">
            <field name="name">Typo</field><field name="code">typo</field><field name="layer">governance</field>
            <field name="res_model_id" ref="dist_exception_core.model_dist_approval_request" />
            <field name="detector">aproval_overdue</field></record></odoo>"""
        with self.assertRaisesRegex(ParseError, "no installed module provides"), self.env.cr.savepoint():
            xml_file = io.BytesIO(data)
            xml_file.name = "dist_exception_type_typo.xml"
            convert_xml_import(self.env, "dist_exception_core", xml_file)
        with self.assertRaisesRegex(ValidationError, "set that source model"), self.env.cr.savepoint():
            self.env["dist.exception.type"].create(
                {
                    "name": "Wrong model",
                    "code": "wrong_model",
                    "layer": "governance",
                    "detector": "approval_overdue",
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                }
            )
        with self.assertRaisesRegex(UserError, "fixed once it is created"), self.env.cr.savepoint():
            self.overdue_type.code = "approval_late"
        self.overdue_type.invalidate_recordset()
        self.assertEqual(self.overdue_type.code, "approval_overdue")
        self.overdue_type.code = "approval_overdue"

    def test_detects_creates_once_and_resolves_when_cleared(self):
        """Only requests pending longer than the company's limit raise an exception,
        with its severity from the rules; a second run creates no duplicate; once the
        request is decided the exception resolves itself with the 'Condition cleared' cause."""
        with freeze_time("2026-11-23 08:00:00"):
            old_small = self._request(self.customer, 200)
            old_large = self._request(self.other_customer, 9000)
        with freeze_time("2026-11-23 15:00:00"):
            recent = self._request(self.env["res.partner"].create({"name": "New"}), 300)
        with freeze_time("2026-11-23 17:00:00"):
            self.overdue_type._dist_run_detector()
            self.overdue_type._dist_run_detector()
        excs = self._overdue_exceptions(old_small | old_large | recent)
        self.assertEqual(sorted(excs.mapped("res_id")), sorted((old_small | old_large).ids))
        by_request = {exc.res_id: exc for exc in excs}
        self.assertEqual(by_request[old_large.id].severity, "3")
        self.assertEqual(by_request[old_small.id].severity, self.overdue_type.default_severity)
        self.assertIn(old_small.name, by_request[old_small.id].description)

        old_small.with_user(self.leader).action_approve()
        with freeze_time("2026-11-23 17:30:00"):
            self.env["dist.exception.type"]._cron_run_detectors()
        resolved = by_request[old_small.id]
        self.assertEqual(resolved.state, "resolved")
        self.assertEqual(resolved.root_cause_id, self.env.ref("dist_exception_core.dist_root_cause_condition_cleared"))
        self.assertEqual(by_request[old_large.id].state, "new")

    def test_flag_for_review_instead_of_resolving(self):
        """With 'Flag for review', a cleared exception stays open with a flag, which
        clears again if the problem comes back."""
        self.overdue_type.on_clear = "review"
        with freeze_time("2026-11-23 08:00:00"):
            request = self._request(self.customer, 200)
        with freeze_time("2026-11-23 17:00:00"):
            self.overdue_type._dist_run_detector()
        exc = self._overdue_exceptions(request)
        self.company.dist_approval_overdue_hours = 100
        with freeze_time("2026-11-23 17:30:00"):
            self.overdue_type._dist_run_detector()
        self.assertEqual((exc.state, exc.condition_cleared), ("new", True))
        self.company.dist_approval_overdue_hours = 8
        with freeze_time("2026-11-23 18:00:00"):
            self.overdue_type._dist_run_detector()
        self.assertFalse(exc.condition_cleared)

    def test_manual_severity_survives_detector(self):
        """A severity set by a person is not overwritten by the rules on the next pass."""
        with freeze_time("2026-11-23 08:00:00"):
            request = self._request(self.customer, 200)
        with freeze_time("2026-11-23 17:00:00"):
            self.overdue_type._dist_run_detector()
            exc = self._overdue_exceptions(request)
            exc.severity = "0"
            self.overdue_type._dist_run_detector()
        self.assertEqual(exc.severity, "0")

    def test_queries_do_not_grow_with_records(self):
        """Raising 40 exceptions costs no more queries than raising 4: the detector
        and the sync work on record sets."""
        partners = self.env["res.partner"].create([{"name": f"Customer {i}"} for i in range(44)])
        with freeze_time("2026-11-23 08:00:00"):
            small = self.env["dist.approval.request"]
            for partner in partners[:4]:
                small |= self._request(partner, 200)
        with freeze_time("2026-11-23 17:00:00"):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.overdue_type._dist_run_detector()
            self.env.flush_all()
            few = self.env.cr.sql_log_count - before
        with freeze_time("2026-11-24 08:00:00"):
            for partner in partners[4:]:
                self._request(partner, 200)
        with freeze_time("2026-11-24 17:00:00"):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            created, _cleared = self.overdue_type._dist_run_detector()
            self.env.flush_all()
            many = self.env.cr.sql_log_count - before
        self.assertEqual(len(created), 40)
        self.assertLessEqual(many, few + 2, f"{few} queries for 4 exceptions, {many} for 40")

    def test_raised_exceptions_are_complete_and_followed(self):
        """A pass inserts its exceptions complete: their type's fields, ladder and deadlines
        are those the computes give (recomputed here to compare), the owner follows each
        one once with the default subtypes, and an earlier follower keeps their own."""
        with freeze_time("2026-11-23 08:00:00"):
            requests = self._request(self.customer, 200) | self._request(self.other_customer, 9000)
        owner = self.overdue_type._dist_assignment(self.company)[1]
        self.assertTrue(owner, "the type gives its exceptions an owner")
        with freeze_time("2026-11-23 17:00:00"):
            created, _cleared = self.overdue_type._dist_run_detector()
        self.assertEqual(sorted(created.mapped("res_id")), sorted(requests.ids))
        names = ["layer", "kpi", "blocking", "ladder_id", *DEADLINE_ROLES]
        stored = created.read(names, load=None)
        self.assertTrue(all(row["response_deadline"] and row["ladder_id"] for row in stored))
        with freeze_time("2026-11-23 17:00:00"):
            for name in names:
                self.env.add_to_compute(created._fields[name], created)
            created.flush_recordset()
        self.assertEqual(created.read(names, load=None), stored)
        default_subtypes = self.env["mail.message.subtype"]._default_subtypes("dist.exception")[0]
        for exc in created:
            followers = exc.message_follower_ids.filtered(lambda f: f.partner_id == owner.partner_id)
            self.assertEqual(len(followers), 1)
            self.assertEqual(sorted(followers.subtype_ids.ids), sorted(default_subtypes))
        self.assertEqual(
            len(
                self.env["mail.activity"].search([("res_id", "in", created.ids), ("res_model", "=", "dist.exception")])
            ),
            2,
        )

        # An owner who already follows a record with chosen subtypes keeps them.
        exc = created[0]
        comment = self.env.ref("mail.mt_comment")
        exc.message_follower_ids.filtered(lambda f: f.partner_id == owner.partner_id).subtype_ids = comment
        exc._dist_subscribe_todo_owners([{"res_id": exc.id, "user_id": owner.id}])
        followers = exc.message_follower_ids.filtered(lambda f: f.partner_id == owner.partner_id)
        self.assertEqual((len(followers), followers.subtype_ids), (1, comment))

    def test_given_computed_values_are_recomputed(self):
        """What a caller gives for the computed fields never stands: the batch values
        create() works out replace it, or the computes do where it works out none."""
        other_layer = "supply" if self.overdue_type.layer != "supply" else "demand"
        creator = self.env["dist.exception"].sudo()
        completed, left_to_computes = creator.create(
            [
                {
                    "type_id": self.overdue_type.id,
                    "company_id": self.company.id,
                    "detected_date": "2026-11-23 08:00:00",
                    "layer": other_layer,
                    "ladder_id": False,
                },
                {
                    "type_id": self.overdue_type.id,
                    "company_id": self.company.id,
                    "detected_date": "2026-11-23 08:00:00",
                    "layer": other_layer,
                    "response_deadline": "2030-01-01 00:00:00",
                },
            ]
        )
        ladder = self.overdue_type._dist_ladder(self.company)
        self.assertTrue(ladder)
        for exc in completed | left_to_computes:
            exc.invalidate_recordset()
            self.assertEqual((exc.layer, exc.ladder_id), (self.overdue_type.layer, ladder))
            self.assertEqual(exc.response_deadline, completed.response_deadline)
        self.assertGreater(completed.response_deadline, completed.detected_date)
