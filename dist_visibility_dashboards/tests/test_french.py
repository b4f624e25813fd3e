# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user, tagged

from .common import DistKpiCase

MANAGEMENT = "dist_exception_core.dist_exception_core_group_management"


@tagged("post_install", "-at_install")
class TestFrench(DistKpiCase):
    """The suite's French translation as a distributor's users see it: a customer email
    rendered in the customer's language, and a workspace loaded by the web client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        suite = cls.env["ir.module.module"].search([("name", "=like", "dist\\_%"), ("state", "=", "installed")])
        cls.env["ir.module.module"]._load_module_terms(suite.mapped("name"), ["fr_FR"], overwrite=True)
        cls.director = new_test_user(
            cls.env, login="dist_french_director", groups=f"base.group_user,{MANAGEMENT}", lang="fr_FR"
        )

    def test_ticket_acknowledgement_in_french(self):
        """The service module's acknowledgement goes out in the customer's language."""
        template = self.env.ref("dist_service_sla.mail_template_ticket_acknowledgement", raise_if_not_found=False)
        if not template:
            self.skipTest("dist_service_sla is not installed: its acknowledgement template is not there")
        self.customer.lang = "fr_FR"
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Commande en retard", "description": "Rien reçu.", "partner_id": self.customer.id}
        )
        subject = template._render_field("subject", ticket.ids, compute_lang=True)[ticket.id]
        body = template._render_field("body_html", ticket.ids, compute_lang=True)[ticket.id]
        self.assertIn("Nous avons bien reçu votre demande", subject)
        self.assertIn("Bonjour", body)
        self.assertIn("Répondez à cet e-mail pour compléter votre demande.", body)
        self.assertNotIn("We received your request", body)

    def test_workspace_in_french(self):
        """The management workspace, called as the web client does (dist.workspace's
        get_workspace with the user's language in the context), and the OWL screen's own
        strings, served by the web client's translations for the dashboards module."""
        workspace = self.env["dist.workspace"].with_user(self.director).with_context(lang=self.director.lang)
        data = workspace.get_workspace("management")
        self.assertEqual(data["title"], "Espace de travail Direction")
        self.assertIn("Dépassements ouverts", [tile["label"] for tile in data["tiles"]])
        self.assertIn("Taux de service", [kpi["name"] for kpi in data["kpis"]])
        translations, _lang_params = self.env["ir.http"].get_translations_for_webclient(
            ["dist_visibility_dashboards"], "fr_FR"
        )
        messages = {m["id"]: m["string"] for m in translations["dist_visibility_dashboards"]["messages"]}
        self.assertEqual(messages["See all"], "Tout voir")
        self.assertEqual(messages["Nothing needs action."], "Rien ne nécessite d'action.")
