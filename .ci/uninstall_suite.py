"""Uninstall the suite's modules one by one, most dependent first, on a copy of the CI
database: each uninstall must go through and leave no table or view of its models.

    python3 .ci/uninstall_suite.py CONFIG DATABASE MODULE...
"""

import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def main():
    config, database, *modules = sys.argv[1:]
    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    failures = []
    while modules:
        registry = Registry(database)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            installed = env["ir.module.module"].search([("name", "in", modules), ("state", "=", "installed")])
            # Uninstall first the module no other remaining suite module depends on.
            leaf = installed.filtered(
                lambda m, inst=installed: not (inst - m).dependencies_id.filtered(lambda d: d.name == m.name)
            )[:1]
            if not leaf:
                failures.append(f"cannot order the uninstall of {modules}")
                break
            name = leaf.name
            tables = [
                model._table
                for model_name, model in env.registry.models.items()
                if model._original_module == name and model_name.startswith("dist.") and not model._abstract
            ]
            print(f"uninstalling {name}")
            try:
                leaf.button_immediate_uninstall()
            except Exception as error:
                failures.append(f"uninstalling {name} failed: {error}")
                break
        with Registry(database).cursor() as cr:
            for table in tables:
                cr.execute("SELECT to_regclass(%s)", [table])
                if cr.fetchone()[0]:
                    failures.append(f"{name} left {table} behind")
        modules.remove(name)
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
