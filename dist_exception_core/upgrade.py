# Copyright 2026 dist contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers for the suite's migration scripts: rows that earlier versions created without an
XML id (lists of SLAs, bands and severity rules inside a record, thresholds shipped as demo)
take the XML ids the data files now give them, so an upgrade updates them instead of
creating them a second time."""

import re


def _xmlid_res_id(cr, module, name):
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", (module, name))
    row = cr.fetchone()
    return row and row[0]


def adopt(cr, module, name, model, res_id):
    """Name ``res_id`` ``module.name`` (not updated by upgrades) unless that XML id exists."""
    if res_id and not _xmlid_res_id(cr, module, name):
        cr.execute(
            "INSERT INTO ir_model_data (module, name, model, res_id, noupdate) VALUES (%s, %s, %s, %s, TRUE)",
            (module, name, model, res_id),
        )


def adopt_type_children(cr, module, type_name):
    """The SLA rows of the exception type ``module.type_name``, one per severity."""
    type_id = _xmlid_res_id(cr, module, type_name)
    cr.execute("SELECT id, severity FROM dist_exception_sla WHERE type_id = %s", (type_id,))
    for sla_id, severity in cr.fetchall():
        adopt(cr, module, f"{type_name}_sla_{severity}", "dist.exception.sla", sla_id)


def adopt_severity_rules(cr, module, type_name, *rule_names):
    """The severity rules of the exception type ``module.type_name`` named ``rule_names``:
    their XML ids are the type's followed by ``_rule_`` and the name in lower case."""
    type_id = _xmlid_res_id(cr, module, type_name)
    for rule_name in rule_names:
        cr.execute(
            "SELECT id FROM dist_exception_severity_rule WHERE type_id = %s AND name->>'en_US' = %s LIMIT 1",
            (type_id, rule_name),
        )
        row = cr.fetchone()
        xml_name = f"{type_name}_rule_{re.sub('[^a-z0-9]+', '_', rule_name.lower()).strip('_')}"
        adopt(cr, module, xml_name, "dist.exception.severity.rule", row and row[0])


def adopt_threshold(cr, module, name, code):
    """The main company's ``code`` threshold (the former demo record, or one made by hand)
    and its bands, numbered from the lowest."""
    cr.execute(
        "UPDATE ir_model_data SET name = %s, noupdate = TRUE WHERE module = %s AND name = %s",
        (name, module, f"{name}_demo"),
    )
    cr.execute(
        """
        SELECT rule.id FROM dist_approval_rule rule
          JOIN ir_model_data company ON company.module = 'base' AND company.name = 'main_company'
                                    AND company.res_id = rule.company_id
         WHERE rule.code = %s
        """,
        (code,),
    )
    row = cr.fetchone()
    adopt(cr, module, name, "dist.approval.rule", row and row[0])
    rule_id = _xmlid_res_id(cr, module, name)
    cr.execute("SELECT id FROM dist_approval_band WHERE rule_id = %s ORDER BY min_value", (rule_id,))
    for number, (band_id,) in enumerate(cr.fetchall(), 1):
        adopt(cr, module, f"{name}_band_{number}", "dist.approval.band", band_id)


def set_detectors(env, module):
    """Give the exception types ``module`` ships the detector of their code, as its data
    file now declares it (the types are not updated by upgrades)."""
    detectors = env["dist.exception.type"]._dist_detectors()
    env.cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND model = 'dist.exception.type'", (module,))
    types = env["dist.exception.type"].with_context(active_test=False).browse([row[0] for row in env.cr.fetchall()])
    for exc_type in types.exists().filtered(lambda t: not t.detector and t.code in detectors):
        if detectors[exc_type.code][0] == exc_type.res_model:
            exc_type.detector = exc_type.code


def install_bridges(env, module, moved):
    """Install the bridge modules that took over part of ``module``.

    ``moved`` is {bridge: (the module it needs, LIKE patterns of the XML ids it takes
    over)}. Odoo installs a new auto-install module only when one of its dependencies is
    being installed, not upgraded: each bridge whose other module is installed is installed
    here and handed the XML ids of what moved, so that its records and columns are kept
    and updated instead of deleted and created again. Without its module, what moved is
    obsolete and the upgrade deletes it."""
    modules = env["ir.module.module"]
    for bridge, (needed, patterns) in moved.items():
        if not modules.search_count([("name", "=", needed), ("state", "in", ("installed", "to upgrade"))]):
            continue
        if patterns:
            env.cr.execute(
                "UPDATE ir_model_data SET module = %s WHERE module = %s AND name LIKE ANY(%s)",
                [bridge, module, patterns],
            )
        modules.search([("name", "=", bridge), ("state", "=", "uninstalled")]).button_install()
